import { z } from 'zod';

/**
 * The body of a card reassignment (server/cards/card-reassign.routes.ts), shared with the app's form.
 * The holder fields follow the EMI layout's rules (LOT-FILES.md): V/E 5–10 digits, P 5–15 letters or
 * digits; names 1–30 letters, spaces, ' and -.
 */
const personName = z
  .string()
  .trim()
  .min(1, 'Indique nombres y apellidos.')
  .max(30, 'Como máximo 30 caracteres.')
  .regex(/^[\p{L}\p{M} '\u2019-]+$/u, 'Solo letras, espacios, apóstrofo y guion.');

export const ReassignHolderSchema = z
  .strictObject({
    idType: z.enum(['V', 'E', 'P'], 'Tipo de documento inválido (V, E o P).'),
    idNumber: z.string().trim().toUpperCase(),
    firstName: personName,
    lastName: personName,
    email: z.email('Correo electrónico inválido.').max(60).optional(),
    phone: z.string().regex(/^\+?[0-9]{7,15}$/, 'Teléfono inválido: 7 a 15 dígitos, con + opcional.').optional(),
  })
  .refine((h) => (h.idType === 'P' ? /^[0-9A-Z]{5,15}$/ : /^[0-9]{5,10}$/).test(h.idNumber), {
    path: ['idNumber'],
    message: 'Número de documento inválido: 5 a 10 dígitos (V, E) o 5 a 15 letras y dígitos (P).',
  });
export type ReassignHolder = z.output<typeof ReassignHolderSchema>;

export const CardReassignBodySchema = z.strictObject({
  cardId: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, 'Tarjeta inválida.'),
  holder: ReassignHolderSchema,
  password: z.string().min(1, 'Indique su contraseña.').max(200),
});
export type CardReassignBody = z.output<typeof CardReassignBodySchema>;

export interface CardReassignAnswer {
  cardId: string;
  maskedPan: string;
  status: string;
  balanceCents: number;
  previousHolder: { idType: string; idNumber: string; name: string };
  holder: { idType: string; idNumber: string; name: string };
  reassignedAt: string;
  /** true when this answer replays an earlier request with the same Idempotency-Key */
  replayed: boolean;
}
