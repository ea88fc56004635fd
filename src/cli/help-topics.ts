import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `trailscope help TOPIC`: reference pages that are not one command's options. Each topic prints
 * its page under docs/, so the words in the terminal are the words of the documentation.
 */
export const HELP_TOPICS: Readonly<Record<string, string>> = {
  filters: 'filters.md',
  triage: 'triage.md',
};

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

export function helpTopicText(topic: string): string | null {
  const file = HELP_TOPICS[topic];
  return file ? readFileSync(join(DOCS, file), 'utf8') : null;
}
