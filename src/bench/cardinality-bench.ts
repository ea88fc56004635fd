/**
 * What the indexed corpus holds, counted in its case file: printed with every run so that a corpus
 * easier than real evidence (few keys, few identities, few objects) shows beside its figures.
 */
import { caseCardinality } from '../store/cardinality.js';
import { openCaseFile } from '../store/db.js';
import type { Figure } from './figures.js';

export function benchCardinality(o: {
  section: string;
  dbPath: string;
  /** What the generator says it wrote, per figure name, to compare with. */
  generated?: Partial<Record<'accessKeys' | 'identityArns' | 's3Objects', number>>;
}): Figure[] {
  const db = openCaseFile(o.dbPath, { readonly: true });
  let c;
  try {
    c = caseCardinality(db);
  } finally {
    db.close();
  }
  const per1M = (n: number): string =>
    c.events > 0 ? `${Math.round((n / c.events) * 1e6).toLocaleString('en-US')} per 1M events` : '';
  const row = (
    name: string,
    key: 'accessKeys' | 'identityArns' | 's3Objects' | 'sourceIps',
  ): Figure => {
    const gen = key === 'sourceIps' ? undefined : o.generated?.[key];
    return {
      section: o.section,
      name,
      unit: 'distinct',
      measured: c[key],
      note:
        per1M(c[key]) +
        (gen === undefined ? '' : gen === c[key] ? '; = generated' : `; generator wrote ${gen}`),
    };
  };
  return [
    row('access keys in the case file', 'accessKeys'),
    row('identity ARNs in the case file', 'identityArns'),
    row('S3 object names in the case file', 's3Objects'),
    row('source IPs in the case file', 'sourceIps'),
  ];
}
