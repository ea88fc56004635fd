import { at, call, ec2Denied, roleSession, type Rec, type RuleCases } from './shape.js';

const EC2 = 'ec2.amazonaws.com';
const SSM = 'ssm.amazonaws.com';

function runInstances(instanceType: string, maxCount: number, extra: Rec = {}): Rec {
  return call(
    EC2,
    'RunInstances',
    {
      instancesSet: { items: [{ imageId: 'ami-0c2b8ca1dad447f8a', minCount: 1, maxCount }] },
      userData: '<sensitiveDataRemoved>',
      instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      clientToken: 'd95702e9-a3cb-4949-b8fb-6b2cef480df3',
    },
    extra,
  );
}

function sendCommand(documentName: string, extra: Rec = {}): Rec {
  return call(
    SSM,
    'SendCommand',
    {
      instanceIds: ['i-0a1b2c3d4e5f60718', 'i-0a1b2c3d4e5f60719'],
      documentName,
      parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      interactive: false,
    },
    extra,
  );
}

function startSession(target: string, m: number, extra: Rec = {}): Rec {
  return call(
    SSM,
    'StartSession',
    { target },
    {
      eventTime: at(m),
      responseElements: {
        sessionId: `alice-0${m}a1b2c3d4e5f6`,
        tokenValue: 'Value hidden due to security reasons.',
        streamUrl: `wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/alice-0${m}`,
      },
      ...extra,
    },
  );
}

export const EXECUTION_CASES: Record<string, RuleCases> = {
  'ec2-unusual-instance-launch': {
    positive: [
      runInstances('p2.xlarge', 10, ec2Denied),
      runInstances('g4dn.12xlarge', 1),
      runInstances('c5.large', 25),
      runInstances('m5.metal', 1),
    ],
    negative: [
      runInstances('t3.micro', 1),
      runInstances('m5.large', 2),
      // Auto Scaling launching a fleet for its group
      runInstances('c5.large', 25, {
        userIdentity: {
          type: 'AWSService',
          invokedBy: 'autoscaling.amazonaws.com',
        },
      }),
    ],
  },
  'ec2-user-data-modified': {
    positive: [
      call(EC2, 'ModifyInstanceAttribute', {
        instanceId: 'i-012345abcde',
        userData: '<sensitiveDataRemoved>',
      }),
    ],
    negative: [
      call(EC2, 'ModifyInstanceAttribute', {
        instanceId: 'i-012345abcde',
        instanceType: { value: 't3.nano' },
      }),
      call(EC2, 'ModifyInstanceAttribute', {
        instanceId: 'i-031c2cfcd064f128f',
        attribute: 'disableApiTermination',
        value: '<sensitiveDataRemoved>',
      }),
    ],
  },
  'ssm-send-command-shell': {
    positive: [sendCommand('AWS-RunShellScript'), sendCommand('AWS-RunPowerShellScript')],
    negative: [
      sendCommand('AWS-RunPatchBaseline'),
      sendCommand('AWS-UpdateSSMAgent'),
      sendCommand('AWS-RunShellScript', {
        userIdentity: { ...roleSession('maintenance', 'window'), invokedBy: 'ssm.amazonaws.com' },
      }),
    ],
  },
  'ssm-start-session': {
    positive: [
      startSession('i-0a1b2c3d4e5f60718', 0),
      startSession('i-0a1b2c3d4e5f60719', 1),
      startSession('i-0a1b2c3d4e5f60720', 2),
      startSession('i-0a1b2c3d4e5f60799', 30, {
        errorCode: 'AccessDeniedException',
        errorMessage: 'User is not authorized to perform ssm:StartSession',
      }),
    ],
    // an administrator reconnecting to the one instance they look after
    negative: [startSession('i-0a1b2c3d4e5f60718', 0), startSession('i-0a1b2c3d4e5f60718', 5)],
  },
};
