import type { LocalCard } from '../../offline/db/doc-types';
import { serverCard } from '../../offline/testing/fake-couch';
import { buildRosterIndex, searchRoster } from './roster-index';

const STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'BLOCKED', 'CANCELLED'] as const;
const PLASTICS = ['AT_BANK', 'SENT_TO_COMPANY', 'RECEIVED_AT_COMPANY', 'DELIVERED'] as const;
const BRANCHES = ['001', '002', '003', '004', '005', '006', '007'];

function generated(count: number): LocalCard[] {
  return Array.from({ length: count }, (_, i) =>
    serverCard(i, {
      status: STATUSES[i % STATUSES.length],
      plasticStatus: PLASTICS[(i >> 1) % PLASTICS.length],
      branchCode: BRANCHES[i % BRANCHES.length],
    }) as unknown as LocalCard,
  );
}

describe('card roster search (in-memory index over the device database)', () => {
  const cards = generated(5000);
  const index = buildRosterIndex(cards);
  const ids = (entries: { cardId: string }[]) => entries.map((e) => e.cardId).sort();
  const expected = (pick: (card: LocalCard) => boolean) => cards.filter(pick).map((c) => c.cardId).sort();

  it('finds a card by the holder id, with or without the id letter and dash', () => {
    const card = cards[1234];
    const idNumber = card.holder.idNumber;
    for (const text of [idNumber, `V${idNumber}`, `v-${idNumber}`, `V ${idNumber}`.replace(' ', '')]) {
      expect(ids(searchRoster(index, { text }))).withContext(text).toEqual([card.cardId]);
    }
    // a part of the id number
    expect(ids(searchRoster(index, { text: idNumber.slice(0, 6) }))).toEqual(expected((c) => c.holder.idNumber.includes(idNumber.slice(0, 6))));
  });

  it('finds cards by name words, in any order, ignoring accents and case', () => {
    const byName = (first: string, last: string) => expected((c) => c.holder.firstName === first && c.holder.lastName === last);
    expect(ids(searchRoster(index, { text: 'maria gonzalez' }))).toEqual(byName('María', 'González'));
    expect(ids(searchRoster(index, { text: 'GONZÁLEZ MARÍA' }))).toEqual(byName('María', 'González'));
    expect(ids(searchRoster(index, { text: 'nunez' }))).toEqual(expected((c) => c.holder.lastName === 'Núñez'));
    expect(searchRoster(index, { text: 'nobody-here' })).toEqual([]);
  });

  it('finds cards by the last 4 digits', () => {
    const last4 = cards[42].last4;
    const found = searchRoster(index, { text: last4 });
    expect(found.length).toBeGreaterThan(0);
    expect(ids(found)).toEqual(expected((c) => c.last4 === last4 || c.holder.idNumber.includes(last4)));
    expect(found.some((e) => e.cardId === cards[42].cardId)).toBeTrue();
  });

  it('filters by status, plastic status and branch, alone or with text', () => {
    expect(ids(searchRoster(index, { status: 'BLOCKED' }))).toEqual(expected((c) => c.status === 'BLOCKED'));
    expect(ids(searchRoster(index, { branchCode: '004' }))).toEqual(expected((c) => c.branchCode === '004'));
    expect(ids(searchRoster(index, { plasticStatus: 'RECEIVED_AT_COMPANY', branchCode: '002' }))).toEqual(
      expected((c) => c.plasticStatus === 'RECEIVED_AT_COMPANY' && c.branchCode === '002'),
    );
    expect(ids(searchRoster(index, { text: 'ana', status: 'CANCELLED', branchCode: '001' }))).toEqual(
      expected((c) => c.holder.firstName === 'Ana' && c.status === 'CANCELLED' && c.branchCode === '001'),
    );
    expect(searchRoster(index, {}).length).toBe(5000);
  });

  it('keeps results in name order and honours a limit', () => {
    const all = searchRoster(index, { text: 'lucia' });
    const names = all.map((e) => e.nameKey);
    expect(names).toEqual([...names].sort());
    expect(searchRoster(index, { text: 'lucia' }, 10).length).toBe(10);
  });
});
