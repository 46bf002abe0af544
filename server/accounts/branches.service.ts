import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import { conflict, notFoundWhenMissing } from '../common/domain-error';
import type { ServerContext } from '../context';
import type { BranchCreate, BranchDoc, BranchPatch, UserDoc } from './accounts.model';
import { createBranch } from './accounts.service';
import * as store from './accounts.store';

/** A branch as the API shows it. Devices read the same documents by replication (co_<cid>_branches). */
export function branchView(b: BranchDoc) {
  return {
    code: b.code,
    name: b.name,
    address: b.address ?? null,
    city: b.city ?? null,
    state: b.state ?? null,
    phone: b.phone ?? null,
    contact: b.contact ?? null,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}
export type BranchView = ReturnType<typeof branchView>;

export async function listCompanyBranches(ctx: ServerContext, companyId: string): Promise<BranchView[]> {
  return (await store.listBranches(ctx, companyId)).map(branchView);
}

/** A branch created by hand; a code that exists is refused (a SUC lot is the way to update many). */
export async function createBranchByManager(ctx: ServerContext, actor: UserDoc, companyId: string, input: BranchCreate, meta: RequestMeta): Promise<BranchView> {
  const outcome = await createBranch(ctx, companyId, input);
  if (outcome === 'exists') {
    await recordAudit(ctx, { userId: actor.userId, companyId, action: 'branch.create', outcome: 'refused', reason: 'exists', details: { branchCode: input.code }, ...meta });
    throw conflict('BRANCH_EXISTS', `Ya existe la sucursal ${input.code}.`);
  }
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'branch.create', outcome: 'ok', details: { branchCode: input.code, name: input.name }, ...meta });
  return branchView((await store.getBranch(ctx, companyId, input.code))!);
}

/** Edits a branch's data (its code is its identity: cards point to it). `null` clears an optional field. */
export async function updateBranchByManager(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  code: string,
  patch: BranchPatch,
  meta: RequestMeta,
): Promise<BranchView> {
  let before: BranchDoc | null = null;
  const updated = await store
    .updateBranch(ctx, companyId, code, (b) => {
      before = b;
      const next: Record<string, unknown> = { ...b };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      const same = Object.keys(patch).every((k) => (b as unknown as Record<string, unknown>)[k] === next[k]);
      return same ? null : ({ ...next, updatedAt: ctx.now().toISOString() } as unknown as BranchDoc);
    })
    .catch(notFoundWhenMissing('Sucursal no encontrada.', 'BRANCH_NOT_FOUND'));
  const was = before as BranchDoc | null;
  await recordAudit(ctx, {
    userId: actor.userId,
    companyId,
    action: 'branch.update',
    outcome: 'ok',
    details: { branchCode: code, before: was ? omitCode(branchView(was)) : null, after: patch },
    ...meta,
  });
  return branchView(updated!);
}

/** The audit refuses a `code` key (it guards one-time codes): branch codes go as `branchCode`. */
function omitCode(view: BranchView) {
  const { code, ...rest } = view;
  return { branchCode: code, ...rest };
}
