import type { EventFacts, NotableRule } from '../types.js';
import { failed, hasParam, paramIs } from '../predicates.js';
import { byPrincipal, MINUTE, paramValues, sweeps } from '../calls.js';
import { CLOUD_ADMIN_COMMAND, COMPUTE_HIJACKING, SCRIPTING } from './mitre.js';

/**
 * Instance types bought for their accelerators or their sheer size (GPU, inference, training,
 * FPGA, video, HPC, bare metal): what cryptominers and model thieves launch.
 */
const UNUSUAL_TYPE = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d|hpc\d)[a-z0-9-]*\.|\.metal/i;
/** Instances one call asks for before it is a fleet rather than a server. */
export const LAUNCH_FLEET = 10;

function unusualLaunch(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  if (paramValues(f.reqText, 'instanceType').some((t) => UNUSUAL_TYPE.test(t))) return true;
  return paramValues(f.reqText, 'maxCount').some((n) => Number(n) >= LAUNCH_FLEET);
}

/** Run Command documents that run whatever script the caller passes. */
const ARBITRARY_COMMANDS =
  /^(AWS-RunShellScript|AWS-RunPowerShellScript|AWS-RunRemoteScript|AWS-RunSaltState|AWS-RunAnsiblePlaybook)$/;

/** Execution: code run on instances and functions through the AWS API. */
export const EXECUTION_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'ec2-unusual-instance-launch',
    title: 'GPU, accelerated, bare-metal or fleet-sized instance launch requested',
    severity: 'medium',
    attemptsMatter: true,
    why: `Accelerated (p, g, inf, trn, dl, f), HPC and bare-metal instance types, or ${LAUNCH_FLEET}+ instances in one call by a person rather than Auto Scaling, are how stolen accounts are used for mining; a refused attempt says what the caller wanted.`,
    mitre: COMPUTE_HIJACKING,
    names: ['RunInstances'],
    sources: ['ec2.amazonaws.com'],
    when: unusualLaunch,
  },
  {
    kind: 'event',
    id: 'ec2-user-data-modified',
    title: 'Instance user data replacement requested',
    severity: 'high',
    why: "User data runs as root at the next boot with the instance's role; replacing it on a stopped instance is how commands are run on it without any access to the machine.",
    mitre: SCRIPTING,
    names: ['ModifyInstanceAttribute'],
    sources: ['ec2.amazonaws.com'],
    when: (f) => hasParam(f, 'userData') || paramIs(f, 'attribute', /^userData$/),
  },
  {
    kind: 'event',
    id: 'ssm-send-command-shell',
    title: 'Run Command with a shell-script document requested',
    severity: 'medium',
    why: 'AWS-RunShellScript and AWS-RunPowerShellScript run any command as root/SYSTEM on every target instance (CloudTrail hides the commands themselves); patching and agent documents are routine.',
    mitre: CLOUD_ADMIN_COMMAND,
    names: ['SendCommand'],
    sources: ['ssm.amazonaws.com'],
    when: (f) => byPrincipal(f) && paramIs(f, 'documentName', ARBITRARY_COMMANDS),
  },
  {
    kind: 'event',
    id: 'ssm-start-session',
    title: 'StartSession refused, or on two or more instances within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: 'StartSession opens a shell (or a port forward) on the instance without SSH keys or open ports, usually as root; one instance is an administrator at work, several in minutes (or refused sessions) is someone moving across the fleet.',
    mitre: CLOUD_ADMIN_COMMAND,
    names: ['StartSession'],
    sources: ['ssm.amazonaws.com'],
    when: (f) =>
      byPrincipal(f) && (failed(f) || sweeps(f, ['StartSession'], ['target'], 10 * MINUTE, 2)),
  },
];
