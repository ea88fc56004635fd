import type { NotableRule } from '../types.js';
import { grantsAdmin, hasParam } from '../predicates.js';
import { byPrincipal } from '../calls.js';
import { ADDITIONAL_ROLES, SCRIPTING } from './mitre.js';

/** Privilege escalation: more power for a principal, or code run under a more powerful role. */
export const PRIVILEGE_ESCALATION_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'iam-admin-policy-attached',
    title: 'Administrator permissions requested for a principal',
    severity: 'high',
    why: 'AdministratorAccess, IAMFullAccess or an "Action": "*" policy gives full control of the account.',
    mitre: ADDITIONAL_ROLES,
    sources: ['iam.amazonaws.com'],
    names: [
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'CreatePolicyVersion',
    ],
    when: grantsAdmin,
  },
  {
    kind: 'event',
    id: 'sagemaker-lifecycle-config',
    title: 'SageMaker notebook lifecycle script change requested',
    severity: 'medium',
    why: "A lifecycle configuration is a shell script run as root on the notebook instance at start, with the notebook's role: attaching one to a notebook runs one's code under that role.",
    mitre: SCRIPTING,
    names: [
      'CreateNotebookInstanceLifecycleConfig',
      'UpdateNotebookInstanceLifecycleConfig',
      'UpdateNotebookInstance',
    ],
    sources: ['sagemaker.amazonaws.com'],
    when: (f) =>
      byPrincipal(f) &&
      (f.eventName !== 'UpdateNotebookInstance' || hasParam(f, 'lifecycleConfigName')),
  },
];
