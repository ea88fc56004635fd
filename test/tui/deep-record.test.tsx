// A record nested 5,000 or 20,000 levels deep opens in the TUI (it used to crash the whole TUI with
// "Maximum call stack size exceeded"): the tree stops at MAX_JSON_DEPTH and shows what lies deeper
// as JSON text, and no line runs past the screen's edge.
import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';
import {
  ancestors,
  containerPaths,
  defaultExpanded,
  findPaths,
  jsonLines,
  DEEP_TEXT_MAX,
} from '../../src/tui/kit/json-tree.js';
import { detailLines, treeIndent } from '../../src/tui/events/detail-lines.js';
import { compareRecords } from '../../src/tui/events/compare-records.js';
import { explainIdentity, explainRequest } from '../../src/domain/identity.js';
import { displayWidth } from '../../src/tui/kit/text.js';
import { MAX_JSON_DEPTH } from '../../src/util/deep-json.js';
import type { EventRow } from '../../src/store/event-row.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

/** `{"a":{"a":…"bottom"…}}`, `levels` objects deep. */
function nested(levels: number): unknown {
  return JSON.parse('{"a":'.repeat(levels) + '"bottom"' + '}'.repeat(levels));
}

function deepRecord(levels: number, id = 'deep'): Record<string, unknown> {
  return ctEvent({
    eventID: id,
    requestParameters: nested(levels),
    userIdentity: {
      type: 'IAMUser',
      userName: JSON.parse('['.repeat(levels) + ']'.repeat(levels)),
    },
  });
}

const LEVELS = [5_000, 20_000];

describe.each(LEVELS)('the record tree at %i levels', (levels) => {
  const rec = deepRecord(levels);

  it('walks to MAX_JSON_DEPTH and shows the rest as JSON text', () => {
    const all = new Set(containerPaths(rec));
    // root, requestParameters and MAX_JSON_DEPTH - 1 levels of "a" below it, plus userIdentity's
    expect(all.has('/requestParameters' + '/a'.repeat(MAX_JSON_DEPTH - 2))).toBe(true);
    expect(all.has('/requestParameters' + '/a'.repeat(MAX_JSON_DEPTH - 1))).toBe(false);
    const lines = jsonLines(rec, all);
    const deep = lines.filter((l) =>
      l.text.startsWith(
        `nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels, as JSON text: `,
      ),
    );
    expect(deep.map((l) => l.depth)).toEqual([MAX_JSON_DEPTH, MAX_JSON_DEPTH]);
    expect(deep.every((l) => !l.expandable)).toBe(true);
    expect(
      deep.map((l) => l.text.slice(l.text.indexOf(': ') + 2, l.text.indexOf(': ') + 12)),
    ).toEqual(['[[[[[[[[[[', '{"a":{"a":']);
    expect(deep[0].text.length).toBeLessThan(DEEP_TEXT_MAX + 200);
    expect(lines.length).toBeLessThan(2 * MAX_JSON_DEPTH + 40);
  });

  it('search, ancestors and the default view cope', () => {
    const hits = findPaths(rec, 'nested deeper');
    expect(hits).toHaveLength(2);
    expect(ancestors(hits[0])).toHaveLength(MAX_JSON_DEPTH);
    expect(defaultExpanded(rec)).toEqual(new Set(['', '/userIdentity']));
  });

  it('detail lines fit the width however deep the line', () => {
    const row = { event_id: 'deep' } as unknown as EventRow;
    const out = detailLines(
      {
        row,
        record: rec,
        provenance: [],
        pivots: [],
        pivotCounts: new Map(),
        expanded: new Set(containerPaths(rec)),
      },
      100,
    );
    expect(out.some((l) => l.text.includes(`⋮${MAX_JSON_DEPTH} `))).toBe(true);
    for (const l of out) expect(displayWidth(l.text)).toBeLessThanOrEqual(100);
  });

  it('identity, request and compare views cope', () => {
    expect(
      explainRequest(rec)
        .find((l) => l.label === 'request params')
        ?.value.startsWith('{"a":{"a":'),
    ).toBe(true);
    expect(() => explainIdentity(rec)).not.toThrow();
    const rows = compareRecords([rec, deepRecord(levels, 'other')]);
    expect(rows.find((r) => r.path === 'eventID')?.differs).toBe(true);
    expect(rows.find((r) => r.path.startsWith('requestParameters.a.a'))?.differs).toBe(false);
  });
});

describe('tree indentation', () => {
  it('indents by two columns per level until the width runs out, then writes the level', () => {
    expect(treeIndent(3, 100)).toBe('      ');
    expect(treeIndent(35, 100)).toBe('  '.repeat(35));
    expect(treeIndent(36, 100)).toMatch(/^ +⋮36 $/);
    expect(displayWidth(treeIndent(20_000, 100))).toBeLessThanOrEqual(72);
    expect(displayWidth(treeIndent(20_000, 20))).toBeLessThanOrEqual(10);
  });
});

describe.each(LEVELS)('the TUI opens a record %i levels deep', (levels) => {
  it('opens it, expands all, searches and shows the deep part as text', async () => {
    app = await renderApp(caseFileWith([deepRecord(levels), ctEvent({ eventID: 'plain' })]), {
      columns: 100,
      rows: 40,
    });
    let f = app.frame();
    expect(f).toContain('2 events');
    f = await app.press('G', KEY.enter);
    f = app.frame();
    expect(f).toContain('── Identity');
    f = await app.press('E');
    f = await app.press('/');
    f = await app.press('nested deeper', KEY.enter);
    expect(f).toContain('match 1 of 2');
    expect(f).toContain(`⋮${MAX_JSON_DEPTH} `);
    for (const line of f.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(100);
  }, 30_000);
});
