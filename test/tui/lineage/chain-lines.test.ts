import { describe, expect, it } from 'vitest';
import { chainLines } from '../../../src/tui/lineage/chain-lines.js';
import { lineageCaseFile } from '../../helpers/lineage-case.js';
import { CredentialStore } from '../../../src/store/credentials.js';
import { traceEvent, traceKey } from '../../../src/domain/lineage.js';

const db = lineageCaseFile();
const store = new CredentialStore(db);

describe('chain view lines', () => {
  it('fit the width, run origin first, and carry the actions Enter takes', () => {
    const lines = chainLines(traceEvent(store, 'use-chain3')!, 80);
    expect(lines.every((l) => l.text.length <= 80)).toBe(true);
    expect(lines[0].text).toBe('Origin: iam-user  user/ci-deploy  (account 111122223333)');
    const hop = lines.find((l) => l.text.startsWith('● AKIACIDEPLOY00000001'));
    expect(hop?.action).toEqual({ kind: 'key-events', key: 'AKIACIDEPLOY00000001' });
    const issued = lines.find((l) =>
      l.text.includes('issued by AssumeRole at 2024-04-11T10:05:00Z'),
    );
    expect(issued?.action?.kind).toBe('event');
    const keys = lines.filter((l) => l.text.startsWith('● ')).map((l) => l.text.slice(2, 22));
    expect(keys).toEqual([
      'AKIACIDEPLOY00000001',
      'ASIACHAIN10000000001',
      'ASIACHAIN20000000002',
      'ASIACHAIN30000000003',
    ]);
  });

  it('list minted keys as chain links and say why an incomplete chain stops', () => {
    const minted = chainLines(traceKey(store, 'ASIACHAIN10000000001')!, 100);
    expect(minted.find((l) => l.text.startsWith('└─ ASIACHAIN20000000002'))?.action).toEqual({
      kind: 'chain',
      key: 'ASIACHAIN20000000002',
    });
    const gap = chainLines(traceKey(store, 'ASIAEXTERNALONLY0001')!, 100);
    expect(gap[1]).toMatchObject({ style: 'warn' });
    expect(gap[1].text).toMatch(
      /^Chain INCOMPLETE: issued by AssumeRole to a caller in account 777788889999/,
    );
  });
});
