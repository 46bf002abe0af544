import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { cardDoc, outcomeOf, push, request, tokenOf, userWith } from '../sync/sync.testing';

const D = DEMO_COMPANY_ID;

/**
 * PIN request → REP lot (PRODUCT.md chapter 5: "PIN request (creates a replacement lot to
 * authorize)"): a field manager with cards.manage and no lots.upload asks for a PIN; the REP lot is
 * confirmed by the request in their name and waits for the company's signatures and authorization,
 * which other people give with their passwords; the requester can neither sign nor authorize it.
 */
describe('PIN request → REP lot to authorize', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => server.close());

  const lotOf = async (token: string, lotId: string) => (await server.api(`/companies/${D}/lots/${lotId}`, { token })).json();
  const act = (token: string, lotId: string, what: 'signatures' | 'authorization', password: string) =>
    server.api(`/companies/${D}/lots/${lotId}/${what}`, { method: 'POST', token, json: { password } });

  it('a requester without lots.upload: the lot is confirmed in their name and goes through the policy’s signature and authorization', async () => {
    const managerToken = await userWith(server, 'gestor-pin', D, ['cards.view', 'cards.manage']);
    const doc = request('gestor-pin', 'card.pin', 'demo-0160', {});
    expect((await push(server, managerToken, [doc])).body[0].ok).toBeTrue();
    expect((await outcomeOf(server, doc._id)).status).toBe('APPLIED');
    const card = await cardDoc(server, 'demo-0160');
    const lotId = card.pinRequests[0].lotId;
    expect(lotId).toMatch(/^L[0-9]{14}[a-z0-9]{6}$/);

    const admin = await tokenOf(server, 'admin', 'Admin#2026');
    const lot = await lotOf(admin, lotId);
    expect(lot).toEqual(
      jasmine.objectContaining({
        type: 'REP',
        status: 'PENDING_AUTHORIZATION',
        uploadedBy: 'gestor-pin',
        signaturesRequired: 1, // the demo company's policy
        signatures: [],
        confirmation: jasmine.objectContaining({ by: 'gestor-pin', via: 'card-request', requestId: doc._id }),
      }),
    );
    // not in anybody's tray: nothing to confirm
    expect(lot.canConfirm).toBeFalse();
    const confirmAudit = await auditEntries(server, { action: 'lots.confirm', userId: 'gestor-pin' });
    expect(confirmAudit).toEqual([jasmine.objectContaining({ outcome: 'ok', details: jasmine.objectContaining({ lotId, via: 'card-request' }) })]);

    // the authorizer cannot skip the signature; the requester cannot sign or authorize (no permission, own lot)
    const firma1 = await tokenOf(server, 'firma1', 'Firma1#2026');
    const firma2 = await tokenOf(server, 'firma2', 'Firma2#2026');
    expect((await (await act(firma2, lotId, 'authorization', 'Firma2#2026')).json()).error.code).toBe('SIGNATURES_MISSING');
    expect((await act(managerToken, lotId, 'signatures', 'Prueba#2026-Sync')).status).toBe(403);
    expect((await act(firma1, lotId, 'signatures', 'Firma1#2026')).status).toBe(200);
    const authorized = await act(firma2, lotId, 'authorization', 'Firma2#2026');
    expect(authorized.status).toBe(200);
    expect((await authorized.json()).status).toBe('AUTHORIZED');
  });

  it('a requester who holds every permission still cannot sign or authorize the lot of their own PIN request', async () => {
    const admin = await tokenOf(server, 'admin', 'Admin#2026');
    const doc = request('admin', 'card.pin', 'demo-0161', {});
    expect((await push(server, admin, [doc])).body[0].ok).toBeTrue();
    expect((await outcomeOf(server, doc._id)).status).toBe('APPLIED');
    const lotId = (await cardDoc(server, 'demo-0161')).pinRequests[0].lotId;
    expect((await lotOf(admin, lotId)).status).toBe('PENDING_AUTHORIZATION');
    expect((await (await act(admin, lotId, 'signatures', 'Admin#2026')).json()).error.code).toBe('OWN_LOT');
    expect((await (await act(admin, lotId, 'authorization', 'Admin#2026')).json()).error.code).toBe('OWN_LOT');
    // the same request sent again: one lot, still confirmed once
    await push(server, admin, [doc]);
    const all = await (await server.api(`/companies/${D}/lots?type=REP`, { token: admin })).json();
    expect(all.lots.filter((l: { fileName: string }) => l.fileName === 'PIN-demo-0161.txt').length).toBe(1);
    expect((await auditEntries(server, { action: 'lots.confirm', userId: 'admin' })).filter((a: any) => a.details.lotId === lotId).length).toBe(1);
  });
});
