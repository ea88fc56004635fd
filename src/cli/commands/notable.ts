import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, UserError } from '../exit.js';
import { FILTER_HELP, filterFromArgs, parseCount } from '../filter-arg.js';
import { safeJson } from '../safe-json.js';
import { formatNotableEvents, formatRuleCounts, formatRuleList } from '../notable-text.js';
import { forResponderData, openCase } from '../../case/open.js';
import { bringUpToDate } from '../../case/derived.js';
import {
  notableEvents,
  notableRuleViews,
  notableTotals,
  RULE_SORTS,
  sortRuleViews,
  type RuleSort,
} from '../../case/notable/report.js';
import { RULES, ruleById } from '../../domain/notable/rules.js';
import { formatTime } from '../../domain/time.js';
import { matchSeverity, SEVERITIES, type Severity } from '../../domain/notable/types.js';
import { safeText } from '../../util/safe-text.js';
import { withSigmaRules, withSigmaSeverity } from '../../case/sigma/report.js';
import {
  applyRulePacks,
  collect,
  rulePaths,
  RULES_MOVED,
  RULES_OPTION_HELP,
} from '../sigma-run.js';

interface NotableOptions {
  db?: string;
  json?: boolean;
  rule?: string;
  limit?: string;
  rules?: string[] | boolean;
  severity?: string;
  sort?: string;
}

function parseLimit(v: string | undefined): number {
  const n = parseCount(v, 20);
  if (n === null)
    throw new UserError(`--limit must be a whole number (got "${safeText(v, { max: 40 })}")`);
  return n;
}

function width(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

export const notableCommand: CommandSpec = {
  name: 'notable',
  configure(cmd) {
    cmd
      .argument('[filter...]', `only events matching this ${FILTER_HELP}`)
      .option('--db <file>', DB_OPTION_HELP)
      .option('--rule <id>', 'list the events of one rule')
      .option('--limit <n>', 'events to list (default 20; 0 for the rule summary only)')
      .option(
        '--severity <level>',
        `lowest severity in the event list: ${SEVERITIES.join(', ')} (default low)`,
      )
      .option('--sort <order>', `rule order: ${RULE_SORTS.join(', ')} (default severity)`)
      .option('--rules [dir]', RULES_OPTION_HELP, collect)
      .option('--json', 'print one JSON object: { rules: [...], events: [...] }')
      .addHelpText(
        'after',
        '\nExit status: 0 notable events found, 1 none, 2 usage or case-file error.',
      );
  },
  run(words: string[] | undefined, opts: NotableOptions) {
    const filterText = (words ?? []).join(' ');
    if (opts.rules === true) {
      process.stderr.write(RULES_MOVED);
      return EXIT_ERROR;
    }
    if (opts.rule && !ruleById(opts.rule) && !opts.rule.startsWith('sigma:')) {
      throw new UserError(
        `unknown rule "${safeText(opts.rule, { max: 60 })}"; \`trailscope rules\` lists them`,
      );
    }
    const limit = parseLimit(opts.limit);
    const minSeverity = (opts.severity ?? 'low') as Severity;
    if (!SEVERITIES.includes(minSeverity)) {
      throw new UserError(
        `--severity must be one of ${SEVERITIES.join(', ')} (got "${safeText(opts.severity, { max: 40 })}")`,
      );
    }
    const sort = (opts.sort ?? 'severity') as RuleSort;
    if (!RULE_SORTS.includes(sort)) {
      throw new UserError(
        `--sort must be one of ${RULE_SORTS.join(', ')} (got "${safeText(opts.sort, { max: 40 })}")`,
      );
    }
    const filter = filterFromArgs('notable', words);
    if (!filter) return EXIT_ERROR;
    const { path } = resolveDbPath(opts.db);
    const packs = rulePaths(Array.isArray(opts.rules) ? opts.rules : undefined);
    // read-only unless something must be written: packs given now are the responder's data, rule
    // results out of date are derived data (computed in a temporary copy on read-only storage)
    let db = openCase(path, 'read');
    try {
      if (packs.length) db = forResponderData(db);
      // Case files indexed before the rules (or by an older rule set) are brought up to date once;
      // Sigma packs given now are recorded and run below, with their progress line
      db = bringUpToDate(db, packs.length ? ['notable'] : ['notable', 'sigma']);
      if (packs.length && !applyRulePacks(db, packs).ok) return EXIT_ERROR;
      const rules = sortRuleViews(
        withSigmaRules(db, filter, notableRuleViews(db, filter, sort)),
        sort,
      ).filter((r) => !opts.rule || r.id === opts.rule);
      const totals = notableTotals(db, filter);
      const events =
        limit > 0
          ? withSigmaSeverity(
              db,
              notableEvents(db, { filter, rule: opts.rule, limit, minSeverity }),
            )
          : [];
      if (opts.json) {
        process.stdout.write(
          safeJson(
            {
              filter: filterText,
              sort,
              totals,
              rules: rules.map((r) => ({
                ...r,
                firstSeen: r.firstSeen && formatTime(r.firstSeen),
                lastSeen: r.lastSeen && formatTime(r.lastSeen),
              })),
              events: events.map(({ rowid, time, ...e }) => ({
                ...e,
                eventTime: formatTime(time),
              })),
            },
            2,
          ) + '\n',
        );
      } else if (rules.length === 0) {
        process.stdout.write('no notable events' + (filterText ? ' for this filter' : '') + '\n');
      } else {
        const out = [
          `${rules.length} rule${rules.length === 1 ? '' : 's'} matched ${totals.events.toLocaleString('en-US')} distinct event${totals.events === 1 ? '' : 's'} ` +
            `(${totals.succeeded.toLocaleString('en-US')} succeeded) · by ${sort}`,
          ...formatRuleCounts(rules, width()),
        ];
        if (events.length)
          out.push(
            '',
            `${opts.rule ? `Events of ${opts.rule}` : 'Latest notable events'}, newest first:`,
            ...formatNotableEvents(events, width()),
          );
        process.stdout.write(out.join('\n') + '\n');
      }
      return rules.length ? EXIT_OK : EXIT_PARTIAL;
    } finally {
      db.close();
    }
  },
};
