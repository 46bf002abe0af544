/**
 * A set of person keys (`personKey`: idType + idNumber, upper case) that keeps the usual ones — one
 * letter and up to 9 digits without a leading zero, e.g. `V50000001` — as small integers in one
 * `Set<number>` per letter, and any other key as a string. A small integer is held in the Set's
 * table itself, so a holder costs its Set entry only (≈ 20–40 bytes) instead of the entry plus a
 * ≈ 32-byte string: ≈ 32 MB less heap for the 1,000,000 holders of the REC goal (BENCHMARKS.md
 * "Lot upload"). Exact: a key is rebuilt as letter + digits, the same string that was added.
 */
export class PersonKeySet {
  /** letter's char code → numbers */
  private readonly numeric = new Map<number, Set<number>>();
  private readonly other = new Set<string>();

  add(key: string): void {
    const n = numberOf(key);
    if (n < 0) {
      this.other.add(key);
      return;
    }
    const letter = key.charCodeAt(0);
    let set = this.numeric.get(letter);
    if (!set) this.numeric.set(letter, (set = new Set()));
    set.add(n);
  }

  delete(key: string): void {
    const n = numberOf(key);
    if (n < 0) this.other.delete(key);
    else this.numeric.get(key.charCodeAt(0))?.delete(n);
  }

  has(key: string): boolean {
    const n = numberOf(key);
    return n < 0 ? this.other.has(key) : this.numeric.get(key.charCodeAt(0))?.has(n) === true;
  }

  get size(): number {
    let n = this.other.size;
    for (const set of this.numeric.values()) n += set.size;
    return n;
  }

  /** A copy of the keys as they are now that takes little memory (numbers in typed arrays); read it with `keysOf`. */
  freeze(): FrozenKeys {
    return {
      numeric: [...this.numeric].map(([letter, set]) => ({ letter: String.fromCharCode(letter), numbers: Int32Array.from(set) })),
      other: [...this.other],
    };
  }
}

export interface FrozenKeys {
  numeric: Array<{ letter: string; numbers: Int32Array }>;
  other: string[];
}

export function frozenSize(keys: FrozenKeys): number {
  return keys.numeric.reduce((n, l) => n + l.numbers.length, keys.other.length);
}

/** The frozen keys from position `from` (in the order freeze wrote them), at most `count`, as strings. */
export function keysOf(keys: FrozenKeys, from: number, count: number): string[] {
  const out: string[] = [];
  let skip = from;
  for (const { letter, numbers } of keys.numeric) {
    if (skip >= numbers.length) {
      skip -= numbers.length;
      continue;
    }
    for (let i = skip; i < numbers.length && out.length < count; i++) out.push(letter + numbers[i]);
    skip = 0;
    if (out.length === count) return out;
  }
  for (let i = skip; i < keys.other.length && out.length < count; i++) out.push(keys.other[i]);
  return out;
}

const MAX_DIGITS = 9; // < 2^30: a small integer on every V8 build

/** The key's digits as a number when the key is one letter A–Z and 1–9 digits without a leading zero; otherwise -1. */
function numberOf(key: string): number {
  const length = key.length;
  if (length < 2 || length > 1 + MAX_DIGITS) return -1;
  const letter = key.charCodeAt(0);
  if (letter < 65 || letter > 90) return -1;
  let n = 0;
  for (let i = 1; i < length; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (i === 1 && d === 0)) return -1;
    n = n * 10 + d;
  }
  return n;
}
