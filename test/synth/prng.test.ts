import { describe, expect, it } from 'vitest';
import { Prng, WeightedPicker } from '../../src/synth/prng.js';

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Prng('bench-v1');
    const b = new Prng('bench-v1');
    const c = new Prng('bench-v2');
    const sa = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(sa);
  });

  it('pins the first outputs so generated corpora stay identical across versions', () => {
    const r = new Prng(42);
    expect([r.u32(), r.u32(), r.u32()]).toEqual([1028872839, 2516511472, 400437680]);
  });

  it('keeps int, range and next in bounds', () => {
    const r = new Prng(7);
    const bad: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const f = r.next();
      if (!(f >= 0 && f < 1)) bad.push(`next ${f}`);
      const n = r.int(5);
      if (!(n >= 0 && n < 5 && Number.isInteger(n))) bad.push(`int ${n}`);
      const m = r.range(3, 4);
      if (m !== 3 && m !== 4) bad.push(`range ${m}`);
      const z = r.zipfIndex(10);
      if (!(z >= 0 && z < 10)) bad.push(`zipf ${z}`);
    }
    expect(bad).toEqual([]);
  });

  it('makes zipfIndex favour the first items', () => {
    const r = new Prng(1);
    const counts = new Array(20).fill(0);
    for (let i = 0; i < 20_000; i++) counts[r.zipfIndex(20)]++;
    expect(counts[0]).toBeGreaterThan(counts[10] * 3);
    expect(counts[19]).toBeGreaterThan(0);
  });

  it('formats ids the way AWS does', () => {
    const r = new Prng(3);
    expect(r.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(r.awsId('ASIA')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(r.accountId()).toMatch(/^[1-9]\d{11}$/);
    expect(r.ipv4([10])).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    expect(r.hex(6)).toMatch(/^[0-9a-f]{6}$/);
  });

  it('forks independent but reproducible streams', () => {
    const f1 = new Prng(9).fork('files');
    const f2 = new Prng(9).fork('files');
    const g = new Prng(9).fork('events');
    const x = f1.u32();
    expect(f2.u32()).toBe(x);
    expect(g.u32()).not.toBe(x);
  });
});

describe('WeightedPicker', () => {
  it('follows the weights and never picks a zero weight', () => {
    const p = new WeightedPicker([
      ['a', 8],
      ['b', 2],
      ['never', 0],
    ] as const);
    const r = new Prng(5);
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[p.pick(r)]++;
    expect(counts.never).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.75);
    expect(counts.a / 10_000).toBeLessThan(0.85);
  });

  it('rejects an all-zero table', () => {
    expect(() => new WeightedPicker([['x', 0]])).toThrow();
  });
});
