import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatLotAmount } from '../../src/domain/money';
import * as accounts from '../accounts/accounts.store';
import type { ServerContext } from '../context';
import { confirmRequestedLot, newLotId, uploadLot } from '../lots/lots.service';
import { companyDb } from '../store/databases';
import { updateDoc, type Stored } from '../store/documents';
import type { StoredCardDoc, CardPinRequest } from './cards.model';

/**
 * A PIN request is carried out by a replacement: PRODUCT.md "PIN request (creates a replacement lot
 * to authorize)". Each applied PIN request gets a one-record REP lot, created through the lots
 * service's own upload path (the same validation as any lot), uploaded in the name of the user who
 * asked for the PIN, and confirmed by the request itself (lots.service confirmRequestedLot): it does
 * not wait in the tray — the requester may hold no `lots.upload` — but goes to PENDING_AUTHORIZATION,
 * where the company's policy applies as to any lot: its signatures (lots.sign) and an authorization
 * (lots.authorize), with passwords, by people other than the requester. Then a service order, as any
 * REP lot. A lot that failed validation (the holder no longer has a live card, say) stays INVALID in
 * the requester's tray, with its errors.
 *
 * Exactly once: the upload carries the idempotency key `pin:<clientRequestId>`, so a retry after a
 * crash finds the same lot. While the lot is not yet recorded on the card, the card carries
 * `pinLotPending: true`; a crash there leaves the request's queue pointer unfinished, and the requests
 * worker that takes it over finds the effect on the card and calls `finishCardEffect`, which creates it.
 *
 * REP's reason field has no "PIN" value (LOT-FILES.md: P, R, D, N): a PIN request goes as `N`
 * (no recibida — the holder does not have a usable PIN), with the card's own branch.
 */
export const PIN_LOT_REASON = 'N';

const yyyymmdd = (iso: string) => iso.slice(0, 10).replace(/-/g, '');

export async function ensurePinLot(ctx: ServerContext, companyId: string, card: Stored<StoredCardDoc>, pin: CardPinRequest): Promise<string | null> {
  if (pin.lotId) return pin.lotId;
  const user = await accounts.getUser(ctx, pin.requestedBy);
  const company = await accounts.getCompany(ctx, companyId);
  if (!user || !company) return null;
  const content =
    `H;${company.taxId};${card.productCode};REP;${yyyymmdd(pin.requestedAt)};1;${formatLotAmount(0)}\r\n` +
    `D;${card.holder.idType};${card.holder.idNumber};${PIN_LOT_REASON};${card.branchCode}\r\n`;
  const lotId = newLotId(ctx.now());
  const dir = path.join(ctx.config.uploadsDir, companyId);
  await fs.promises.mkdir(dir, { recursive: true });
  const partPath = path.join(dir, `${lotId}.txt.part`);
  await fs.promises.writeFile(partPath, content, 'utf8');
  const answer = await uploadLot(
    ctx,
    { user, companyId },
    {
      lotType: 'REP',
      productCode: card.productCode,
      idempotencyKey: `pin:${pin.effectId.replace(/^req:/, '')}`,
      upload: {
        fields: {},
        fileName: `PIN-${card.cardId}.txt`,
        bytes: Buffer.byteLength(content),
        sha256: createHash('sha256').update(content).digest('hex'),
        nonBlankLines: 2,
        partPath,
      },
    },
    { origin: 'offline-request', ip: null },
  );
  const createdLotId = answer.body.id;
  // before the card records it: a crash in between uploads (replayed by the key) and confirms (a no-op) again
  await confirmRequestedLot(ctx, companyId, createdLotId, { by: user.userId, requestId: pin.effectId });
  await updateDoc(ctx.store.use<StoredCardDoc>(companyDb(companyId, 'cards')), card._id, (cur) => {
    const pins = (cur.pinRequests ?? []).map((p) => (p.effectId === pin.effectId && !p.lotId ? { ...p, lotId: createdLotId } : p));
    const pending = pins.some((p) => p.status === 'REQUESTED' && !p.lotId);
    if (pins.every((p, i) => p === cur.pinRequests?.[i]) && !!cur.pinLotPending === pending) return null;
    const next: Stored<StoredCardDoc> = { ...cur, pinRequests: pins };
    if (pending) next.pinLotPending = true;
    else delete next.pinLotPending;
    return next;
  });
  return createdLotId;
}

/** Every PIN request of the card still without its lot. Errors are logged: the card keeps `pinLotPending`. */
export async function ensurePinLots(ctx: ServerContext, companyId: string, card: Stored<StoredCardDoc>): Promise<void> {
  for (const pin of card.pinRequests ?? []) {
    if (pin.status !== 'REQUESTED' || pin.lotId) continue;
    try {
      await ensurePinLot(ctx, companyId, card, pin);
    } catch (err) {
      ctx.log.error({ err: String(err), companyId, cardId: card.cardId }, 'PIN request: REP lot not created yet; retried when the request is resumed or sent again');
    }
  }
}
