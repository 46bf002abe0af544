import { z } from 'zod';
import { PERMISSIONS } from '../../src/domain/permissions';
import { PRODUCT_KINDS } from '../../src/domain/session';
import { TAX_ID_PATTERN, USER_ID_PATTERN } from '../accounts/accounts.model';

/**
 * The request and answer shapes of the sign-in API. Routes parse with these (strict: unknown
 * fields are refused) and the OpenAPI document is generated from them.
 * Lengths are bounded so that no input, however long, reaches argon2 or the store unchecked.
 */
const secret = z.string().min(1).max(1024);
const opaqueToken = z.string().min(16).max(256).regex(/^[A-Za-z0-9_-]+$/);

export const LoginBody = z.strictObject({
  userId: z.string().min(1).max(254),
  password: secret,
  /** a random id the app keeps per installation (8–128 of A-Z a-z 0-9 _ -) */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'Identificador de dispositivo inválido.').optional(),
  deviceCode: z.string().regex(/^[0-9]{6}$/, 'El código tiene 6 dígitos.').optional(),
});

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(256) });
export const LogoutBody = RefreshBody;

/** An e-mail address as far as recovery needs it: something@domain.tld, no spaces. */
const EMAIL_SHAPE = /^[^\s@"'<>;]+@[^\s@"'<>;]+\.[^\s@"'<>;]+$/;
const USER_ID_OR_EMAIL = new RegExp(`^(?:${USER_ID_PATTERN.source.slice(1, -1)}|${EMAIL_SHAPE.source.slice(1, -1)})$`);

/**
 * Recovery. Only the form of each field is checked here (a 400 for a malformed value says nothing
 * about any account); whether they match an account never changes the answer (auth.service).
 */
export const RecoverBody = z.strictObject({
  /** user id or e-mail */
  login: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .regex(USER_ID_OR_EMAIL, 'Indique su usuario (de 3 a 30 letras, números, punto, guion o guion bajo) o su correo.'),
  taxId: z
    .string()
    .trim()
    .toUpperCase()
    .regex(TAX_ID_PATTERN, 'RIF inválido: una letra (V, E, J, P o G) y 9 dígitos, por ejemplo J000000001.'),
  email: z.string().trim().toLowerCase().max(254).regex(EMAIL_SHAPE, 'Correo no válido.'),
});

export const ResetBody = z.strictObject({ token: opaqueToken, newPassword: secret });

export const ChangePasswordBody = z.strictObject({ currentPassword: secret, newPassword: secret });

export const EmptyBody = z.strictObject({});

export const CompanyMembershipSchema = z.object({
  id: z.string(),
  taxId: z.string(),
  name: z.string(),
  products: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(PRODUCT_KINDS) })),
  permissions: z.array(z.enum(PERMISSIONS)),
});

export const SessionUserSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().optional(),
  role: z.enum(['operator', 'company']),
  companies: z.array(CompanyMembershipSchema),
});

export const LoginAnswerSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  mustChangePassword: z.boolean(),
  user: SessionUserSchema,
});

export const RefreshAnswerSchema = z.object({ accessToken: z.string(), refreshToken: z.string() });
export const MeAnswerSchema = z.object({ user: SessionUserSchema, mustChangePassword: z.boolean() });
export const MessageAnswerSchema = z.object({ message: z.string() });
