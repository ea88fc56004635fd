import { at, call, denied, VIA_CLOUDFORMATION, type Rec, type RuleCases } from './shape.js';

const EIC = 'ec2-instance-connect.amazonaws.com';

function pushKey(instanceId: string, m: number, extra: Rec = {}): Rec {
  return call(
    EIC,
    'SendSSHPublicKey',
    {
      instanceId,
      instanceOSUser: 'ec2-user',
      sSHPublicKey:
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtAlK45MAEWZ7MUY2QEmi3M6W+peGL3VCrc0qH54xRu',
    },
    { eventTime: at(m), responseElements: { requestId: `req-${m}`, success: true }, ...extra },
  );
}

function serialKey(instanceId: string, extra: Rec = {}): Rec {
  return call(
    EIC,
    'SendSerialConsoleSSHPublicKey',
    {
      instanceId,
      monitorMode: false,
      sSHPublicKey:
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtAlK45MAEWZ7MUY2QEmi3M6W+peGL3VCrc0qH54xRu',
      serialPort: 0,
    },
    { responseElements: { requestId: 'e96ac1bf', success: true }, ...extra },
  );
}

export const LATERAL_MOVEMENT_CASES: Record<string, RuleCases> = {
  'ec2-instance-connect-key': {
    positive: [
      pushKey('i-0a1b2c3d4e5f60718', 0),
      pushKey('i-0a1b2c3d4e5f60719', 1),
      pushKey('i-0a1b2c3d4e5f60799', 40, denied),
    ],
    negative: [pushKey('i-0a1b2c3d4e5f60718', 0), pushKey('i-0a1b2c3d4e5f60718', 3)],
  },
  'ec2-serial-console-access': {
    positive: [
      serialKey('i-7c5cbc1114349db57'),
      call('ec2.amazonaws.com', 'EnableSerialConsoleAccess', {
        EnableSerialConsoleAccessRequest: '',
      }),
    ],
    negative: [
      call(
        'ec2.amazonaws.com',
        'EnableSerialConsoleAccess',
        { EnableSerialConsoleAccessRequest: '' },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
};
