import { randomUUID } from 'node:crypto';
import { newCardRequest, type CardRequestKind, type CardRequestPayload } from '../../src/domain/requests';
import type { Permission } from '../../src/domain/permissions';
import { createCompany, createUser } from '../accounts/accounts.service';
import { DEMO_COMPANY, DEMO_COMPANY_ID } from '../demo/demo-data';
import { companyDb } from '../store/databases';
import { signIn } from '../testing/helpers';
import type { TestServer } from '../testing/test-server';

/** Helpers for the sync and requests specs: a second company, users, pushes, waiting for outcomes. */
export const OTHER_COMPANY_ID = 'cotra000002';
export const DEVICE_ID = '6f0c1d3e-2a4b-4c5d-8e9f-0a1b2c3d4e5f';

export async function createOtherCompany(server: TestServer): Promise<void> {
  await createCompany(server.ctx, { ...DEMO_COMPANY, id: OTHER_COMPANY_ID, taxId: 'J000000002', legalName: 'Otra Empresa C.A.', tradeName: 'Otra' });
}

export async function userWith(server: TestServer, userId: string, companyId: string, permissions: Permission[]): Promise<string> {
  const password = 'Prueba#2026-Sync';
  await createUser(server.ctx, { userId, role: 'company', name: userId, email: `${userId}@example.test`, password, mustChangePassword: false, memberships: [{ companyId, permissions }] });
  return (await signIn(server, userId, password)).accessToken;
}

export const tokenOf = async (server: TestServer, userId: string, password: string) => (await signIn(server, userId, password)).accessToken;

export function syncGet(server: TestServer, token: string, path: string): Promise<Response> {
  return server.api(`/sync/${path}`, { token });
}

export function syncPost(server: TestServer, token: string, path: string, json: unknown, method = 'POST'): Promise<Response> {
  return server.api(`/sync/${path}`, { token, method, json });
}

export function request<K extends CardRequestKind>(
  userId: string,
  kind: K,
  cardId: string,
  payload: CardRequestPayload<K>,
  companyId = DEMO_COMPANY_ID,
) {
  return newCardRequest({ clientRequestId: randomUUID(), kind, payload, userId, companyId, deviceId: DEVICE_ID, cardId, seenCardRev: null });
}

export async function push(server: TestServer, token: string, docs: unknown[], companyId = DEMO_COMPANY_ID) {
  const res = await syncPost(server, token, `${companyId}/requests/_bulk_docs`, { docs: docs.map((d) => ({ ...(d as object), _deleted: false })) });
  return { status: res.status, body: (await res.json()) as Array<{ id: string; ok?: boolean; error?: string; reason?: string }> };
}

export async function storedRequest(server: TestServer, id: string, companyId = DEMO_COMPANY_ID) {
  return (await server.ctx.store.use(companyDb(companyId, 'requests')).get(id)) as unknown as Record<string, any>;
}

/** Waits until the request has an outcome (the server's worker applies it). */
export async function outcomeOf(server: TestServer, id: string, companyId = DEMO_COMPANY_ID, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = await storedRequest(server, id, companyId);
    if (doc.status !== 'PENDING') return doc;
    if (Date.now() > deadline) throw new Error(`request ${id} still PENDING`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function cardDoc(server: TestServer, cardId: string, companyId = DEMO_COMPANY_ID) {
  return (await server.ctx.store.use(companyDb(companyId, 'cards')).get(`card:${cardId}`)) as unknown as Record<string, any>;
}
