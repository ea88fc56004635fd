import { describe, expect, it } from 'vitest';
import { reportCase, HOSTILE } from '../helpers/report-case.js';
import { expectGolden } from '../helpers/golden.js';
import { buildReportModel } from '../../src/report/model.js';
import { reportDocument } from '../../src/report/document.js';
import { renderHtml, renderMarkdown } from '../../src/report/render.js';
import { mdText } from '../../src/report/escape.js';
import { ruleById } from '../../src/domain/notable/rules.js';

/**
 * The golden files hold each rule's id, severity and counts, but a fixed stand-in for its title and
 * reason: those are the rule set's wording (issue 13's), which changes without the report changing.
 */
function render() {
  const db = reportCase();
  try {
    const model = buildReportModel(db);
    const real = renderMarkdown(reportDocument(model));
    const stable = {
      ...model,
      findings: model.findings.map((f) => ({ ...f, title: `rule ${f.id}`, why: `why ${f.id}` })),
    };
    const blocks = reportDocument(stable);
    return { model, real, md: renderMarkdown(blocks), html: renderHtml(blocks) };
  } finally {
    db.close();
  }
}

describe('report', () => {
  const r = render();
  it('writes the fixture case as the golden Markdown and HTML', () => {
    expectGolden('report/case.md', r.md);
    expectGolden('report/case.html', r.html);
  });

  it("names each finding with its rule's own title and reason", () => {
    for (const f of r.model.findings) {
      const rule = ruleById(f.id)!;
      expect(r.real).toContain(`**${mdText(rule.title)}** \\(${f.id}\\)`);
      expect(r.real).toContain(mdText(rule.why));
    }
  });

  it('counts the caveats of the evidence, each with the filter that lists its events', () => {
    const db = reportCase();
    try {
      db.prepare(
        'UPDATE events SET flags = flags | 8 WHERE id IN (SELECT id FROM events LIMIT 2)',
      ).run();
      db.prepare(
        'INSERT INTO event_variants(event_rowid, file_id, record_index, raw_chunk, raw_index) SELECT id, 1, 0, -1, 0 FROM events ORDER BY id DESC LIMIT 1',
      ).run();
      const md = renderMarkdown(reportDocument(buildReportModel(db)));
      expect(md).toContain(
        '- **Caveats:** 1 event with another copy that differs \\(`caveat:differs`\\); 2 events read from damaged data \\(unverified\\) \\(`caveat:unverified`\\)',
      );
    } finally {
      db.close();
    }
  });

  it('is deterministic: a second build of the same case gives the same bytes', () => {
    const again = render();
    expect(again.real).toBe(r.real);
    expect(again.md).toBe(r.md);
    expect(again.html).toBe(r.html);
  });

  it('holds what the case says: files with verdicts, the blind window, the gap, findings with outcomes, notes, the role chain', () => {
    const m = r.model;
    expect(m.verdictsStored).toBe(true);
    expect(m.missingFiles).toHaveLength(1);
    expect(m.coverage.blindWindows.map((b) => [b.kind, b.target])).toEqual([
      ['logging-stopped', 'main'],
    ]);
    expect(m.coverage.gaps).toHaveLength(1);
    const stopped = m.findings.find((f) => f.id === 'cloudtrail-stopped')!;
    expect([stopped.succeeded, stopped.failed]).toEqual([1, 0]);
    const deleted = m.findings.find((f) => f.id === 'cloudtrail-deleted')!;
    expect([deleted.succeeded, deleted.failed]).toEqual([0, 1]);
    expect(m.notes.map((n) => n.eventId)).toEqual([
      'ev-1001-DescribeInstances',
      'ev-1030-StopLogging',
      'gone-event',
    ]);
    expect(m.notes[2].orphan).toBe(true);
    const chain = m.chains.find((c) => c.accessKeyId === 'ASIAOPS0000000000001')!;
    expect(chain.hops.map((h) => h.accessKeyId)).toEqual([
      'AKIAALICE00000000001',
      'ASIAOPS0000000000001',
    ]);
  });

  it('escapes evidence for HTML: no raw tag, control character or bidi override from the evidence', () => {
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<b>42');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.html).not.toMatch(
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
    );
    expect(r.html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    );
    // nothing that loads: no src/href to anywhere, no script
    expect(r.html).not.toMatch(/\s(src|href)=|<script|<link|@import|url\(/i);
  });

  it('escapes evidence for Markdown: pipes, backticks, tags and link syntax cannot form', () => {
    expect(r.md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.md).toContain(
      'evil\\|agent \\`code\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:alert\\(1\\)\\) \\*\\*b\\*\\*',
    );
    expect(r.md).not.toContain('http://x.test');
    // every table row has as many unescaped cell separators as its header
    for (const table of r.md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n');
      const cells = (row: string) =>
        row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]));
    }
    expect(HOSTILE).toContain('|');
  });
});
