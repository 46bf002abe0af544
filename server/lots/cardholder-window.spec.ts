import { CardholderWindow } from './cardholder-window';

describe('CardholderWindow (cardholders fetched ahead of each piece of a lot file)', () => {
  const HOLDERS = new Set(['V10000001', 'V10000002', 'PAB12345']);

  function windowOf(asked: string[][]) {
    return new CardholderWindow('REC', async (keys) => {
      asked.push([...keys].sort());
      return new Set(keys.filter((k) => HOLDERS.has(k)));
    });
  }

  it('asks, before each piece, about the people of the lines that piece completes', async () => {
    const asked: string[][] = [];
    const w = windowOf(asked);
    await w.prepare('H;J000000001;ALIM;REC;20261125;3;3.00\r\nD;V;10000001;1.00\r\nD; V ; 100', false);
    expect(asked).toEqual([['V10000001']]);
    expect(w.has('V10000001')).toBeTrue();
    await w.prepare('00002 ;1.00\r\nD;p;ab12345;1.00\r\nD;V;99999999;1.00', false);
    expect(asked[1]).toEqual(['PAB12345', 'V10000002']); // the line cut between pieces, passport upper-cased
    expect(w.has('V10000002')).toBeTrue();
    expect(w.has('V10000001')).toBeFalse(); // only the piece's own people are kept
    await w.prepare('', true); // the last line has no line end
    expect(asked[2]).toEqual(['V99999999']);
    expect(w.has('V99999999')).toBeFalse();
  });

  it('reads the id fields of a very long line from its start, keeping no more of it', async () => {
    const asked: string[][] = [];
    const w = windowOf(asked);
    await w.prepare('D;V;10000002;' + 'x'.repeat(100_000), false);
    await w.prepare('y'.repeat(100_000), false);
    expect(asked).toEqual([]);
    await w.prepare('z\nX;1\n', false);
    expect(asked).toEqual([['V10000002']]);
    expect(w.has('V10000002')).toBeTrue();
  });

  it('does not ask when a piece completes no line with an id', async () => {
    const asked: string[][] = [];
    const w = windowOf(asked);
    await w.prepare('H;J000000001;ALIM;REC;20261125;0;0.00\n\n   \nD;V\n', false);
    expect(asked).toEqual([]);
    expect(w.has('V')).toBeFalse();
  });
});
