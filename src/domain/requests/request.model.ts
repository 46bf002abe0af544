/**
 * Offline requests (PRODUCT.md "Offline-first", chapter 5 card actions; DESIGN.md principle 5).
 *
 * A device never writes a server-owned document: it creates one `req:<clientRequestId>` document in
 * its company's `co_<companyId>_requests` database (RxDB push), the server re-checks permission and the
 * card's state, applies it and writes the outcome on the same document, which replicates back.
 *
 * One definition compiled by the Angular app and by the server: the device validates with the same
 * zod schema before it inserts, so a well-behaved device never sends a document the server refuses.
 */
import { z } from 'zod';
import type { RequestStatus } from '../statuses';

export { REQUEST_STATUSES, type RequestStatus } from '../statuses';

/** Card actions a device may queue offline. */
export const CARD_REQUEST_KINDS = [
  'card.block',
  'card.unblock',
  'card.cancel',
  'card.holder-update',
  'card.replacement',
  'card.plastic-received',
  'card.plastic-delivered',
  'card.pin',
] as const;
export type CardRequestKind = (typeof CARD_REQUEST_KINDS)[number];

/** Spanish labels for lists of pending requests. */
export const CARD_REQUEST_KIND_LABELS: Record<CardRequestKind, string> = {
  'card.block': 'Bloqueo temporal',
  'card.unblock': 'Desbloqueo',
  'card.cancel': 'Cancelación',
  'card.holder-update': 'Actualización de datos del tarjetahabiente',
  'card.replacement': 'Solicitud de reposición',
  'card.plastic-received': 'Plástico recibido en la empresa',
  'card.plastic-delivered': 'Plástico entregado al tarjetahabiente',
  'card.pin': 'Solicitud de PIN',
};

/** Replacement reasons: P pérdida, R robo, D deterioro, N no recibida. */
export const REPLACEMENT_REASONS = ['P', 'R', 'D', 'N'] as const;
export type ReplacementReason = (typeof REPLACEMENT_REASONS)[number];
export const REPLACEMENT_REASON_LABELS: Record<ReplacementReason, string> = {
  P: 'Pérdida',
  R: 'Robo',
  D: 'Deterioro',
  N: 'No recibida',
};

/** A signature captured on screen: a PNG/JPEG/WebP data URL of at most this many characters. */
export const MAX_SIGNATURE_DATA_URL_LENGTH = 100_000;
export const SIGNATURE_DATA_URL_PATTERN = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

export const REQUEST_ID_PREFIX = 'req:';
export const requestDocId = (clientRequestId: string) => `${REQUEST_ID_PREFIX}${clientRequestId}`;

/** Why the server refused to apply a request. The message is what the device shows. */
export const REQUEST_REJECTION_REASONS = {
  NO_PERMISSION: 'Ya no tiene permiso para gestionar tarjetas de esta empresa.',
  USER_INACTIVE: 'Su usuario está bloqueado o ya no pertenece a esta empresa.',
  CARD_NOT_FOUND: 'La tarjeta no existe en esta empresa.',
  CARD_CANCELLED: 'La tarjeta está cancelada: no admite esta acción.',
  ALREADY_BLOCKED: 'La tarjeta ya estaba bloqueada.',
  NOT_BLOCKED: 'La tarjeta no está bloqueada: no hay nada que desbloquear.',
  ALREADY_CANCELLED: 'La tarjeta ya estaba cancelada.',
  NOTHING_TO_UPDATE: 'Los datos del tarjetahabiente ya tenían esos valores.',
  REPLACEMENT_IN_PROGRESS: 'Ya hay una reposición en curso para esta tarjeta.',
  BRANCH_NOT_FOUND: 'La sucursal de entrega indicada no existe.',
  PLASTIC_ALREADY_RECEIVED: 'El plástico ya había sido recibido en la empresa.',
  PLASTIC_NOT_RECEIVED: 'El plástico aún no ha sido recibido en la empresa: no se puede entregar.',
  PLASTIC_ALREADY_DELIVERED: 'El plástico ya había sido entregado al tarjetahabiente.',
  PIN_ALREADY_REQUESTED: 'Ya hay una solicitud de PIN pendiente para esta tarjeta.',
  CARD_BLOCKED: 'La tarjeta está bloqueada: desbloquéela o solicite una reposición.',
  PLASTIC_NOT_AT_BANK: 'El plástico ya no está en el banco: ya fue enviado a la empresa.',
  INVALID_REQUEST: 'La solicitud no es válida.',
} as const;
export type RequestRejectionCode = keyof typeof REQUEST_REJECTION_REASONS;

// ---------------------------------------------------------------- payloads

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDateTime = z.iso.datetime({ offset: true });

