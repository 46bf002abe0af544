import fs from 'node:fs';
import { COMPANY_DB_KINDS } from './databases';

/**
 * The embedded store keeps one LevelDB open per database it has touched (PouchDB Server closes
 * none), and a LevelDB holds about six files open: with ten databases a company, once the background
 * work has read every company the process holds ≈ 60 open files per company (BENCHMARKS.md "Server
 * cold start", 201 companies: 11,832 after 90 s). Past the process's limit the store fails with
 * EMFILE. Apache CouchDB closes idle databases (`max_dbs_open`), so this is the embedded store's
 * limit alone: the start says so, with the figures, while there is still room.
 */
export const OPEN_FILES_PER_COMPANY = COMPANY_DB_KINDS.length * 6;
/** the global databases, sockets, logs and uploads */
const OPEN_FILES_BASE = 500;

export interface OpenFilesCheck {
  companies: number;
  needed: number;
  limit: number | null;
  enough: boolean;
}

/** The soft "Max open files" of /proc/self/limits (Linux); null where it cannot be read. */
export function openFilesLimit(limitsText: string | null = readLimits()): number | null {
  const match = limitsText && /^Max open files\s+(\d+|unlimited)/m.exec(limitsText);
  if (!match) return null;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

export function checkOpenFiles(companies: number, limit: number | null = openFilesLimit()): OpenFilesCheck {
  const needed = OPEN_FILES_BASE + companies * OPEN_FILES_PER_COMPANY;
  return { companies, needed, limit, enough: limit === null || needed <= limit };
}

function readLimits(): string | null {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}
