import { NumberLineMap } from './number-line-map';

describe('NumberLineMap', () => {
  it('stores the first line of each key and answers 0 for unknown keys', () => {
    const map = new NumberLineMap();
    expect(map.getOrSet(81_012_345_678, 2)).toBe(0);
    expect(map.getOrSet(81_012_345_678, 9)).toBe(2);
    expect(map.get(81_012_345_678)).toBe(2);
    expect(map.get(5)).toBe(0);
    expect(map.size).toBe(1);
  });

  it('grows and keeps every key exact, whatever the id pattern', () => {
    for (const step of [1, 16, 1024, 1_048_576, 4_294_967_296]) {
      const map = new NumberLineMap();
      const key = (i: number) => 90_000_000_000 + i * step;
      for (let i = 0; i < 20_000; i++) expect(map.getOrSet(key(i), i + 1)).toBe(0);
      expect(map.size).toBe(20_000);
      for (let i = 0; i < 20_000; i += 997) expect(map.get(key(i))).withContext(`${step}/${i}`).toBe(i + 1);
      expect(map.get(key(20_000))).toBe(0);
    }
  });

  it('reserve() keeps contents', () => {
    const map = new NumberLineMap();
    map.getOrSet(123456789, 7);
    map.reserve(100_000);
    expect(map.get(123456789)).toBe(7);
  });
});
