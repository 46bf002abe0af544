import type { Permission } from '../../domain/permissions';
import type { LocalRequest } from '../offline/db/doc-types';
import { availableActions, blockNotInForce } from './card-actions';

const MANAGE: Permission[] = ['cards.view', 'cards.manage'];
const VIEW: Permission[] = ['cards.view'];

function request(kind: LocalRequest['kind'], status: LocalRequest['status'] = 'PENDING', cardId = 'c1'): LocalRequest {
  return {
    _id: `req:${kind}`, type: 'request', kind, payload: {}, userId: 'u', companyId: 'demo', deviceId: 'd',
    createdAt: new Date().toISOString(), cardId, seenCardRev: null, status,
  };
}

describe('card actions by status and permission', () => {
  const active = { cardId: 'c1', status: 'ACTIVE', plasticStatus: 'DELIVERED' } as const;

  it('offers nothing without cards.manage', () => {
    expect(availableActions(active, VIEW)).toEqual([]);
    expect(availableActions(active, [])).toEqual([]);
  });

  it('an active card with its plastic delivered: block, replacement, PIN, holder data, cancel', () => {
    expect(availableActions(active, MANAGE)).toEqual(['card.block', 'card.replacement', 'card.pin', 'card.holder-update', 'card.cancel']);
  });

  it('a blocked card: unblock instead of block, no PIN', () => {
    expect(availableActions({ ...active, status: 'BLOCKED' }, MANAGE)).toEqual(['card.unblock', 'card.replacement', 'card.holder-update', 'card.cancel']);
  });

  it('a cancelled card: nothing', () => {
    expect(availableActions({ ...active, status: 'CANCELLED' }, MANAGE)).toEqual([]);
  });

  it('follows the plastic journey: sent → received → delivered', () => {
    expect(availableActions({ ...active, plasticStatus: 'AT_BANK' }, MANAGE)).toContain('card.plastic-received');
    expect(availableActions({ ...active, plasticStatus: 'AT_BANK' }, MANAGE)).not.toContain('card.plastic-delivered');
    expect(availableActions({ ...active, plasticStatus: 'SENT_TO_COMPANY' }, MANAGE)).toContain('card.plastic-received');
    expect(availableActions({ ...active, plasticStatus: 'SENT_TO_COMPANY' }, MANAGE)).not.toContain('card.plastic-delivered');
    expect(availableActions({ ...active, plasticStatus: 'RECEIVED_AT_COMPANY' }, MANAGE)).toContain('card.plastic-delivered');
    // received queued offline: the delivery can follow at once
    const afterReceived = availableActions({ ...active, plasticStatus: 'SENT_TO_COMPANY' }, MANAGE, [request('card.plastic-received')]);
    expect(afterReceived).toContain('card.plastic-delivered');
    expect(afterReceived).not.toContain('card.plastic-received');
    expect(availableActions({ ...active, plasticStatus: 'RECEIVED_AT_COMPANY' }, MANAGE, [request('card.plastic-delivered')])).not.toContain('card.plastic-delivered');
  });

  it('pending requests count: no second block, unblock offered only once the block is applied', () => {
    const actions = availableActions(active, MANAGE, [request('card.block')]);
    expect(actions).not.toContain('card.block');
    expect(actions).not.toContain('card.pin');
    expect(availableActions(active, MANAGE, [request('card.block', 'APPLIED')])).toContain('card.block');
    expect(availableActions(active, MANAGE, [request('card.block', 'PENDING', 'other')])).toContain('card.block');
    expect(availableActions(active, MANAGE, [request('card.cancel')])).toEqual([]);
  });

  it('a pending block on an active card is shown as not yet in force; applied or rejected ones are not', () => {
    expect(blockNotInForce(active, [request('card.block')])?._id).toBe('req:card.block');
    expect(blockNotInForce(active, [request('card.block', 'APPLIED')])).toBeNull();
    expect(blockNotInForce(active, [request('card.block', 'REJECTED')])).toBeNull();
    expect(blockNotInForce({ ...active, status: 'BLOCKED' }, [request('card.block')])).toBeNull();
    expect(blockNotInForce(active, [request('card.unblock')])).toBeNull();
  });
});
