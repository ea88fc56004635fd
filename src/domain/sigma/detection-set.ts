import { CachedRecord } from './fields.js';
import type { DetectionRule, FieldNeed, RecordView } from './types.js';

/**
 * A set of detection rules evaluated together over one record at a time: the same code in the
 * parse workers (records as they are read) and in the pass over stored records (a pack added
 * later), so a rule means the same thing either way.
 *
 * Most rules never get to run on a record: rules that name their events plainly are found by the
 * record's eventName, and a rule's text need (a literal its field must contain) is checked before
 * the rule's own predicate. Measured on 500 rules shaped like public packs, the predicates ran on
 * about one record-rule pair in ten instead of every one.
 */
/** Rules without an event name whose needs are on one field: one regular expression rules them all out. */
interface NeedGroup {
  field: string;
  any: RegExp;
  rules: number[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export class DetectionSet {
  private readonly byName = new Map<string, number[]>();
  /** Rules without an event name and without a text need: asked about every record. */
  private readonly always: number[] = [];
  private readonly groups: NeedGroup[] = [];
  /** Each rule's need as a number shared by rules with the same need (-1: none). */
  private readonly needOf: Int32Array;
  private readonly needs: FieldNeed[] = [];
  /** Per need: the record (generation) it was last checked for, and the answer. */
  private needGen: Uint32Array;
  private readonly needMet: Uint8Array;
  private gen = 0;
  /** Rules by the record's eventName as written (the lower-cased look-up done once per spelling). */
  private readonly byWritten = new Map<string, readonly number[] | undefined>();
  /** One view reused for every record (matches is not re-entrant, and need not be). */
  private readonly view = new CachedRecord(null);

  constructor(private readonly rules: readonly DetectionRule[]) {
    const byField = new Map<string, number[]>();
    rules.forEach((r, i) => {
      if (r.eventNames)
        for (const n of r.eventNames) {
          const list = this.byName.get(n);
          if (list) list.push(i);
          else this.byName.set(n, [i]);
        }
      else if (r.need) {
        const list = byField.get(r.need.field);
        if (list) list.push(i);
        else byField.set(r.need.field, [i]);
      } else this.always.push(i);
    });
    const needIds = new Map<string, number>();
    this.needOf = Int32Array.from(rules, (r) => {
      if (!r.need) return -1;
      const key = `${r.need.field}\0${r.need.literals.join('\0')}`;
      let id = needIds.get(key);
      if (id === undefined) {
        id = this.needs.length;
        needIds.set(key, id);
        this.needs.push(r.need);
      }
      return id;
    });
    this.needGen = new Uint32Array(this.needs.length);
    this.needMet = new Uint8Array(this.needs.length);
    for (const [field, list] of byField) {
      const lits = [...new Set(list.flatMap((i) => rules[i].need!.literals))];
      this.groups.push({ field, rules: list, any: new RegExp(lits.map(escapeRe).join('|')) });
    }
  }

  get size(): number {
    return this.rules.length;
  }

  /** Indexes (in the constructor's order) of the rules the record matches, ascending. */
  matches(record: unknown): number[] {
    const out: number[] = [];
    if (this.rules.length === 0) return out;
    const name = (record as { eventName?: unknown } | null)?.eventName;
    const named = typeof name === 'string' ? this.rulesNamed(name) : undefined;
    if (!named && this.always.length === 0 && this.groups.length === 0) return out;
    const view = this.view.reset(record);
    if (++this.gen === 0xffffffff) {
      this.gen = 1;
      this.needGen.fill(0);
    }
    if (named) this.run(named, view, out);
    for (const g of this.groups) if (anyText(view, g.field, g.any)) this.run(g.rules, view, out);
    this.run(this.always, view, out);
    out.sort((a, b) => a - b);
    return out;
  }

  private rulesNamed(name: string): readonly number[] | undefined {
    if (this.byWritten.has(name)) return this.byWritten.get(name);
    const list = this.byName.get(name.toLowerCase());
    // spellings are few in real evidence; a hostile file's many are forgotten past a bound
    if (this.byWritten.size >= 10_000) this.byWritten.clear();
    this.byWritten.set(name, list);
    return list;
  }

  private run(list: readonly number[], view: RecordView, out: number[]): void {
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const n = this.needOf[i];
      if (n >= 0 && !this.meetsNeed(n, view)) continue;
      if (this.rules[i].match(view)) out.push(i);
    }
  }

  /** A need shared by several rules is checked once per record. */
  private meetsNeed(n: number, view: RecordView): boolean {
    if (this.needGen[n] === this.gen) return this.needMet[n] === 1;
    const ok = meets(view, this.needs[n]);
    this.needGen[n] = this.gen;
    this.needMet[n] = ok ? 1 : 0;
    return ok;
  }
}

function anyText(view: RecordView, field: string, re: RegExp): boolean {
  for (const t of view.lowerTexts(field)) if (t !== null && re.test(t)) return true;
  return false;
}

function meets(view: RecordView, need: FieldNeed): boolean {
  const texts = view.lowerTexts(need.field);
  for (const t of texts) {
    if (t === null) continue;
    for (const l of need.literals) if (t.includes(l)) return true;
  }
  return false;
}
