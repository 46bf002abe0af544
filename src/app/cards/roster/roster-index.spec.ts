import type { LocalCard } from '../../offline/db/doc-types';
import { serverCard } from '../../offline/testing/fake-couch';
import { type RosterQuery, buildRosterIndex, queryNarrows, rosterSearcher, searchRoster } from './roster-index';

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

describe('card roster search typed further (searches the previous answer only when that cannot lose a card)', () => {
  const cards = generated(3000);
  const ids = (entries: { cardId: string }[]) => entries.map((e) => e.cardId);

  /** Each query in turn through one searcher: the same cards, in the same order, as a full search. */
  function typeInTurn(index: ReturnType<typeof buildRosterIndex>, queries: RosterQuery[]): void {
    const search = rosterSearcher();
    for (const query of queries) {
      expect(ids(search(index, query))).withContext(JSON.stringify(query)).toEqual(ids(searchRoster(index, query)));
    }
  }

  it('an id typed digit by digit, then erased: the same answers as searching from scratch', () => {
    const index = buildRosterIndex(cards);
    const id = cards[777].holder.idNumber;
    const typed = Array.from(id, (_, i) => id.slice(0, i + 1));
    typeInTurn(index, [...typed, ...typed.slice(0, -1).reverse(), ''].map((text) => ({ text })));
  });

  it('3 digits → 4 digits searches all cards again: the 4 digits also match the last 4 of the card', () => {
    const index = buildRosterIndex(cards);
    // a card whose last 4 do not contain the first 3 digits of any id matching them
    const card = cards.find((c) => !c.holder.idNumber.includes(c.last4.slice(0, 3)))!;
    const last4 = card.last4;
    expect(queryNarrows({ text: last4.slice(0, 3) }, { text: last4 })).toBeFalse();
    const search = rosterSearcher();
    search(index, { text: last4.slice(0, 3) });
    expect(ids(search(index, { text: last4 }))).toContain(card.cardId);
    typeInTurn(index, ['1', '10', '100', last4.slice(0, 3), last4, `${last4}5`].map((text) => ({ text })));
  });

  it('names, id letters, added words, filters and lot ids: narrowing only where it holds', () => {
    expect(queryNarrows({ text: 'mar' }, { text: 'mari' })).toBeTrue();
    expect(queryNarrows({ text: 'maria' }, { text: 'maria gon' })).toBeTrue();
    expect(queryNarrows({ text: 'maria gon' }, { text: 'maria' })).toBeFalse();
    expect(queryNarrows({ text: 'maria' }, { text: 'mario' })).toBeFalse();
    expect(queryNarrows({ text: 'v' }, { text: 'v1' })).toBeFalse(); // a name letter, then an id prefix
    expect(queryNarrows({ text: 'v-1' }, { text: 'v-10' })).toBeTrue();
    expect(queryNarrows({ text: 'v1' }, { text: 'v-10' })).toBeFalse(); // not typed further: searched whole
    expect(queryNarrows({ text: '1234' }, { text: '12345' })).toBeTrue();
    expect(queryNarrows({ text: 'ana' }, { text: 'ana', status: 'BLOCKED' })).toBeFalse();
    expect(queryNarrows({ text: 'l2026112010000' }, { text: 'l20261120100000abc123' })).toBeFalse(); // became a lot id
    const index = buildRosterIndex(cards);
    typeInTurn(index, [
      { text: 'm' }, { text: 'ma' }, { text: 'mar' }, { text: 'maria' }, { text: 'maria g' }, { text: 'maria gonz' },
      { text: 'maria gonz', status: 'BLOCKED' }, { text: 'maria gonz' }, { text: 'maria' }, { text: 'v' }, { text: 'v1' },
      { text: 'v-10' }, { text: 'v-1000' }, { text: 'v-10001', branchCode: '003' }, { text: 'v-100012', branchCode: '003' },
    ]);
  });

  it('a new index (cards synced meanwhile) is searched whole, even for a query typed further', () => {
    const search = rosterSearcher();
    const before = buildRosterIndex(cards.slice(0, 1000));
    const after = buildRosterIndex(cards);
    const id = cards[2500].holder.idNumber;
    expect(search(before, { text: id.slice(0, 5) }).some((e) => e.cardId === cards[2500].cardId)).toBeFalse();
    expect(ids(search(after, { text: id.slice(0, 6) }))).toEqual(ids(searchRoster(after, { text: id.slice(0, 6) })));
    expect(ids(search(after, { text: id.slice(0, 6) }))).toContain(cards[2500].cardId);
  });
});