export const cardRequestPayloadSchemas = {
  'card.block': z.strictObject({ note: text(200).optional() }),
  'card.unblock': z.strictObject({ note: text(200).optional() }),
  'card.cancel': z.strictObject({ note: text(200).optional() }),
  'card.holder-update': z
    .strictObject({
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{7,20}$/)
        .optional(),
    })
    .refine((p) => p.email !== undefined || p.phone !== undefined, { message: 'email o phone' }),
  'card.replacement': z.strictObject({
    reason: z.enum(REPLACEMENT_REASONS),
    branchCode: z.string().regex(/^[0-9A-Za-z]{1,10}$/),
  }),
  'card.plastic-received': z.strictObject({ receivedAt: isoDateTime.optional() }),
  'card.plastic-delivered': z.strictObject({
    deliveredAt: isoDateTime,
    /** the person who received the plastic (normally the cardholder) */
    receivedBy: text(120),
    receivedByIdNumber: z.string().regex(/^[0-9A-Za-z]{1,15}$/).optional(),
    signatureDataUrl: z
      .string()
      .max(MAX_SIGNATURE_DATA_URL_LENGTH)
      .regex(SIGNATURE_DATA_URL_PATTERN)
      .optional(),
  }),
  'card.pin': z.strictObject({ note: text(200).optional() }),
} satisfies Record<CardRequestKind, z.ZodType>;

export type CardRequestPayload<K extends CardRequestKind> = z.infer<(typeof cardRequestPayloadSchemas)[K]>;

// ---------------------------------------------------------------- the document

export interface RequestOutcome {
  code: 'APPLIED' | RequestRejectionCode;
  /** Spanish, shown to the user */
  message: string;
}

/** Fields only the server writes; on push they must be absent or `status: 'PENDING'`. */
export const SERVER_OWNED_REQUEST_FIELDS = ['status', 'outcome', 'appliedAt', 'receivedAt'] as const;

interface CardRequestBase<K extends CardRequestKind> {
  _id: string;
  _rev?: string;
  type: 'request';
  kind: K;
  payload: CardRequestPayload<K>;
  userId: string;
  companyId: string;
  deviceId: string;
  /** device clock, when the user acted */
  createdAt: string;
  cardId: string;
  /** the card document's `_rev` the device showed when the user acted (recorded, not enforced) */
  seenCardRev: string | null;
  status: RequestStatus;
  outcome?: RequestOutcome | null;
  /** server clock, when the outcome was decided (APPLIED or REJECTED) */
  appliedAt?: string | null;
  /** server clock, when the push reached the server */
  receivedAt?: string | null;
}

export type CardRequestDoc = { [K in CardRequestKind]: CardRequestBase<K> }[CardRequestKind];

const uuid = z.uuid();
const baseShape = {
  _id: z.string().regex(/^req:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  type: z.literal('request'),
  userId: z.string().min(1).max(64),
  companyId: z.string().regex(/^[a-z][a-z0-9]{2,30}$/),
  deviceId: z.string().min(8).max(64).regex(/^[0-9A-Za-z-]+$/),
  createdAt: isoDateTime,
  cardId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  seenCardRev: z.string().max(64).nullable(),
  /** only PENDING may come from a device */
  status: z.literal('PENDING').optional(),
  outcome: z.null().optional(),
  appliedAt: z.null().optional(),
  receivedAt: z.null().optional(),
  /** RxDB sends `_deleted: false` on every push; a device never deletes a request */
  _deleted: z.literal(false).optional(),
};

/**
 * What a device may push (a new request, never an update: no `_rev`, no `_attachments`).
 * Strict: an unknown field is refused.
 */
export const pushedCardRequestSchema = z.discriminatedUnion(
  'kind',
  CARD_REQUEST_KINDS.map((kind) =>
    z.strictObject({ ...baseShape, kind: z.literal(kind), payload: cardRequestPayloadSchemas[kind] }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export type PushedCardRequest = Omit<CardRequestDoc, '_rev' | 'outcome' | 'appliedAt' | 'receivedAt' | 'status'> & {
  status?: 'PENDING';
};

/** The clientRequestId (a uuid) from a `req:` id, or null. */
export function clientRequestIdOf(docId: string): string | null {
  if (!docId.startsWith(REQUEST_ID_PREFIX)) return null;
  const rest = docId.slice(REQUEST_ID_PREFIX.length);
  return uuid.safeParse(rest).success ? rest : null;
}

/** Build a new request as the device stores it before the push. */
export function newCardRequest<K extends CardRequestKind>(input: {
  clientRequestId: string;
  kind: K;
  payload: CardRequestPayload<K>;
  userId: string;
  companyId: string;
  deviceId: string;
  cardId: string;
  seenCardRev: string | null;
  createdAt?: string;
}): CardRequestBase<K> {
  return {
    _id: requestDocId(input.clientRequestId),
    type: 'request',
    kind: input.kind,
    payload: input.payload,
    userId: input.userId,
    companyId: input.companyId,
    deviceId: input.deviceId,
    createdAt: input.createdAt ?? new Date().toISOString(),
    cardId: input.cardId,
    seenCardRev: input.seenCardRev,
    status: 'PENDING',
  };
}
