import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { compileFilter } from '../../src/query/index.js';
import { countEvents, pageEvents } from '../../src/store/event-pages.js';

const at = (min: number): string => `2024-04-11T12:${String(min).padStart(2, '0')}:00Z`;

function db10() {
  const records = Array.from({ length: 10 }, (_, i) =>
    ctEvent({
      eventTime: at(i),
      eventName: i % 2 ? 'StopLogging' : 'DescribeInstances',
      eventID: `ev-${i}`,
    }),
  );
  // two events at the same instant: paging must order them by id and never skip one
  records.push(ctEvent({ eventTime: at(5), eventName: 'StopLogging', eventID: 'ev-same' }));
  return caseFileWith(records);
}

describe('event pages', () => {
  it('counts matching events', () => {
    const db = db10();
    expect(countEvents(db, compileFilter(''))).toBe(11);
    expect(countEvents(db, compileFilter('name:stoplogging'))).toBe(6);
  });

  it('walks every row once with keyset pages, both ways', () => {
    const db = db10();
    const f = compileFilter('');
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let after: { time_ms: number; id: number } | undefined;
      for (;;) {
        const page = pageEvents(db, f, { after, limit: 3, order });
        if (page.length === 0) break;
        seen.push(...page.map((r) => r.event_id));
        const last = page[page.length - 1];
        after = { time_ms: last.time_ms, id: last.id };
      }
      expect(new Set(seen).size).toBe(11);
      expect(seen).toHaveLength(11);
      const times = seen.map(
        (id) =>
          db.prepare('SELECT time_ms FROM events WHERE event_id = ?').pluck().get(id) as number,
      );
      const sorted = [...times].sort((a, b) => (order === 'asc' ? a - b : b - a));
      expect(times).toEqual(sorted);
    }
  });

  it('returns rows with text columns joined back', () => {
    const db = db10();
    const [row] = pageEvents(db, compileFilter('name:StopLogging'), { limit: 1, order: 'desc' });
    expect(row.event_name).toBe('StopLogging');
    expect(row.event_id).toBe('ev-9');
    expect(row.user_name).toBe('alice');
  });
});

describe('ip ranges on stored events', () => {
  const db = caseFileWith([
    ctEvent({ sourceIPAddress: '81.2.69.142', eventID: 'v4-a' }),
    ctEvent({ sourceIPAddress: '81.2.69.143', eventID: 'v4-b' }),
    ctEvent({ sourceIPAddress: '::ffff:10.1.2.3', eventID: 'mapped' }),
    ctEvent({ sourceIPAddress: '10.9.9.9', eventID: 'v4-c' }),
    ctEvent({ sourceIPAddress: '2001:db8::5', eventID: 'v6' }),
  ]);
  const ids = (filter: string): string[] =>
    pageEvents(db, compileFilter(filter), { limit: 100, order: 'asc' })
      .map((r) => r.event_id)
      .sort();

  it('a /32 is the one address, a /31 its pair', () => {
    expect(ids('ip:81.2.69.142/32')).toEqual(['v4-a']);
    expect(ids('ip:81.2.69.142/31')).toEqual(['v4-a', 'v4-b']);
  });

  it('IPv4 ranges match IPv4-mapped IPv6 spellings too', () => {
    expect(ids('ip:10.0.0.0/8')).toEqual(['mapped', 'v4-c']);
    expect(ids('ip:10.1.2.3/32')).toEqual(['mapped']);
    expect(ids('ip:2001:db8::/32')).toEqual(['v6']);
  });
});
