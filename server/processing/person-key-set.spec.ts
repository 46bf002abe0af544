import { frozenSize, keysOf, PersonKeySet } from './person-key-set';

describe('PersonKeySet (the holder set’s keys)', () => {
  // numbers for the usual keys, strings for the rest: each must answer only for itself
  const keys = ['V50000001', 'E50000001', 'V1', 'J999999999', 'V0123', 'V123', 'V1234567890', 'P AB-12', 'X', 'v5', 'V5A'];

  it('answers has/size for exactly the keys added and not deleted, whatever their form', () => {
    const set = new PersonKeySet();
    for (const k of keys) set.add(k);
    set.add('V50000001'); // twice: once
    expect(set.size).toBe(keys.length);
    for (const k of keys) expect(set.has(k)).withContext(k).toBeTrue();
    for (const k of ['V50000002', 'E1', 'V01', 'V12', 'V0', 'J9999999990', 'p AB-12', 'V5', '']) expect(set.has(k)).withContext(k).toBeFalse();
    set.delete('V1');
    set.delete('V0123');
    set.delete('V9'); // absent: nothing
    expect(set.has('V1')).toBeFalse();
    expect(set.has('V123')).toBeTrue();
    expect(set.has('V0123')).toBeFalse();
    expect(set.size).toBe(keys.length - 2);
  });

  it('gives back the same strings when frozen, in slices of any size', () => {
    const set = new PersonKeySet();
    for (const k of keys) set.add(k);
    const frozen = set.freeze();
    set.add('V777'); // after freezing: not in the copy
    expect(frozenSize(frozen)).toBe(keys.length);
    expect(keysOf(frozen, 0, 100).sort()).toEqual([...keys].sort());
    const sliced: string[] = [];
    for (let from = 0; from < frozenSize(frozen); from += 3) sliced.push(...keysOf(frozen, from, 3));
    expect(sliced).toEqual(keysOf(frozen, 0, 100));
  });
});
