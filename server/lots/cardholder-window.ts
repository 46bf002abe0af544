import { candidatePersonKey } from '../../src/domain/lots';
import type { LotType } from '../../src/domain/statuses';

/** Enough of a line to hold its record type and id fields; the rest of a long line is never needed. */
const PREFIX_CHARS = 256;

/**
 * The cardholders the validator may ask about while it reads one piece of text: before each piece,
 * the person keys of the lines that piece completes are looked up in one batch (`lookup`), and
 * `has()` answers from that set only (the lookup answers from the company's holder set,
 * server/processing/holder-set.ts: person keys, never card documents).
 */
export class CardholderWindow {
  /** The start of a line begun in an earlier piece and not ended yet (at most PREFIX_CHARS). */
  private partial = '';
  private holders: Set<string> = new Set();

  constructor(
    private readonly type: LotType,
    private readonly lookup: (personKeys: string[]) => Promise<Set<string>>,
  ) {}

  /** Before the validator reads `text`: fetches the holders among the lines it completes. */
  async prepare(text: string, last: boolean): Promise<void> {
    const keys = new Set<string>();
    const add = (line: string) => {
      const key = candidatePersonKey(line, this.type);
      if (key !== null) keys.add(key);
    };
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const head = text.slice(start, Math.min(newline, start + PREFIX_CHARS));
      add(this.partial === '' ? head : this.partial + head);
      this.partial = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length && this.partial.length < PREFIX_CHARS) {
      this.partial += text.slice(start, start + PREFIX_CHARS - this.partial.length);
    }
    if (last && this.partial !== '') {
      add(this.partial);
      this.partial = '';
    }
    this.holders = keys.size > 0 ? await this.lookup([...keys]) : new Set();
  }

  /** Does this person hold a card (asked only about lines of the piece last prepared)? */
  has(personKey: string): boolean {
    return this.holders.has(personKey);
  }
}
