import { describe, expect, it } from 'vitest';
import { detailLines } from '../../../src/tui/events/detail-lines.js';
import type { EventRow } from '../../../src/store/event-row.js';

const record = {
  eventName: 'AssumeRoleWithWebIdentity',
  userIdentity: {
    type: 'WebIdentityUser',
    principalId: 'accounts.google.com:1234',
    sessionContext: {
      webIdFederationData: {
        federatedProvider: 'accounts.google.com',
        attributes: {
          'evil\u001b]52;c;ZXZpbA==\u0007key': 'v1',
          'a-very-long-attribute-key-name': 'v2',
          short: 'v3',
        },
      },
    },
  },
};

const lines = () =>
  detailLines(
    {
      row: { id: 1 } as EventRow,
      record,
      provenance: [],
      pivots: [],
      pivotCounts: new Map(),
      expanded: new Set(),
    },
    80,
  ).map((l) => l.text);

describe('detail lines: identity labels', () => {
  it('makes evidence labels safe and cuts long ones visibly, keeping the value column', () => {
    const all = lines();
    expect(all.join('\n')).not.toMatch(/\u001b|\u0007/);
    const evil = all.find((l) => l.includes('evil'))!;
    expect(evil).toBe('    evil\\e]52;c;ZX… v1');
    const long = all.find((l) => l.includes('a-very-long'))!;
    expect(long).toBe('    a-very-long-at… v2');
    expect(all.find((l) => l.includes('short'))).toBe('    short           v3');
    // every value starts in the same column
    for (const l of [evil, long]) expect(l.indexOf('v', 20)).toBe(20);
  });
});
