/**
 * What the case file knows about an event's record that limits what it can prove: the `caveat:`
 * filter field, the event detail's "Caveats" section and the report read this one list. A flag
 * caveat is a bit of `events.flags`, set when the record was read; `differs` is a fact of the case
 * as a whole (another copy of the eventID was read with other bytes), known only once both were.
 */
export interface Caveat {
  name: CaveatName;
  /** The `events.flags` bit, for caveats known when the record is read. */
  flag?: number;
  /** One line for the detail view and the README: what the caveat means for the evidence. */
  text: string;
}

export type CaveatName = 'differs' | 'unverified' | 'rebuilt' | 'engine' | 'derivedId' | 'badTime';

/** The bits, declared here once (store/event-row.ts re-exports the older three). */
export const FLAG_TIME_UNPARSED = 1;
export const FLAG_EVENT_ID_DERIVED = 2;
export const FLAG_ENGINE_IMPORT = 4;
export const FLAG_UNVERIFIED = 8;
export const FLAG_REBUILT = 16;

export const CAVEATS: readonly Caveat[] = [
  {
    name: 'differs',
    text: 'another copy of this eventID was read with other bytes and other values: both are kept, and one may have been altered (the other copy section shows which fields differ; which was read first proves nothing)',
  },
  {
    name: 'unverified',
    flag: FLAG_UNVERIFIED,
    text: 'read from damaged compressed data (a failed gzip checksum, a zip member that fails its CRC or has the wrong size): the damage may lie before this record, so it may hold altered values',
  },
  {
    name: 'rebuilt',
    flag: FLAG_REBUILT,
    text: 'from summary fields only: a lookup-events entry whose CloudTrailEvent was cut, damaged or absent, or a console CSV row without a whole record in it (no source IP, ARN, parameters or response beyond what the summary has)',
  },
  {
    name: 'engine',
    flag: FLAG_ENGINE_IMPORT,
    text: "rebuilt from a query engine's result (Athena, Security Lake, CloudTrail Lake), not a delivered record: fields may be missing or reformatted",
  },
  {
    name: 'derivedId',
    flag: FLAG_EVENT_ID_DERIVED,
    text: 'the record has no eventID: its ID was derived from its content, so copies that differ are not recognised as one event',
  },
  {
    name: 'badTime',
    flag: FLAG_TIME_UNPARSED,
    text: 'its eventTime did not parse: it is kept as written, sorts before every other event, and no time filter selects it',
  },
];

/** Every flag bit that is a caveat. */
export const CAVEAT_FLAGS = CAVEATS.reduce((m, c) => m | (c.flag ?? 0), 0);

const BY_KEY = new Map(CAVEATS.map((c) => [c.name.toLowerCase(), c]));
/** What people may type for a caveat, beside its name. */
const ALIASES: Record<string, CaveatName> = {
  differ: 'differs',
  differing: 'differs',
  tampered: 'differs',
  damaged: 'unverified',
  summary: 'rebuilt',
  import: 'engine',
  derived: 'derivedId',
  noid: 'derivedId',
  time: 'badTime',
  badtime: 'badTime',
};

/** The caveat a typed value names (case-insensitive, `_` and `-` ignored), or undefined. */
export function caveatNamed(text: string): Caveat | undefined {
  const k = text.toLowerCase().replace(/[_-]/g, '');
  return BY_KEY.get(k) ?? (ALIASES[k] ? BY_KEY.get(ALIASES[k].toLowerCase()) : undefined);
}

/** An event's caveats: `differs` (known from the case file's copies) first, then its flags'. */
export function eventCaveats(flags: number, differs: boolean): Caveat[] {
  return [...(differs ? CAVEATS.filter((c) => c.name === 'differs') : []), ...flagCaveats(flags)];
}

/** The caveats an event's flags carry (not `differs`, which the case file knows separately). */
export function flagCaveats(flags: number): Caveat[] {
  return CAVEATS.filter((c) => c.flag !== undefined && (flags & c.flag) !== 0);
}
