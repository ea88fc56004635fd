import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { openCaseFile, type Database } from '../../src/store/db.js';
import { refreshCredentials } from '../../src/case/lineage-refresh.js';
import { addRecords } from './case-file.js';

export const LINEAGE_FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'lineage',
);
export const LINEAGE_FILES = [
  '01-uses.json',
  '02-account-a-sts.json',
  '03-account-b-sts.json',
  '04-org-trail-duplicates.json',
];

export function fixtureRecords(name: string): Record<string, unknown>[] {
  return (
    JSON.parse(readFileSync(join(LINEAGE_FIXTURES, name), 'utf8')) as {
      Records: Record<string, unknown>[];
    }
  ).Records;
}

/**
 * An in-memory case file holding the lineage fixture corpus, loaded file by file in `order`
 * (uses first by default), with the credential index refreshed after each file as an index run would.
 */
export function lineageCaseFile(order: readonly string[] = LINEAGE_FILES): Database {
  const db = openCaseFile(':memory:', { create: true });
  for (const name of order) {
    const before = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number;
    addRecords(db, fixtureRecords(name), join(LINEAGE_FIXTURES, name));
    refreshCredentials(db, before);
  }
  return db;
}
