import type { NotableRule } from '../types.js';
import { INITIAL_ACCESS_RULES } from './initial-access.js';
import { EXECUTION_RULES } from './execution.js';
import { PERSISTENCE_RULES } from './persistence.js';
import { PRIVILEGE_ESCALATION_RULES } from './privilege-escalation.js';
import { DEFENSE_EVASION_RULES } from './defense-evasion.js';
import { CREDENTIAL_ACCESS_RULES } from './credential-access.js';
import { DISCOVERY_RULES } from './discovery.js';
import { LATERAL_MOVEMENT_RULES } from './lateral-movement.js';
import { EXFILTRATION_RULES } from './exfiltration.js';
import { IMPACT_RULES } from './impact.js';

/** One list per ATT&CK tactic, in the tactics' order; each rule lives in exactly one family. */
export const RULE_FAMILIES: readonly { family: string; rules: readonly NotableRule[] }[] = [
  { family: 'initial access', rules: INITIAL_ACCESS_RULES },
  { family: 'execution', rules: EXECUTION_RULES },
  { family: 'persistence', rules: PERSISTENCE_RULES },
  { family: 'privilege escalation', rules: PRIVILEGE_ESCALATION_RULES },
  { family: 'defense evasion', rules: DEFENSE_EVASION_RULES },
  { family: 'credential access', rules: CREDENTIAL_ACCESS_RULES },
  { family: 'discovery', rules: DISCOVERY_RULES },
  { family: 'lateral movement', rules: LATERAL_MOVEMENT_RULES },
  { family: 'exfiltration', rules: EXFILTRATION_RULES },
  { family: 'impact', rules: IMPACT_RULES },
];

/**
 * The notable-event rules, family by family. Sources: CloudTrail's guidance on security-relevant
 * events, the CIS AWS Foundations monitoring controls, MITRE ATT&CK for IaaS, and the Stratus Red
 * Team catalogue (coverage: catalogue/stratus-red-team-aws.json).
 */
export const RULES: readonly NotableRule[] = RULE_FAMILIES.flatMap((f) => f.rules);
