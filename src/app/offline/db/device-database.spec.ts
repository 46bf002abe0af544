import { pushedCardRequestSchema } from '../../../domain/requests';
import { queueCardRequest, InvalidRequestError } from '../requests/request-queue';
import { indexedDbNames, openTestDatabase, validatingStorage } from '../testing/test-db';
import { serverCard } from '../testing/fake-couch';
import { DEXIE_PREFIX, deviceDatabaseName, userDatabasePrefix } from './database-name';
import { COLLECTIONS, type DeviceDatabase, openDeviceDatabase } from './device-database';
import { pullModifierFor, safeMaskedPan } from './pull-modifier';
import { wipeUserDatabases } from './wipe';

const AUTHOR = { userId: 'firma1', companyId: 'demo', deviceId: '0b7c1a52-6a3e-4c43-9f0e-2d1b8a7c6e51' };

describe('device database (RxDB + Dexie in the browser)', () => {
  let db: DeviceDatabase;
  let name: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ db, name, cleanup } = await openTestDatabase());
  });

  afterEach(async () => cleanup());

  it('has at most 13 collections (free RxDB limit)', () => {
    expect(Object.keys(db.collections).length).toBeLessThanOrEqual(13);
    expect(Object.keys(db.collections).sort()).toEqual(['accounts', 'branches', 'cards', 'lots', 'meta', 'orders', 'requests']);
  });

  it('accepts server-shaped documents of every kind through the pull modifier (unknown fields dropped)', async () => {
    const at = '2026-11-20T10:00:00.000Z';
    const card = pullModifierFor('cards', db.cards.schema.jsonSchema)({ ...serverCard(0), rev: '1-a', serverOnly: 1 } as never);
    expect(card['serverOnly']).toBeUndefined();
    await db.cards.insert(stripDeleted(card) as never);
    await db.cards.insert(
      stripDeleted(
        pullModifierFor('cards', db.cards.schema.jsonSchema)({
          ...serverCard(1, { status: 'BLOCKED', blockedAt: at }),
          history: [{ id: 'req:x', at, action: 'card.block', by: 'firma1', origin: 'offline-request', details: { status: ['ACTIVE', 'BLOCKED'] } }],
          delivery: null,
          replacement: { reason: 'P', branchCode: '001', requestedAt: at, requestedBy: 'firma1', effectId: 'req:y' },
        } as never),
      ) as never,
    );
    const lot = {
      _id: 'lot:L20261120100000abc123', type: 'lot', id: 'L20261120100000abc123', companyId: 'demo', lotType: 'EMI', productCode: 'ALIM',
      status: 'VALID', fileName: 'emi.txt', fileBytes: 120, fileSha256: 'ab', duplicateOf: null,
      header: { date: '20261120', recordCount: 2, controlTotalCents: 100 }, recordCount: 2, storedRecords: 2, totalCents: 100,
      errorCount: 0, progress: { phase: 'done', linesRead: 3, bytesRead: 120, fileBytes: 120 }, uploadedBy: 'carga',
      uploadedAt: at, origin: 'web', validatedAt: at, confirmation: null, signaturesRequired: 0, signatures: [],
      authorization: null, orderId: null, processing: null, deleted: null, history: [],
    };
    await db.lots.insert(stripDeleted(pullModifierFor('lots', db.lots.schema.jsonSchema)(lot as never)) as never);
    const order = {
      _id: 'order:o1', type: 'order', id: 'o1', companyId: 'demo', number: 1, status: 'PENDING_PAYMENT', grouping: 'per-lot',
      productCode: 'ALIM', lotType: 'EMI', lots: [], figures: { totalCents: 0 }, calculationId: 'c1', createdBy: 'firma1',
      createdAt: at, paying: null, payment: null, invoice: null, voided: null, lotsSettledAt: null, processing: null, history: [],
    };
    await db.orders.insert(stripDeleted(pullModifierFor('orders', db.orders.schema.jsonSchema)(order as never)) as never);
    await db.branches.insert(
      stripDeleted(pullModifierFor('branches', db.branches.schema.jsonSchema)({ _id: 'branch:001', type: 'branch', code: '001', name: 'Caracas Centro', createdAt: at, updatedAt: at } as never)) as never,
    );
    const accounts = pullModifierFor('accounts', db.accounts.schema.jsonSchema);
    await db.accounts.bulkInsert([
      stripDeleted(accounts({ _id: 'account:ALIM', type: 'account', productCode: 'ALIM', balanceCents: 10_000_000, openingEntry: 'x', createdAt: at, updatedAt: at } as never)),
      stripDeleted(accounts({ _id: 'funding:f1', type: 'funding', id: 'f1', bankName: 'Banco', accountNumberMasked: '0102****1234', holderName: 'Demo', holderTaxId: 'J000000001', status: 'active', createdAt: at } as never)),
    ] as never);
    expect(await db.cards.count().exec()).toBe(2);
    expect((await db.accounts.findOne('account:ALIM').exec())?.balanceCents).toBe(10_000_000);
  });

  it('maps deleted stubs and documents of other types to tombstones that pass the schema', () => {
    for (const kind of ['cards', 'lots', 'orders', 'branches', 'accounts', 'requests'] as const) {
      const schema = COLLECTIONS[kind].schema;
      const stub = pullModifierFor(kind, schema)({ _id: 'x:1', _deleted: true } as never);
      expect(stub._deleted).withContext(kind).toBeTrue();
      for (const field of schema.required ?? []) expect(stub[field as string]).withContext(`${kind}.${String(field)}`).toBeDefined();
    }
    const calc = pullModifierFor('orders', db.orders.schema.jsonSchema)({ _id: 'calc:1', type: 'calculation', groups: [] } as never);
    expect(calc._deleted).toBeTrue();
  });

  it('never keeps an unmasked card number', () => {
    expect(safeMaskedPan('627100******1234', '1234')).toBe('627100******1234');
    expect(safeMaskedPan('6271001234561234', '1234')).toBe('627100******1234');
    expect(safeMaskedPan('6271 0012 3456 1234', null)).toBe('627100******1234');
  });

  it('queues a request with every field, checked by the shared push schema, pending', async () => {
    const request = await queueCardRequest(db, AUTHOR, { cardId: 'demo-0001', rev: '3-abc' }, 'card.plastic-delivered', {
      deliveredAt: '2026-11-25T14:00:00.000Z',
      receivedBy: 'María González',
      signatureDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
    });
    expect(request._id).toMatch(/^req:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(request).toEqual(
      jasmine.objectContaining({
        type: 'request', kind: 'card.plastic-delivered', userId: 'firma1', companyId: 'demo', deviceId: AUTHOR.deviceId,
        cardId: 'demo-0001', seenCardRev: '3-abc', status: 'PENDING',
      }),
    );
    expect(Date.parse(request.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(pushedCardRequestSchema.safeParse(request).success).toBeTrue();
  });

  it('refuses a request whose payload breaks the shared schema (nothing queued)', async () => {
    await expectAsync(
      queueCardRequest(db, AUTHOR, { cardId: 'demo-0001' }, 'card.holder-update', {} as never),
    ).toBeRejectedWithError(InvalidRequestError);
    await expectAsync(
      queueCardRequest(db, AUTHOR, { cardId: 'demo-0001' }, 'card.replacement', { reason: 'X', branchCode: '001' } as never),
    ).toBeRejectedWithError(InvalidRequestError);
    expect(await db.requests.count().exec()).toBe(0);
  });

  it('writes requests with strict durability (Dexie chromeTransactionDurability) and cards relaxed', async () => {
    expect(await durabilityOf(db, 'requests')).toBe('strict');
    expect(await durabilityOf(db, 'cards')).toBeUndefined();
  });

  it('keeps queued requests across closing the app (database closed and opened again)', async () => {
    const queued = await queueCardRequest(db, AUTHOR, { cardId: 'demo-0002', rev: '1-x' }, 'card.block', {});
    await db.close();
    const again = await openDeviceDatabase(name, { wrapStorage: validatingStorage, multiInstance: false });
    try {
      const found = await again.requests.findOne(queued._id).exec();
      expect(found?.toJSON()).toEqual(jasmine.objectContaining({ kind: 'card.block', status: 'PENDING', cardId: 'demo-0002' }));
    } finally {
      await again.close();
    }
  });

  it('names one database per user and company; sign-out wipe removes only that user’s databases', async () => {
    expect(deviceDatabaseName('firma1', 'demo')).toMatch(/^ce-[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(deviceDatabaseName('firma1', 'demo')).not.toBe(deviceDatabaseName('firma2', 'demo'));
    expect(deviceDatabaseName('firma1', 'demo')).not.toBe(deviceDatabaseName('firma1', 'otra'));
    expect(deviceDatabaseName('firma1', 'demo')).not.toContain('firma1');

    // The free RxDB opens at most 13 collections at once (7 per database): one database at a time.
    await db.close();
    for (const userId of ['wipe-user', 'other-user']) {
      const userDb = await openDeviceDatabase(deviceDatabaseName(userId, 'demo'), { wrapStorage: validatingStorage, multiInstance: false });
      await queueCardRequest(userDb, { ...AUTHOR, userId }, { cardId: 'demo-0001' }, 'card.block', {});
      await userDb.close();
    }
    const minePrefix = DEXIE_PREFIX + userDatabasePrefix('wipe-user');
    const otherPrefix = DEXIE_PREFIX + userDatabasePrefix('other-user');
    expect((await indexedDbNames()).some((n) => n.startsWith(minePrefix))).toBeTrue();

    await wipeUserDatabases('wipe-user', ['demo'], validatingStorage);

    const names = await indexedDbNames();
    expect(names.filter((n) => n.startsWith(minePrefix))).toEqual([]);
    expect(names.some((n) => n.startsWith(otherPrefix))).toBeTrue();
    await wipeUserDatabases('other-user', ['demo'], validatingStorage);
  });
});

function stripDeleted<T extends Record<string, unknown>>(doc: T): Omit<T, '_deleted'> {
  const { _deleted, ...rest } = doc;
  expect(_deleted).toBeFalse();
  return rest;
}

/** The Dexie setting the collection's IndexedDB transactions are created with. */
async function durabilityOf(db: DeviceDatabase, collection: 'requests' | 'cards'): Promise<string | undefined> {
  let instance = db[collection].storageInstance as unknown as { originalStorageInstance?: unknown; internals?: unknown };
  while (instance.originalStorageInstance) instance = instance.originalStorageInstance as typeof instance;
  const internals = (await instance.internals) as { dexieDb: { _options: { chromeTransactionDurability?: string } } };
  return internals.dexieDb._options.chromeTransactionDurability;
}
