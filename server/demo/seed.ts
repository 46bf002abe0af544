import type nano from 'nano';
import { createBranch, createCompany, createProduct, createUser } from '../accounts/accounts.service';
import { insertOperatorSettings } from '../accounts/accounts.store';
import { OPERATOR_SETTINGS_ID } from '../accounts/accounts.model';
import {
  fundingAccountDocId,
  masterAccountDocId,
  type FundingAccountDoc,
  type MasterAccountDoc,
} from '../accounts/master-accounts.model';
import { assertPasswordPolicy } from '../auth/passwords';
import { cardDocId, maskedPan, type CardDoc } from '../cards/cards.model';
import { DomainError } from '../common/domain-error';
import type { ServerContext } from '../context';
import { companyDb, GLOBAL_DB } from '../store/databases';
import { createOnce, getOrNull } from '../store/documents';
import { pointerFor, pointersDb } from '../processing/cards-access';
import { openingApplied, postOpeningBalances } from '../ledger/opening';
import {
  DEMO_BRANCHES,
  DEMO_CARDHOLDER_COUNT,
  DEMO_COMPANY,
  DEMO_COMPANY_ID,
  DEMO_FUNDING_ACCOUNT,
  DEMO_MASTER_BALANCES,
  DEMO_PRODUCTS,
  DEMO_USERS,
  demoCardholder,
} from './demo-data';

/**
 * Seeding. Every document has a deterministic id and is created once, so a seed interrupted by a
 * crash is completed by the next start; the marker `seed:complete` is written last, and its
 * presence is what "the store is not empty" means.
 */
export const SEED_MARKER_ID = 'seed:complete';

export interface SeedMarker {
  _id: typeof SEED_MARKER_ID;
  type: 'seed';
  kind: 'demo' | 'production';
  completedAt: string;
}

const markerDb = (ctx: ServerContext) => ctx.store.use<SeedMarker>(GLOBAL_DB.companies);

export const seedMarker = (ctx: ServerContext) => getOrNull(markerDb(ctx), SEED_MARKER_ID);

async function writeMarker(ctx: ServerContext, kind: SeedMarker['kind']) {
  await createOnce(markerDb(ctx), { _id: SEED_MARKER_ID, type: 'seed', kind, completedAt: ctx.now().toISOString() });
}

/** Seeds what SEED asks for unless the store has been seeded; answers what the store holds. */
export async function seedIfEmpty(ctx: ServerContext): Promise<{ kind: SeedMarker['kind']; seededNow: boolean }> {
  const marker = await seedMarker(ctx);
  if (marker) return { kind: marker.kind, seededNow: false };
  if (ctx.config.seed === 'production') await seedProduction(ctx);
  else await seedDemo(ctx);
  return { kind: ctx.config.seed, seededNow: true };
}

/** Production: only the operator account, with OPERATOR_PASSWORD, to be changed at first sign-in. */
export async function seedProduction(ctx: ServerContext): Promise<void> {
  const password = ctx.config.operatorPassword;
  if (!password) {
    throw new Error('SEED=production en un almacenamiento vacío: defina OPERATOR_PASSWORD con la contraseña inicial del operador.');
  }
  try {
    await assertPasswordPolicy('operador', password, []);
  } catch (err) {
    if (err instanceof DomainError) throw new Error(`OPERATOR_PASSWORD no cumple la política de contraseñas: ${err.message}`);
    throw err;
  }
  const email = ctx.config.operatorEmail ?? null;
  await insertOperatorSettings(ctx, { _id: OPERATOR_SETTINGS_ID, type: 'settings', newDeviceCodeRequired: !!email });
  await createUser(ctx, { userId: 'operador', role: 'operator', name: 'Operador', email, password, mustChangePassword: true });
  await writeMarker(ctx, 'production');
}

