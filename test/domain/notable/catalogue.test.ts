import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/domain/notable/rules.js';
import {
  catalogueProblems,
  type Catalogue,
} from '../../../src/domain/notable/catalogue/catalogue.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const CATALOGUE: Catalogue = JSON.parse(
  readFileSync(join(REPO_ROOT, 'src/domain/notable/catalogue/stratus-red-team-aws.json'), 'utf8'),
) as Catalogue;

describe('the attack-technique catalogue', () => {
  it('is pinned to one commit of the catalogue and lists each AWS technique once', () => {
    expect(CATALOGUE.commit).toMatch(/^[0-9a-f]{40}$/);
    const ids = CATALOGUE.techniques.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('aws.'))).toBe(true);
    // docs/index.yaml at the pinned commit lists 43 AWS techniques
    expect(ids).toHaveLength(43);
    for (const t of [...CATALOGUE.techniques, ...CATALOGUE.extra]) {
      expect(t.attack.length, t.id).toBeGreaterThan(0);
      for (const a of t.attack) expect(a, t.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(t.keyEvents.length, t.id).toBeGreaterThan(0);
    }
  });

  it('every technique and named pattern has a rule of its own at medium or above, and every rule id exists', () => {
    expect(catalogueProblems(CATALOGUE, RULES)).toEqual([]);
  });

  it('the check fails for a technique without a rule, an unknown rule id, or only the generic burst', () => {
    const entry = CATALOGUE.techniques[0];
    const broken: Catalogue = {
      ...CATALOGUE,
      extra: [],
      techniques: [
        { ...entry, id: 'aws.test.none', rules: [] },
        { ...entry, id: 'aws.test.unknown', rules: ['no-such-rule'] },
        { ...entry, id: 'aws.test.generic', rules: ['access-denied-burst'] },
        {
          ...entry,
          id: 'aws.test.low',
          keyEvents: ['ChangePassword'],
          rules: ['iam-password-changed'],
        },
        {
          ...entry,
          id: 'aws.test.elsewhere',
          keyEvents: ['ListBuckets'],
          rules: ['cloudtrail-stopped'],
        },
      ],
    };
    const problems = catalogueProblems(broken, RULES);
    expect(problems).toEqual([
      'aws.test.none: no rule',
      'aws.test.none: no rule of its own at medium or above',
      'aws.test.unknown: rule no-such-rule does not exist',
      'aws.test.unknown: no rule of its own at medium or above',
      'aws.test.generic: no rule of its own at medium or above',
      'aws.test.low: no rule of its own at medium or above',
      'aws.test.elsewhere: cloudtrail-stopped looks at none of ListBuckets',
    ]);
  });
});
