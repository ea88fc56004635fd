/**
 * Issue #3 figures: first page of single-field filters, combined filters with a time range, stats,
 * and export throughput. Filters use values the corpus is known to hold (from the generator's
 * world), spanning popular, rare and pattern-matched values.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilter } from '../query/index.js';
import { countEvents, pageEvents } from '../store/event-pages.js';
import { MATCH_ALL } from '../store/filter-sql.js';
import { openCaseFile, type Database } from '../store/db.js';
import { totals, valueCounts } from '../store/stats.js';
import type { World } from '../synth/bench/world.js';
import { runChild } from './child.js';
import { summarize, type Figure } from './figures.js';

export const PAGE_ROWS = 100;

export function singleFieldFilters(w: World): string[] {
  const human = w.users.find((u) => u.human) ?? w.users[0];
  const svc = w.users.find((u) => !u.human) ?? w.users[0];
  const prod = w.accounts.find((a) => a.name === 'prod') ?? w.accounts[0];
  const role = w.roles.find((r) => r.kind === 'ci') ?? w.roles[0];
  if (!human || !svc || !prod || !role) throw new Error('benchmark world is empty');
  return [
    'name:AssumeRole',
    'name:GetObject',
    'name:StopLogging',
    'name:Describe*',
    'name:StopLogging,DeleteTrail',
    'source:iam.amazonaws.com',
    `user:${human.userName}`,
    `key:${human.keys[0]}`,
    `key:${svc.keys[0]}`,
    `ip:${human.ips[0]}`,
    'ip:203.0.113.0/24',
    'ip:10.0.0.0/8',
    'region:eu-west-1',
    'region:sa-east-1',
    `account:${prod.id}`,
    `recipient:${prod.id}`,
    'type:AssumedRole',
    'type:Root',
    'arn:*admin*',
    `role:arn:aws:iam::${role.account}:role/${role.roleName}`,
    'error:*',
    'error:AccessDenied',
    'message:*not authorized*',
    'ua:*terraform*',
    'category:data',
    'readOnly:false',
    'mfa:true',
    'eventType:AwsConsoleSignIn',
    'resource:*terraform-state*',
    'param:*prod/db/password*',
    'has:sourceIdentity',
    human.userName,
  ];
}

export function combinedFilters(w: World): string[] {
  const human = w.users.find((u) => u.human) ?? w.users[0];
  const prod = w.accounts.find((a) => a.name === 'prod') ?? w.accounts[0];
  if (!human || !prod) throw new Error('benchmark world is empty');
  return [
    `name:AssumeRole user:${human.userName} after:2024-04-02 before:2024-04-05`,
    'error:* -ip:203.0.113.0/24 on:2024-04-03',
    `source:s3.amazonaws.com readOnly:false account:${prod.id} after:2024-04-04T08:00Z before:2024-04-04T20:00Z`,
    '(name:CreateUser OR name:CreateAccessKey OR name:AttachUserPolicy) after:2024-04-01 before:2024-04-08',
    `type:AssumedRole region:us-east-1 -error:* after:2024-04-06 before:2024-04-06T06:00Z`,
    `key:${human.keys[0]} name:Get* after:2024-04-01 before:2024-04-03`,
  ];
}

interface Timed {
  filter: string;
  firstMs: number;
  warmMs: number;
  rows: number;
}

/** First page of a filter, newest first: compile + keyset page, as the TUI and `query` do. */
function firstPage(db: Database, text: string): number {
  const f = compileFilter(text);
  return pageEvents(db, f, { limit: PAGE_ROWS, order: 'desc' }).length;
}

function timeFilters(dbPath: string, filters: readonly string[]): Timed[] {
  // A fresh connection: no statement cache, no SQLite page cache (the OS cache is warm after indexing).
  const db = openCaseFile(dbPath, { readonly: true });
  try {
    return filters.map((filter) => {
      let t0 = performance.now();
      const rows = firstPage(db, filter);
      const firstMs = performance.now() - t0;
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) {
        t0 = performance.now();
        firstPage(db, filter);
        warm.push(performance.now() - t0);
      }
      return { filter, firstMs, warmMs: summarize(warm).median, rows };
    });
  } finally {
    db.close();
  }
}

function worst(list: Timed[], key: 'firstMs' | 'warmMs'): Timed {
  return list.reduce((a, b) => (b[key] > a[key] ? b : a));
}

