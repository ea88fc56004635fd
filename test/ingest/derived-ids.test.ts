// Records without an eventID get an ID derived from their canonical JSON, so the same record
// written differently (compact, pretty, keys reordered, spaced, numbers or escapes spelt
// differently, wrapped) is one event with one provenance row per copy.
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, ctEvent, type Evidence } from './evidence.js';
import { count, indexInto } from './index-helpers.js';
import { canonicalJson, deriveEventId, normalizeRecord } from '../../src/ingest/normalize.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

function noId(): Record<string, unknown> {
  const r = ctEvent({
    requestParameters: {
      bucketName: 'b',
      tags: [
        { k: 'a', v: 1 },
        { v: 2, k: 'b' },
      ],
    },
  });
  delete r.eventID;
  return r;
}

/** The same object with its keys in reverse order at every level. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversed(x)]),
    );
  return v;
}

/** json.dumps(v) as Python writes it: ", " and ": " between items. */
function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(pyDumps).join(', ') + ']';
  if (v && typeof v === 'object')
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x)}`)
        .join(', ') +
      '}'
    );
  return JSON.stringify(v);
}

describe('derived eventIDs', () => {
  it('an eventID of only blanks names no event: each record gets its own derived ID', () => {
    const a = normalizeRecord({ ...noId(), eventID: ' ', eventName: 'ListUsers' }, '');
    const b = normalizeRecord({ ...noId(), eventID: '\t ', eventName: 'DeleteUser' }, '');
    expect([a.eventIdDerived, b.eventIdDerived]).toEqual([true, true]);
    expect(a.eventId).toMatch(/^derived-/);
    expect(a.eventId).not.toBe(b.eventId);
  });

  it('canonical JSON sorts keys at every level and spells values one way', () => {
    expect(canonicalJson(JSON.parse('{"b":[{"y":1.0,"x":"\\u0041"}],"a":null}'))).toBe(
      '{"a":null,"b":[{"x":"A","y":1}]}',
    );
    const r = noId();
    expect(deriveEventId(reversed(r) as Record<string, unknown>)).toBe(deriveEventId(r));
    expect(deriveEventId(JSON.parse(JSON.stringify(r, null, 2)))).toBe(deriveEventId(r));
    expect(deriveEventId({ ...r, sourceIPAddress: '203.0.113.9' })).not.toBe(deriveEventId(r));
    // array order is data, not layout
    const tags = (r.requestParameters as { tags: unknown[] }).tags;
    expect(
      deriveEventId({ ...r, requestParameters: { bucketName: 'b', tags: [...tags].reverse() } }),
    ).not.toBe(deriveEventId(r));
  });

  it('absurdly deep nesting (200,000 levels) still gets a derived ID, from its canonical JSON', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const id = deriveEventId({ eventVersion: '1.08', deep }, 'raw text');
    expect(id).toMatch(/^derived-[0-9a-f]{32}$/);
  });

  it('six copies of one record, written six ways, are one event with six provenance rows', async () => {
    ev = evidenceDir();
    const r = noId();
    ev.write('compact.jsonl', JSON.stringify(r) + '\n');
    ev.write('pretty.json', JSON.stringify({ Records: [r] }, null, 2));
    ev.write('reordered.json', JSON.stringify({ Records: [reversed(r)] }));
    // Python's json.dumps separators, a float spelt 1.0 and an escaped character
    const spaced = pyDumps({ Records: [r] })
      .replace('"v": 1}', '"v": 1.0}')
      .replace('"alice"', '"\\u0061lice"');
    expect(spaced).toContain('"\\u0061lice"');
    expect(spaced).toContain('"v": 1.0}');
    ev.write('spaced.json', spaced);
    ev.write('siem.jsonl', JSON.stringify({ _raw: JSON.stringify(r), host: 'splunk' }) + '\n');
    // a JSON Lines line is stored as written: its text must not be what is hashed
    ev.write('spaced.jsonl', pyDumps(r) + '\n');
    const s = await indexInto(ev);
    expect(s.files.indexed).toBe(6);
    expect(s.events).toMatchObject({ read: 6, added: 1, duplicates: 5 });
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'derived-%'")).toBe(1);
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(6);
  });
});
