// Encodings and line splitting, with bytes built in the spec (no file system: runs in browsers too).
import { EncodingDetector, LineSplitter, LotTextDecoder, decodeLotBytes, detectEncoding } from './decode';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1252 bytes of a text made of Latin-1 characters plus the few C1 ones used here. */
function cp1252(text: string): Uint8Array {
  const c1: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96 };
  return Uint8Array.from([...text].map((c) => c1[c] ?? c.charCodeAt(0)));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Decodes in chunks of `size` bytes through the detector and the decoder, as readers do. */
function decodeInChunks(bytes: Uint8Array, size: number): { encoding: string; text: string } {
  const detector = new EncodingDetector();
  for (let i = 0; i < bytes.length; i += size) detector.push(bytes.subarray(i, i + size));
  const encoding = detector.finish();
  const decoder = new LotTextDecoder(encoding);
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += decoder.decode(bytes.subarray(i, i + size));
  return { encoding, text: text + decoder.finish() };
}

const SPANISH = 'D;V;1;María José;Pérez Ñáñez;Güerere;ü';

describe('lot decoding', () => {
  it('reads UTF-8', () => {
    expect(decodeLotBytes(utf8(SPANISH))).toEqual({ encoding: 'utf-8', text: SPANISH });
  });

  it('reads UTF-8 with a BOM, dropping the BOM', () => {
    const bytes = concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(SPANISH));
    expect(decodeLotBytes(bytes)).toEqual({ encoding: 'utf-8', text: SPANISH });
  });

  it('reads a file that is not valid UTF-8 as Windows-1252 (ñ, á, ü survive)', () => {
    const bytes = cp1252(SPANISH);
    expect(bytes).toContain(0xf1); // ñ as one byte: not UTF-8
    expect(decodeLotBytes(bytes)).toEqual({ encoding: 'windows-1252', text: SPANISH });
  });

  it('maps the Windows-1252 bytes 0x80–0x9F like browsers do (’ “ ” – €)', () => {
    const text = 'O’Neil “x” – 5€ ñ';
    expect(decodeLotBytes(cp1252(text)).text).toBe(text);
  });

  it('drops a UTF-8 BOM in front of a Windows-1252 body', () => {
    const bytes = concat(Uint8Array.of(0xef, 0xbb, 0xbf), cp1252('Ñandú'));
    expect(decodeLotBytes(bytes)).toEqual({ encoding: 'windows-1252', text: 'Ñandú' });
    for (const size of [1, 2, 3, 4]) expect(decodeInChunks(bytes, size).text).withContext(String(size)).toBe('Ñandú');
  });

  it('an invalid byte at the very end, or a cut sequence, still means Windows-1252', () => {
    expect(detectEncoding(concat(utf8('a'.repeat(1000)), Uint8Array.of(0xff)))).toBe('windows-1252');
    expect(detectEncoding(concat(utf8('abc'), Uint8Array.of(0xc3)))).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array(0))).toBe('utf-8');
  });

  it('keeps multi-byte characters cut between chunks', () => {
    const bytes = utf8(`€${SPANISH}😀`);
    for (const size of [1, 2, 3, 5, 7]) {
      expect(decodeInChunks(bytes, size)).withContext(String(size)).toEqual({ encoding: 'utf-8', text: `€${SPANISH}😀` });
    }
    const bom = concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes);
    expect(decodeInChunks(bom, 1).text).toBe(`€${SPANISH}😀`);
  });

  it('decides exactly as a fatal UTF-8 TextDecoder does (random and edge byte sequences)', () => {
    const reference = (bytes: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return 'utf-8';
      } catch {
        return 'windows-1252';
      }
    };
    const edges = [
      [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x80],
      [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x8f, 0x80, 0x80], [0xf0, 0x90, 0x80, 0x80],
      [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0x80], [0xe2, 0x82],
    ].map((b) => Uint8Array.from(b));
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const samples = [...edges];
    for (let n = 0; n < 3000; n++) {
      // Bias toward the interesting range so that valid multi-byte sequences occur too.
      samples.push(Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () => (random() < 0.5 ? 0x80 + Math.floor(random() * 0x40) : Math.floor(random() * 256))));
    }
    for (const bytes of samples) {
      for (const size of [1, 2, bytes.length]) expect(decodeInChunks(bytes, size).encoding).withContext(`${bytes} / ${size}`).toBe(reference(bytes));
    }
  });

  it('the detector stops working once the answer is known', () => {
    const detector = new EncodingDetector();
    detector.push(utf8('ok'));
    expect(detector.decided).toBeFalse();
    detector.push(Uint8Array.of(0xf1)); // could still start a 4-byte sequence
    expect(detector.decided).toBeFalse();
    detector.push(Uint8Array.of(0x41)); // it does not
    expect(detector.decided).toBeTrue();
    detector.push(utf8('more'));
    expect(detector.finish()).toBe('windows-1252');
  });
});

describe('lot line splitting', () => {
  function split(chunks: string[], max?: number): [string, boolean][] {
    const lines: [string, boolean][] = [];
    const splitter = new LineSplitter((line, overlong) => lines.push([line, overlong]), max);
    for (const c of chunks) splitter.push(c);
    splitter.finish();
    return lines;
  }
  const texts = (chunks: string[]) => split(chunks).map(([t]) => t);

  it('splits on LF and CRLF, keeping blank lines for numbering', () => {
    expect(texts(['a\r\nb\nc'])).toEqual(['a', 'b', 'c']);
    expect(texts(['a\n\n  \r\nb\n'])).toEqual(['a', '', '  ', 'b']);
    expect(texts(['\n'])).toEqual(['']);
    expect(texts([''])).toEqual([]);
  });

  it('a final line end makes no extra line; a last line without one is kept', () => {
    expect(texts(['a\nb\n'])).toEqual(['a', 'b']);
    expect(texts(['a\nb'])).toEqual(['a', 'b']);
  });

  it('joins lines spanning chunks, CRLF cut between chunks included', () => {
    expect(texts(['a\r', '\nb'])).toEqual(['a', 'b']);
    expect(texts(['H;J0', '0000', '0001;AL', 'IM\r\nD;', 'V\r', '\n'])).toEqual(['H;J000000001;ALIM', 'D;V']);
    const text = 'x;y\r\n\r\nzz;w\n;\r\n';
    for (let size = 1; size <= text.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(texts(chunks)).withContext(String(size)).toEqual(['x;y', '', 'zz;w', ';']);
    }
  });

  it('keeps only a prefix of an overlong line, flagged, in one chunk or many', () => {
    expect(split(['abcdefgh\nok\n'], 5)).toEqual([['abcde', true], ['ok', false]]);
    expect(split(['abc', 'def', 'gh', '\nok'], 5)).toEqual([['abcde', true], ['ok', false]]);
    expect(split(['abcde\nabcde\r\n'], 5)).toEqual([['abcde', false], ['abcde', false]]);
    expect(split(['abc', 'defgh'], 5)).toEqual([['abcde', true]]);
    expect(split(['abcde\r', '\nabcdef\r', '\n'], 5)).toEqual([['abcde', false], ['abcde', true]]);
  });
});
