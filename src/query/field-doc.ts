import { FIELDS, type FieldDef } from './fields.js';

/**
 * How a field's values are compared, in words, read off its declaration: the reference table in
 * docs/filters.md is this text, checked by a test, so the documentation cannot drift from the code.
 */
export function matchingOf(f: FieldDef): string {
  const t = f.target;
  switch (t.type) {
    case 'dict':
      return t.match === 'contains'
        ? 'substring, ASCII case-insensitive; `:=` for the whole value'
        : t.rewrite
          ? 'whole value, ASCII case-insensitive; plain values may be shorthands (quote to turn off)'
          : 'whole value, ASCII case-insensitive';
    case 'ip':
      return 'canonical address (leading zeros decimal, `::ffff:` IPv4, compressed IPv6); plain `a/n` is a CIDR range';
    case 'session':
      return 'the session part of the caller ARN, ASCII case-insensitive; missing for other ARNs';
    case 'identity':
      return 'ARN, else invoking service, else principal ID; ASCII case-insensitive';
    case 'column':
      return 'whole value, case-sensitive';
    case 'bool':
      return 'true / false (yes/no, 1/0)';
    case 'serviceCaller':
      return 'true / false; never missing';
    case 'caseData':
      return t.data === 'note'
        ? 'substring of any note, ASCII case-insensitive; `:=` for a whole note'
        : t.data === 'tag'
          ? 'any of the tags, ASCII case-insensitive'
          : t.data === 'caveat'
            ? 'any of the named caveats (multi-valued); `-caveat:*` for events without one'
            : 'yes / no / unknown, from the latest `trailscope verify`; never missing';
    case 'param':
      return 'any of the values (multi-valued): one `key=value` line matches';
    case 'resource':
      return t.part === 'name'
        ? 'any of the values (multi-valued), ASCII case-insensitive; a name counts as the ARN of its event ending in it, an S3 bucket name as `arn:aws:s3:::NAME`; a plain name also matches ARNs ending in it'
        : 'any of the values (multi-valued), ASCII case-insensitive';
    case 'time':
      return 'UTC; events with an unparsed eventTime are in no range';
    case 'has':
      return 'whether the named field has a value';
  }
}

const code = (s: string): string => '`' + s + '`';

/** The field reference as a Markdown table, one row per declared field. */
export function fieldTableMarkdown(): string {
  const rows = FIELDS.map(
    (f) =>
      `| ${code(f.name)} | ${f.aliases.map(code).join(' ')} | ${f.description.replace(/\|/g, '\\|')} | ${matchingOf(f)} | ${code(f.example)} |`,
  );
  return [
    '| field | aliases | matches | compared as | example |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