function filterFigures(section: string, label: string, target: number, timed: Timed[]): Figure[] {
  const wFirst = worst(timed, 'firstMs');
  const wWarm = worst(timed, 'warmMs');
  const med = summarize(timed.map((t) => t.firstMs)).median;
  const over = timed
    .filter((t) => t.firstMs > target)
    .map((t) => `${t.filter} ${t.firstMs.toFixed(0)}ms`);
  return [
    {
      section,
      name: `${label}: slowest first page (${timed.length} filters)`,
      unit: 'ms',
      measured: wFirst.firstMs,
      target: { kind: 'max', value: target },
      note: `${wFirst.filter}; median ${med.toFixed(1)} ms${over.length ? `; over: ${over.slice(0, 6).join(', ')}` : ''}`,
    },
    {
      section,
      name: `${label}: slowest repeat (warm)`,
      unit: 'ms',
      measured: wWarm.warmMs,
      target: { kind: 'max', value: target },
      note: wWarm.filter,
    },
  ];
}

/** Is a CLI command really built (and not a `notYet` placeholder)? */
export async function cliHas(cli: string, command: string): Promise<boolean> {
  const r = await runChild(process.execPath, [cli, command, '--help']);
  return r.code === 0 && !/not (built|available) yet/i.test(r.stdout + r.stderr);
}

const STATS_KEYS = [
  'event_name',
  'event_source',
  'access_key_id',
  'source_ip',
  'aws_region',
  'account_id',
  'error_code',
  'user_agent',
] as const;

export async function benchQuery(o: {
  cli: string;
  dbPath: string;
  /** Filters that select something in this corpus: single fields, and combinations with a time range. */
  filters: { single: readonly string[]; combined: readonly string[] };
  workDir: string;
}): Promise<Figure[]> {
  const S = 'query (#3)';
  const figures: Figure[] = [];
  figures.push(
    ...filterFigures(S, 'single-field filter', 20, timeFilters(o.dbPath, o.filters.single)),
  );
  figures.push(
    ...filterFigures(
      S,
      'combined filter + time range',
      100,
      timeFilters(o.dbPath, o.filters.combined),
    ),
  );

  // stats: the command end to end when it exists (what a user waits for), else the store calls it makes.
  if (await cliHas(o.cli, 'stats')) {
    const runs: number[] = [];
    let failed = '';
    for (let i = 0; i < 3; i++) {
      const r = await runChild(process.execPath, [o.cli, 'stats', '--db', o.dbPath, '--json']);
      if (r.code !== 0) failed = r.stderr.slice(0, 160);
      runs.push(r.wallMs);
    }
    figures.push({
      section: S,
      name: '`trailscope stats` (whole case file)',
      unit: 'ms',
      measured: failed ? null : summarize(runs).median,
      target: { kind: 'max', value: 1000 },
      note: failed
        ? `stats failed: ${failed}`
        : `median of 3 runs of the built CLI (incl. ~node start-up); max ${summarize(runs).max.toFixed(0)} ms`,
    });
  }
  const db = openCaseFile(o.dbPath, { readonly: true });
  try {
    const all = compileFilter('');
    const t0 = performance.now();
    totals(db, all);
    for (const field of STATS_KEYS) valueCounts(db, all, { kind: 'dict', field }, 10);
    valueCounts(db, all, { kind: 'identity' }, 10);
    figures.push({
      section: S,
      name: 'stats store queries (in process)',
      unit: 'ms',
      measured: performance.now() - t0,
      target: { kind: 'max', value: 1000 },
      note: 'totals + top 10 of 9 fields over every event',
    });
  } finally {
    db.close();
  }

  if (await cliHas(o.cli, 'export')) {
    const out = join(o.workDir, 'export.jsonl');
    rmSync(out, { force: true });
    const r = await runChild(process.execPath, [
      o.cli,
      'export',
      '--db',
      o.dbPath,
      '--out',
      out,
      '--format',
      'jsonl',
    ]);
    const dbc = openCaseFile(o.dbPath, { readonly: true });
    const n = countEvents(dbc, MATCH_ALL);
    dbc.close();
    let size = 0;
    try {
      size = statSync(out).size;
    } catch {
      /* no file: reported below */
    }
    rmSync(out, { force: true });
    figures.push({
      section: S,
      name: '`trailscope export --format jsonl` (all events)',
      unit: 'ev/s',
      measured: r.code === 0 ? n / (r.wallMs / 1000) : null,
      target: { kind: 'min', value: 50_000 },
      note:
        r.code === 0
          ? `${n.toLocaleString('en-US')} events, ${(size / 1048576).toFixed(0)} MB in ${(r.wallMs / 1000).toFixed(1)} s`
          : `export failed: ${r.stderr.slice(0, 160)}`,
    });
  } else {
    figures.push({
      section: S,
      name: '`trailscope export`',
      unit: 'ev/s',
      measured: null,
      target: { kind: 'min', value: 50_000 },
      note: 'export command not built yet',
    });
  }
  return figures;
}
