import { describe, expect, it } from 'vitest';
import { sniffContent } from '../../src/ingest/detect.js';

describe('content sniffing with control characters', () => {
  it('a console CSV with a stray control character in a cell is still CSV', () => {
    const csv =
      'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only\n"e-1","2024-04-11T12:00:00Z","mallory\u0001","GetObject",,,"AKIA","us-east-1",,"1.2.3.4","true"\n';
    expect(sniffContent(Buffer.from(csv), true).kind).not.toBe('not-evidence');
  });

  it('a NUL byte or a dense run of controls is binary', () => {
    expect(sniffContent(Buffer.from('a,b\n\u0000\u0000c'), true).kind).toBe('not-evidence');
    expect(sniffContent(Buffer.from('\u0001\u0002\u0003\u0004\u0005 x'), true).kind).toBe(
      'not-evidence',
    );
  });
});
