import { CachedRecord } from './fields.js';
import { testId } from './modifiers.js';
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
  /**
   * Each rule's need as a shared test id (-1: none): rules with the same need share its answer per
   * record through the view's once(), as repeated field tests do.
   */
  private readonly needOf: Int32Array;
  /** Each rule's need test (null: none), one function per distinct need. */
  private readonly needTestOf: (((view: RecordView) => boolean) | null)[];
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
    const tests = new Map<number, (view: RecordView) => boolean>();
    this.needOf = Int32Array.from(rules, (r) => {
      const need = r.need;
      if (!need) return -1;
      const id = testId(`need\0${need.field}\0${need.literals.join('\0')}`);
      if (!tests.has(id)) tests.set(id, (view) => meets(view, need));
      return id;
    });
    this.needTestOf = Array.from(this.needOf, (id) => (id < 0 ? null : tests.get(id)!));
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
      if (n >= 0 && !view.once(n, this.needTestOf[i]!)) continue;
      if (this.rules[i].match(view)) out.push(i);
    }
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
