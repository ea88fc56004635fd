import { describe, expect, it } from 'vitest';
import { EventIdTable, hashId } from '../../src/store/event-id-table.js';

describe('EventIdTable', () => {
  it('finds every ID added through growth, and none that was not', () => {
    const t = new EventIdTable(1_000_000, 16);
    const stored = new Map<string, number>();
    for (let i = 1; i <= 50_000; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      t.add(id, i);
      stored.set(id, i);
    }
    const same = (id: string) => (rowid: number) => stored.get(id) === rowid;
    for (const [id, rowid] of stored) expect(t.find(id, same(id))).toBe(rowid);
    expect(t.find('not-there', same('not-there'))).toBe(0);
    expect(t.size).toBe(50_000);
  });

  it('takes a matching hash for a duplicate only when the stored row confirms it', () => {
    const t = new EventIdTable(10);
    t.add('a', 7);
    // the row id was rolled back and reused by another event: no duplicate
    expect(t.find('a', () => false)).toBe(0);
    // the same ID at two row ids (the first rolled back): the confirmed one is found
    t.add('a', 9);
    expect(t.find('a', (rowid) => rowid === 9)).toBe(9);
  });

  it('IDs made to collide: still exact, and the table asks to be replaced by the index', () => {
    const t = new EventIdTable(1_000_000, 16, () => 7);
    const rows = new Map<string, number>();
    for (let i = 1; i <= 600; i++) {
      t.add(`id-${i}`, i);
      rows.set(`id-${i}`, i);
    }
    expect(t.full).toBe(false);
    expect(t.find('id-600', (r) => rows.get('id-600') === r)).toBe(600);
    expect(t.find('id-999', () => false)).toBe(0);
    expect(t.full).toBe(true);
  });

  it('seeds its hash per table', () => {
    expect(hashId('same-id', 1)).not.toBe(hashId('same-id', 2));
  });

  it('says when it is full', () => {
    const t = new EventIdTable(2);
    t.add('a', 1);
    expect(t.full).toBe(false);
    t.add('b', 2);
    expect(t.full).toBe(true);
  });

  it('spreads close IDs over the hash space', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(hashId(`e-${i}`) & 0xffff);
    // 10k keys into 65,536 buckets: ~9,300 distinct expected for a uniform hash
    expect(seen.size).toBeGreaterThan(9_000);
  });
});
