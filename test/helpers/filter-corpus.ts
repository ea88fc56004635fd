import { FIELDS } from '../../src/query/index.js';

/** Every field's example, every operator and value mode, and the spellings that need care. */
export const FILTER_CORPUS: readonly string[] = [
  ...FIELDS.map((f) => f.example),
  'ip:035.249.253.232', 'ip:"2001:DB8::1"', 'ip:10.0.0.0/8', 'ip:::ffff:0:0/96', 'ip:2001:db8::/32', 'ip:2001:db8::1/128', 'ip:2001:db9::/32', 'ip:"AWS Internal"', 'ip:*.amazonaws.com',
  'name:"a_b%c"', 'name:Get*', 'ua:="aws-cli/2 (x)"', 'ua:boto3', 'msg:"not authorized"', 'src:s3', 'src:"s3"',
  'type:role', 'category:network', 'role:Admin', 'session:alice', 'session:""', 'who:*admin*', 'who:ec2.amazonaws.com',
  '-account:111122223333', 'NOT error:*', 'error:""', '-has:resourceType', 'has:session',
  'name:A OR (type:root mfa:false)', '(ip:10.0.0.0/8 OR ip:192.168.0.0/16) -type:role', 'AssumeRole', '"access denied"',
  'on:2024-04-11 region:us-east-1 recipient:111122223333', 'after:2024-04-11T13:00Z before:2024-04-12', 'since:2h',
  'readOnly:false', 'id:e-1*', 'requestId:"r 1"', "user:o'brien", 'user:"a\u001bb"',
];

