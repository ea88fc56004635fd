import { migration001 } from './001-initial.js';
import { migration003 } from './003-lineage.js';
import { migration004 } from './004-triage.js';
import { migration005 } from './005-query.js';
import { migration006 } from './006-case-notes-verify.js';
import { migration007 } from './007-carve.js';
import { migration008 } from './008-sigma.js';
import { migration009 } from './009-evidence-bytes.js';
import { migration010 } from './010-differing-copies.js';
import { migration011 } from './011-sigma-rule-numbers.js';
import { migration012 } from './012-sigma-hit-outcomes.js';
import { migration013 } from './013-smaller-case-file.js';
import { migration014 } from './014-variant-values.js';
import { migration015 } from './015-workload-hints.js';
import type { Migration } from './types.js';

/** Every migration, in order. Add new ones at the end with a higher version. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
];