/** The demo of API.md, exactly. */
export async function seedDemo(ctx: ServerContext): Promise<void> {
  const at = ctx.now().toISOString();
  await insertOperatorSettings(ctx, { _id: OPERATOR_SETTINGS_ID, type: 'settings', newDeviceCodeRequired: false });
  await createCompany(ctx, DEMO_COMPANY);
  for (const product of DEMO_PRODUCTS) await createProduct(ctx, DEMO_COMPANY_ID, product);
  for (const branch of DEMO_BRANCHES) await createBranch(ctx, DEMO_COMPANY_ID, branch);

  const accounts = ctx.store.use<MasterAccountDoc | FundingAccountDoc>(companyDb(DEMO_COMPANY_ID, 'accounts'));
  // ledger first (entry:opening:<product>:master / :external), then the cached balance that applied it
  await postOpeningBalances(ctx, DEMO_COMPANY_ID, DEMO_MASTER_BALANCES);
  for (const [productCode, balanceCents] of Object.entries(DEMO_MASTER_BALANCES)) {
    await createOnce(accounts, {
      _id: masterAccountDocId(productCode),
      type: 'account',
      productCode,
      balanceCents,
      ...openingApplied(productCode, balanceCents),
      createdAt: at,
      updatedAt: at,
    });
  }
  await createOnce(accounts, {
    _id: fundingAccountDocId(DEMO_FUNDING_ACCOUNT.id),
    type: 'funding',
    ...DEMO_FUNDING_ACCOUNT,
    status: 'active',
    createdAt: at,
  });

  const alim = DEMO_PRODUCTS.find((p) => p.code === 'ALIM')!;
  const cards: CardDoc[] = [];
  for (let i = 0; i < DEMO_CARDHOLDER_COUNT; i++) {
    const { branchCode, ...holder } = demoCardholder(i);
    const cardId = `demo-${String(i + 1).padStart(4, '0')}`;
    const last4 = String(1000 + ((i * 7919) % 9000)).padStart(4, '0');
    cards.push({
      _id: cardDocId(cardId),
      type: 'card',
      cardId,
      companyId: DEMO_COMPANY_ID,
      productCode: 'ALIM',
      holder,
      maskedPan: maskedPan(alim.bin, last4),
      last4,
      status: 'ACTIVE',
      plasticStatus: 'DELIVERED',
      balanceCents: 0,
      branchCode,
      issuedAt: at,
      deliveredAt: at,
      updatedAt: at,
    });
  }
  await bulkCreateOnce(ctx.store.use<CardDoc>(companyDb(DEMO_COMPANY_ID, 'cards')), cards);
  // every card writer writes its holder's pointer: lot validation finds people through them only
  // (a reset on a running server comes after the start's one-time backfill)
  await bulkCreateOnce(pointersDb(ctx, DEMO_COMPANY_ID), cards.map((c) => pointerFor(c, at)));

  for (const u of DEMO_USERS) {
    await createUser(ctx, {
      userId: u.userId,
      role: u.role,
      name: u.name,
      email: u.email,
      password: u.password,
      mustChangePassword: false,
      memberships: u.role === 'company' ? [{ companyId: DEMO_COMPANY_ID, permissions: u.permissions }] : [],
    });
  }
  await writeMarker(ctx, 'demo');
}

/** _bulk_docs where an existing id (409) counts as done (DESIGN.md 1). */
async function bulkCreateOnce<T extends { _id: string }>(db: nano.DocumentScope<T>, docs: T[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) {
    const answers = await db.bulk({ docs: docs.slice(i, i + 1000) });
    const failed = answers.filter((a) => a.error && a.error !== 'conflict');
    if (failed.length > 0) throw new Error(`seed: ${failed.length} documents not written (${failed[0].error}: ${failed[0].reason})`);
  }
}

/** The table printed at start and after a reset (demo passwords are public by design). */
export function demoTable(ctx: ServerContext): string {
  const url = ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;
  const rows = DEMO_USERS.map(
    (u) => `  ${u.userId.padEnd(10)} ${u.password.padEnd(15)} ${u.role === 'operator' ? 'operador (todas las empresas)' : u.permissions.join(', ')}`,
  );
  return [
    '',
    '=== Conexión Empresas — datos de demostración ===',
    `  URL:      ${url}`,
    `  Empresa:  ${DEMO_COMPANY.legalName} (RIF ${DEMO_COMPANY.taxId}), id ${DEMO_COMPANY_ID}`,
    `  Productos: ALIM (alimentación), REGA (regalo) · ${DEMO_CARDHOLDER_COUNT} tarjetas ALIM activas`,
    '  Usuario    Contraseña      Permisos',
    ...rows,
    '',
  ].join('\n');
}
