import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('@duckdb/node-api');
  vi.resetModules();
});

describe('Parquet without the optional DuckDB dependency', () => {
  it('the file fails with a message saying how to install it; nothing else is affected', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', () => {
      throw new Error("Cannot find package '@duckdb/node-api'");
    });
    const { evidenceDir } = await import('../evidence.js');
    const { fileRow, indexInto } = await import('../index-helpers.js');
    const ev = evidenceDir();
    try {
      ev.write(
        'part-0.parquet',
        Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64), Buffer.from('PAR1')]),
      );
      ev.write(
        'ok.json',
        JSON.stringify({
          Records: [
            {
              eventVersion: '1.09',
              eventID: 'fine-1',
              eventName: 'ListUsers',
              eventSource: 'iam.amazonaws.com',
              eventTime: '2024-04-11T12:00:00Z',
            },
          ],
        }),
      );
      const s = await indexInto(ev);
      const f = fileRow(ev, 'part-0.parquet');
      expect(f.status).toBe('failed');
      expect(f.error).toMatch(
        /optional dependency @duckdb\/node-api.*npm install @duckdb\/node-api/,
      );
      expect(fileRow(ev, 'ok.json').events).toBe(1);
      expect(s.failed).toHaveLength(1);
    } finally {
      ev.cleanup();
    }
  });
});
