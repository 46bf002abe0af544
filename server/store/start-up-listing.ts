import type nano from 'nano';
import { isCompanyId, type CompanyDbKind } from './databases';

/** A database's size as its info (`GET /{db}`) gives it; PouchDB Server's answer has no doc_del_count. */
export interface DatabaseSize {
  docs: number;
  deleted: number;
}

/**
 * The company databases as the store holds them at start, and how big each is: read once, after the
 * server listens, and shared by the two start-up warm-ups that choose by size — the index warmer
 * (index-warmer.ts: databases of WARM_MIN_DOCS or more) and the holder-set warm-up
 * (server/processing/holder-set.ts: the companies with the most pointers). One `_all_dbs` for both;
 * one `GET /{db}` per database of a kind asked for, never two for the same database.
 *
 * A kind is read when first asked for, the whole kind in one pass, and the passes of different kinds
 * run side by side — so a warm-up waiting for its kind never waits for another's pass. Nothing is
 * read before the server listens: the start is not slower. What the warm-ups learn is the store as
 * found at start; a database written to since (a processed lot) is looked at again by whoever warms it.
 */
export interface StartUpListing {
  /** Every company's database of this kind, by company id, with its size (absent: no such database). */
  sizes(kind: CompanyDbKind): Promise<ReadonlyMap<string, DatabaseSize>>;
  /** Reads no further (shutdown); a pass in flight answers what it read so far. */
  stop(): void;
}

export function createStartUpListing(client: nano.ServerScope): StartUpListing {
  let names: Promise<string[]> | null = null;
  const kinds = new Map<CompanyDbKind, Promise<Map<string, DatabaseSize>>>();
  let stopped = false;

  async function readKind(kind: CompanyDbKind): Promise<Map<string, DatabaseSize>> {
    if (!names) {
      names = client.db.list();
      names.catch(() => (names = null));
    }
    const suffix = `_${kind}`;
    const sizes = new Map<string, DatabaseSize>();
    for (const name of await names) {
      if (stopped) break;
      if (!name.startsWith('co_') || !name.endsWith(suffix)) continue;
      const companyId = name.slice('co_'.length, -suffix.length);
      if (!isCompanyId(companyId)) continue;
      try {
        const info = await client.db.get(name);
        sizes.set(companyId, { docs: info.doc_count ?? 0, deleted: info.doc_del_count ?? 0 });
      } catch {
        // deleted since `_all_dbs` (the demo reset): nothing to warm
      }
    }
    return sizes;
  }

  return {
    sizes(kind) {
      let read = kinds.get(kind);
      if (!read) {
        read = readKind(kind);
        kinds.set(kind, read);
        // a failed read (the store not answering) is not kept: the next caller tries again
        read.catch(() => kinds.delete(kind));
      }
      return read;
    },
    stop() {
      stopped = true;
    },
  };
}
