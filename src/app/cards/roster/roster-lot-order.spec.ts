import { createRxDatabase } from 'rxdb';
import type { DeviceDatabase } from '../../offline/db/device-database';
import { COLLECTIONS, deviceStorage, openDeviceDatabase, removeDeviceDatabase } from '../../offline/db/device-database';
import type { LocalCard } from '../../offline/db/doc-types';
import { pullModifierFor } from '../../offline/db/pull-modifier';
import { CARD_SCHEMA_VERSION, cardSchema } from '../../offline/db/schemas';
import { replicationIdentifierOf } from '../../offline/sync/company-sync';
import { addDevMode, openTestDatabase, validatingStorage } from '../../offline/testing/test-db';
import { buildRosterIndex, searchRoster } from './roster-index';

/**
 * Offline card search by lot and by service order (the server's search has both): the device card
 * documents carry `lotId` / `orderId` since card schema version 1, on a real RxDB (Dexie) database.
 */
describe('offline card roster: search by lot and by order (RxDB)', () => {
  const LOT_A = 'L20261120100000abc123';
  const LOT_B = 'L20261121110000def456';
  const ORDER_A = 'C20261120120000ghi789-1';

  /** A card as the server stores it (more fields than the device keeps). */
  const serverCard = (n: number, lotId: string | undefined, orderId: string | null | undefined) => ({
    _id: `card:k${n}`,
    type: 'card',
    cardId: `k${n}`,
    companyId: 'c1',
    productCode: 'ALIM',
    holder: { idType: 'V', idNumber: String(70000000 + n), firstName: 'Nombre', lastName: `Apellido${n}` },
    maskedPan: `627100******${String(1000 + n)}`,
    last4: String(1000 + n),
    status: 'ACTIVE',
    plasticStatus: 'DELIVERED',
    balanceCents: 0,
    branchCode: '001',
    issuedAt: '2026-11-20T10:00:00.000Z',
    deliveredAt: null,
    updatedAt: '2026-11-20T10:00:00.000Z',
    rev: `1-${n}`,
    sentToCompanyAt: null, // a server-only field: dropped on pull
    ...(lotId !== undefined ? { lotId } : {}),
    ...(orderId !== undefined ? { orderId } : {}),
  });

  let db: DeviceDatabase;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ db, cleanup } = await openTestDatabase()));
  afterEach(async () => cleanup());

  it('keeps lot and order ids on pull, and the roster finds cards by either (typed or as a filter), with other filters', async () => {
    const pull = pullModifierFor('cards', db.cards.schema.jsonSchema);
    const pulled = [
      serverCard(1, LOT_A, ORDER_A),
      { ...serverCard(2, LOT_A, ORDER_A), status: 'BLOCKED' },
      serverCard(3, LOT_B, null), // its lot is not ordered yet
      serverCard(4, undefined, undefined), // a seeded card: no lot
    ].map((c) => pull(c as never));
    expect(pulled[0]['lotId']).toBe(LOT_A);
    expect(pulled[0]['orderId']).toBe(ORDER_A);
    expect(pulled[0]['sentToCompanyAt']).toBeUndefined();
    await db.cards.bulkInsert(pulled.map(({ _deleted, ...doc }) => doc) as never[]);

    const cards = (await db.cards.find().exec()).map((d) => d.toJSON() as LocalCard);
    expect(cards.find((c) => c.cardId === 'k1')?.lotId).toBe(LOT_A);
    const index = buildRosterIndex(cards);
    const ids = (q: Parameters<typeof searchRoster>[1]) => searchRoster(index, q).map((e) => e.cardId).sort();

    expect(ids({ text: LOT_A })).toEqual(['k1', 'k2']);
    expect(ids({ text: LOT_A.toLowerCase() })).toEqual(['k1', 'k2']);
    expect(ids({ text: ` ${LOT_B} ` })).toEqual(['k3']);
    expect(ids({ text: ORDER_A })).toEqual(['k1', 'k2']);
    expect(ids({ lotId: LOT_B })).toEqual(['k3']);
    expect(ids({ orderId: ORDER_A, status: 'BLOCKED' })).toEqual(['k2']);
    expect(ids({ text: `${LOT_A} apellido1` })).toEqual(['k1']);
    expect(ids({ text: 'L20261120100000zzz999' })).toEqual([]);
    expect(ids({ text: 'C20261120120000ghi789-2' })).toEqual([]);
  });

  it('a device holding cards of schema version 0 migrates them (lot and order unknown) and pulls cards again under a new checkpoint', async () => {
    expect(CARD_SCHEMA_VERSION).toBe(1);
    expect(replicationIdentifierOf('c1', 'cards', cardSchema.version)).toBe('ce-sync-c1-cards-v1');
    // kinds whose schema never changed keep their checkpoint (no re-pull)
    expect(replicationIdentifierOf('c1', 'lots', 0)).toBe('ce-sync-c1-lots');

    addDevMode();
    const name = `cetest-v0-${Date.now().toString(36)}`;
    // the database as an older app version left it: the card schema without lotId / orderId, version 0
    const { lotId: _l, orderId: _o, ...v0Properties } = cardSchema.properties as Record<string, unknown>;
    const old = await createRxDatabase({ name, storage: validatingStorage(deviceStorage()), multiInstance: false });
    await old.addCollections({ ...COLLECTIONS, cards: { schema: { ...cardSchema, version: 0, properties: v0Properties } as never } });
    const { lotId: _a, orderId: _b, sentToCompanyAt: _c, ...v0Card } = serverCard(7, LOT_A, ORDER_A);
    await old['cards'].insert(v0Card);
    await old.close();

    const migrated = await openDeviceDatabase(name, { wrapStorage: validatingStorage, multiInstance: false });
    try {
      const card = (await migrated.cards.findOne('card:k7').exec())!.toJSON() as LocalCard;
      expect(card.holder.idNumber).toBe('70000007');
      expect(card.lotId).toBeNull();
      expect(card.orderId).toBeNull();
      // the re-pull brings the ids: the server's copy replaces the local one
      const pull = pullModifierFor('cards', migrated.cards.schema.jsonSchema);
      const { _deleted, ...fresh } = pull(serverCard(7, LOT_A, ORDER_A) as never);
      await migrated.cards.upsert(fresh as never);
      const index = buildRosterIndex((await migrated.cards.find().exec()).map((d) => d.toJSON() as LocalCard));
      expect(searchRoster(index, { text: ORDER_A }).map((e) => e.cardId)).toEqual(['k7']);
    } finally {
      await migrated.close();
      await removeDeviceDatabase(name, validatingStorage);
    }
  });
});
