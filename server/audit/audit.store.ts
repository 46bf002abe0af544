import { randomUUID } from 'node:crypto';
import { GLOBAL_DB, registerGlobalDatabase } from '../store/databases';
import type { ServerContext } from '../context';
import type { AuditEntry } from './audit.model';
import { bulkWrite, fetchDocs } from '../store/documents';

/**
 * ce_audit is append-only, enforced by the store itself: its validate_doc_update refuses any write
 * to an existing document and any deletion, whoever asks (PouchDB Server in fullCouchDB mode and
 * Apache CouchDB both run it). Design documents stay writable so the server can install indexes.
 */
export const AUDIT_APPEND_ONLY_VALIDATION = `function (newDoc, oldDoc, userCtx, secObj) {
  if (newDoc._id.indexOf('_design/') === 0) return;
  if (oldDoc || newDoc._deleted) {
    throw({ forbidden: 'El registro de auditoría solo admite entradas nuevas.' });
  }
  if (newDoc.type !== 'audit' || !newDoc.at || !newDoc.action || !newDoc.outcome) {
    throw({ forbidden: 'Entrada de auditoría incompleta.' });
  }
}`;

registerGlobalDatabase({
  name: GLOBAL_DB.audit,
  design: [{ _id: '_design/append-only', validate_doc_update: AUDIT_APPEND_ONLY_VALIDATION }],
  indexes: [
    { name: 'audit-by-user', fields: ['userId', 'at'] },
    { name: 'audit-by-company', fields: ['companyId', 'at'] },
  ],
});

export type AuditDoc = AuditEntry & { _id: string; type: 'audit' };

/** Ids sort by time, then a random part: two entries in the same millisecond never collide. */
export function auditId(at: string): string {
  return `audit:${at}:${randomUUID()}`;
}

export async function insertAudit(ctx: ServerContext, doc: AuditDoc): Promise<void> {
  await ctx.store.use<AuditDoc>(GLOBAL_DB.audit).insert(doc);
}

/**
 * Entries with deterministic ids, in one `_bulk_docs`; an id already written counts as written
 * (CouchDB answers `conflict`; PouchDB Server runs the append-only validation first and answers
 * `forbidden`, so those are looked up before calling them written).
 */
export async function insertAuditsOnce(ctx: ServerContext, docs: readonly AuditDoc[]): Promise<void> {
  const db = ctx.store.use<AuditDoc>(GLOBAL_DB.audit);
  const refused = (await bulkWrite(db, docs)).filter((row) => row.error);
  if (refused.length === 0) return;
  const other = refused.find((row) => row.error !== 'conflict' && row.error !== 'forbidden');
  if (other) throw Object.assign(new Error(`audit: ${other.error} for ${other.id}`), { statusCode: 500 });
  const found = await fetchDocs(db, refused.map((row) => row.id));
  const missing = refused.find((row) => !found.has(row.id));
  if (missing) throw Object.assign(new Error(`audit: ${missing.error} for ${missing.id}, which does not exist`), { statusCode: 500 });
}
