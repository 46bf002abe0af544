import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCompany } from '../accounts/accounts.service';
import { applyCardAction } from '../cards/card-actions.service';
import { DEMO_COMPANY } from '../demo/demo-data';
import { header, pollUntilValidated, uploadOk, CID } from '../lots/lots.testing';
import { companyDb } from '../store/databases';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { issueCardNumber } from './card-numbers';
import { issuedCardDoc } from './card-docs';
import { pointerFor, pointersDb } from './cards-access';
import { holderSetState, holderSnapshotWritten, WARM_MIN_POINTERS } from './holder-set';
import type { ProcessedCardDoc } from './processing.model';

/**
 * The holder set (holder-set.ts) across restarts, on the real embedded store: read at start in the
 * background from its stored snapshot plus the changes since, so a REC upload right after a start
 * finds it current — with cancelled holders out and other companies' holders never in.
 */
describe('holder set across a restart', () => {
  const OTHER = 'cotra000001';
  const FIRST = 70_000_001;
  const COUNT = WARM_MIN_POINTERS + 500; // enough pointers for the start-up read (and a snapshot)
  const at = new Date().toISOString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-holders-'));
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // cards as EMI processing writes them, each with its pointer
  const card = (cid: string, n: number): ProcessedCardDoc =>
    issuedCardDoc({
      companyId: cid, productCode: 'ALIM', cardId: `spec-h-${n}`, holder: { idType: 'V', idNumber: String(n), firstName: 'Ana', lastName: 'Pérez' },
      number: issueCardNumber('627100'), amountCents: 0, appliedEntry: null, branchCode: '001', at, lotId: 'spec-h', line: n, orderId: null, emboss: { line1: null, line2: null },
    });
  const cancel = async (s: TestServer, n: number) => {
    const done = await applyCardAction(s.ctx, {
      companyId: CID, cardId: `spec-h-${n}`, action: { kind: 'card.cancel', payload: {} }, effectId: `spec:cancel-${n}`, actor: { userId: 'admin' }, origin: 'web',
    });
    expect(done.result).toBe('applied');
  };
  const start = () => startTestServer({ DATA_DIR: dataDir });
  const waitForStartRead = async (s: TestServer) => {
    for (let i = 0; i < 600 && holderSetState(s.ctx, CID) === null; i++) await new Promise((r) => setTimeout(r, 50));
    return holderSetState(s.ctx, CID);
  };
  /** A REC lot of these people (V + number); the error codes by line. */
  const recErrors = async (s: TestServer, token: string, people: number[]) => {
    const content = [header('REC', people.length, people.length * 1000), ...people.map((p) => `D;V;${p};10.00`)].join('\n');
    const lot = await uploadOk(s, token, content);
    const { lot: done } = await pollUntilValidated(s, token, lot.id);
    return done.errors.map((e) => `${e.line}:${e.code}`);
  };

  it('is read at start from its snapshot and the changes since; REC right after: holders known, cancelled and other companies’ refused (E_NO_CARD)', async () => {
    // 1. first life: the demo, COUNT more ALIM holders, one holder of another company
    server = await start();
    await createCompany(server.ctx, { ...DEMO_COMPANY, id: OTHER, taxId: 'J000000002', legalName: 'Otra Empresa C.A.' });
    const cards = Array.from({ length: COUNT }, (_, i) => card(CID, FIRST + i));
    await server.ctx.store.use(companyDb(CID, 'cards')).bulk({ docs: cards });
    await pointersDb(server.ctx, CID).bulk({ docs: cards.map((c) => pointerFor(c, at)) });
    const foreign = card(OTHER, 71_000_001);
    await server.ctx.store.use<ProcessedCardDoc>(companyDb(OTHER, 'cards')).insert(foreign);
    await pointersDb(server.ctx, OTHER).insert(pointerFor(foreign, at));
    await cancel(server, FIRST + 1); // before the snapshot
    const pointers = pointersDb(server.ctx, CID);
    const touched = await pointers.get(`person:ALIM:V${FIRST + 4}`); // live at revision 2: read, kept
    await pointers.insert({ ...touched, updatedAt: new Date().toISOString() });
    let token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    expect(await recErrors(server, token, [FIRST])).toEqual([]); // reads every pointer's change, writes the snapshot
    expect(holderSetState(server.ctx, CID)).toEqual(jasmine.objectContaining({ source: 'pointers', holders: 200 + COUNT - 1 }));
    await holderSnapshotWritten(server.ctx, CID);
    // after the snapshot: a cancellation through the product, and a new holder's pointer written by
    // another instance's EMI processing (straight into the store, its card not written yet — only
    // the pointer, and only `_changes`, tell this process)
    await cancel(server, FIRST + 2);
    await pointers.insert(pointerFor(card(CID, FIRST + COUNT), at));
    await server.close();
    server = null;

    // 2. restart over the same store: the set is read without any upload, from the snapshot
    server = await start();
    const state = await waitForStartRead(server);
    expect(state).toEqual(jasmine.objectContaining({ source: 'snapshot', holders: 200 + COUNT - 2 + 1 }));
    expect(holderSetState(server.ctx, OTHER)).toBeNull(); // one pointer: left to its first use
    token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    expect(await recErrors(server, token, [FIRST, FIRST + 1, FIRST + 2, FIRST + COUNT, 71_000_001, 10_000_001, FIRST + COUNT - 1])).toEqual([
      '3:E_NO_CARD', // cancelled before the snapshot
      '4:E_NO_CARD', // cancelled after it: a change since its seq
      // line 5: the other instance's new holder is known
      '6:E_NO_CARD', // the other company's holder
    ]);

    // 3. a snapshot written by the previous version (keys as arrays, version 1) is still read
    await server.close();
    server = null;
    server = await start();
    await waitForStartRead(server);
    let local = server.ctx.store.use<{ _rev: string; gen: string }>(companyDb(CID, 'holders'));
    const written = (await local.get('_local/holder-set')) as unknown as { _rev: string; gen: string; parts: number; version: number };
    expect(written.version).toBe(2);
    for (let i = 0; i < written.parts; i++) {
      const p = (await local.get(`_local/holder-set:${written.gen}:${i}`)) as unknown as { _rev: string; products: Record<string, string | string[]> };
      for (const [product, keys] of Object.entries(p.products)) p.products[product] = typeof keys === 'string' ? keys.split('\n') : keys;
      await local.insert(p as never);
    }
    await local.insert({ ...written, version: 1 } as never);
    await server.close();
    server = null;
    server = await start();
    expect(await waitForStartRead(server)).toEqual(jasmine.objectContaining({ source: 'snapshot', holders: 200 + COUNT - 2 + 1 }));
    token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    expect(await recErrors(server, token, [FIRST, FIRST + 1, 71_000_001])).toEqual(['3:E_NO_CARD', '4:E_NO_CARD']);

    // 4. a snapshot missing a part (a crash while writing it): not used; the set is read from the changes
    local = server.ctx.store.use<{ _rev: string; gen: string }>(companyDb(CID, 'holders'));
    const head = await local.get('_local/holder-set');
    const part = await local.get(`_local/holder-set:${head.gen}:0`);
    await local.destroy(part._id, part._rev);
    await server.close();
    server = null;
    server = await start();
    expect(await waitForStartRead(server)).toEqual(jasmine.objectContaining({ source: 'pointers', holders: 200 + COUNT - 2 + 1 }));
    token = (await signIn(server, 'carga', 'Carga#2026')).accessToken;
    expect(await recErrors(server, token, [FIRST, FIRST + 2, 71_000_001, FIRST + COUNT, FIRST + 1, FIRST + 4])).toEqual(['3:E_NO_CARD', '4:E_NO_CARD', '6:E_NO_CARD']);
  });
});
