import type { ServerContext } from '../context';
import { registerGlobalDatabase } from '../store/databases';
import { createOnce, getOrNull, updateDoc, type Stored } from '../store/documents';
import { API_KEYS_DB, apiKeyDocId, type ApiKeyDoc } from './api-keys.model';

registerGlobalDatabase({
  name: API_KEYS_DB,
  indexes: [{ name: 'apikeys-by-company', fields: ['type', 'companyId', 'createdAt'] }],
});

const db = (ctx: ServerContext) => ctx.store.use<ApiKeyDoc>(API_KEYS_DB);

export const getApiKey = (ctx: ServerContext, id: string) => getOrNull(db(ctx), apiKeyDocId(id));

export const insertApiKey = (ctx: ServerContext, doc: ApiKeyDoc) => createOnce(db(ctx), doc);

export const updateApiKey = (ctx: ServerContext, id: string, change: (d: Stored<ApiKeyDoc>) => Stored<ApiKeyDoc> | null) =>
  updateDoc(db(ctx), apiKeyDocId(id), change);

export async function listApiKeys(ctx: ServerContext, companyId: string): Promise<Stored<ApiKeyDoc>[]> {
  const answer = await db(ctx).find({
    selector: { type: 'apikey', companyId, createdAt: { $gt: null } },
    sort: [{ type: 'desc' }, { companyId: 'desc' }, { createdAt: 'desc' }],
    use_index: 'idx-apikeys-by-company',
    limit: 1000,
  });
  return answer.docs as Stored<ApiKeyDoc>[];
}
