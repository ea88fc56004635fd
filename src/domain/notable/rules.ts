import type { NotableRule } from './types.js';
import { RULES } from './rules/index.js';

/** The rules live one file per family under rules/; this module is their single entry point. */
export { RULES, RULE_FAMILIES } from './rules/index.js';

/**
 * Bump when a rule's meaning changes (or rules are added): case files evaluated with another
 * version re-evaluate.
 */
export const RULESET_VERSION = '8';

export function ruleById(id: string): NotableRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Burst rule parameters (the why above says them in words). */
export const DENIED_BURST = { windowMs: 5 * 60_000, threshold: 10 };

/** Error codes that mean "not allowed" (CIS: `*UnauthorizedOperation`, `AccessDenied*`). */
export function isDeniedError(code: string): boolean {
  return /UnauthorizedOperation$/.test(code) || /^AccessDenied/.test(code);
}
