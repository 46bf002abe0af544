import { formatCents } from '../../../domain/money';
import { OPERATOR_CARD_ACTIONS, type OperatorCardAction } from '../../../domain/cards';
import { CARD_REQUEST_KINDS, type CardRequestKind, type ReplacementReason } from '../../../domain/requests';
import type { CardStatus, PlasticStatus, RequestStatus } from '../../../domain/statuses';
import type { MessageKey } from '../../core/i18n/es';

export const cardStatusKey = (status: CardStatus): MessageKey => `cardStatus.${status}`;
export const plasticStatusKey = (status: PlasticStatus): MessageKey => `plasticStatus.${status}`;
export const requestKindKey = (kind: CardRequestKind): MessageKey => `requestKind.${kind}`;

/** A card history entry: a card action, or another feature's own action name (shown as is). */
export function historyActionKey(action: string): MessageKey | null {
  if ((OPERATOR_CARD_ACTIONS as readonly string[]).includes(action)) return `requestKind.${action as OperatorCardAction}`;
  if (action === 'card.reassign') return 'cards.historyReassign';
  return (CARD_REQUEST_KINDS as readonly string[]).includes(action) ? requestKindKey(action as CardRequestKind) : null;
}
export const requestStatusKey = (status: RequestStatus): MessageKey => `requestStatus.${status}`;
export const replacementReasonKey = (reason: ReplacementReason): MessageKey => `replacementReason.${reason}`;

const WHEN = new Intl.DateTimeFormat('es-VE', { dateStyle: 'short', timeStyle: 'short' });

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : WHEN.format(date);
}

/** Integer cents → "1.234,56" (the shared formatter; money stays in cents everywhere else). */
export function money(cents: number | null | undefined): string {
  return cents === null || cents === undefined || !Number.isSafeInteger(cents) ? '' : formatCents(cents);
}

/** "hace 5 min" style age parts: the caller picks the message key. */
export function ageParts(ms: number): { key: MessageKey; n: number } {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return { key: 'age.now', n: 0 };
  if (minutes < 60) return { key: 'age.minutes', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { key: 'age.hours', n: hours };
  return { key: 'age.days', n: Math.floor(hours / 24) };
}
