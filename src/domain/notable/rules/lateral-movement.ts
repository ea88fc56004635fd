import type { NotableRule } from '../types.js';
import { byPrincipal, MINUTE, sweeps } from '../calls.js';
import { failed } from '../predicates.js';
import { REMOTE_SSH } from './mitre.js';

/** Lateral movement: from the AWS API onto the instances. */
export const LATERAL_MOVEMENT_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'ec2-instance-connect-key',
    title: 'SendSSHPublicKey refused, or for two or more instances within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: 'SendSSHPublicKey installs a key on the instance for 60 seconds, enough to log in as that OS user; one instance is an administrator connecting, several in minutes (or refused pushes) is someone moving across the fleet.',
    mitre: REMOTE_SSH,
    names: ['SendSSHPublicKey'],
    sources: ['ec2-instance-connect.amazonaws.com'],
    when: (f) =>
      byPrincipal(f) &&
      (failed(f) || sweeps(f, ['SendSSHPublicKey'], ['instanceId'], 10 * MINUTE, 2)),
  },
  {
    kind: 'event',
    id: 'ec2-serial-console-access',
    title: 'EC2 serial console key push or enable requested',
    severity: 'high',
    why: "The serial console reaches the instance's console below the network: no security group, no SSH daemon; enabling it account-wide and pushing a key is how a locked-down instance is entered.",
    mitre: REMOTE_SSH,
    names: ['SendSerialConsoleSSHPublicKey', 'EnableSerialConsoleAccess'],
    sources: ['ec2-instance-connect.amazonaws.com', 'ec2.amazonaws.com'],
    when: byPrincipal,
  },
];
