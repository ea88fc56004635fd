import {
  ALICE,
  at,
  call,
  roleSession,
  OUTSIDE,
  OWNER,
  VIA_CLOUDFORMATION,
  type Rec,
  type RuleCases,
} from './shape.js';

const IAM = 'iam.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';

function trust(principal: unknown, condition?: Rec): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}

const FULL_POLICY =
  '{\n\t\t"Version": "2012-10-17",\n\t\t"Statement": [\n\t\t\t{\n\t\t\t\t"Effect": "Allow",\n\t\t\t\t"Action": "*",\n\t\t\t\t"Resource": "*"\n\t\t\t}\n\t\t]\n\t}';

function federation(params: Rec): Rec {
  return call('sts.amazonaws.com', 'GetFederationToken', params, {
    userIdentity: { ...ALICE, userName: 'federation-user' },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAFEDERATED0000001',
        expiration: 'Nov 30, 2024, 8:43:17 PM',
        sessionToken: 'IQoJb3JpZ2luX2Vj',
      },
      federatedUser: {
        arn: `arn:aws:sts::${OWNER}:federated-user/${String(params.name)}`,
        federatedUserId: `${OWNER}:${String(params.name)}`,
      },
      packedPolicySize: 4,
    },
  });
}

function addPermission(params: Rec): Rec {
  return call(LAMBDA, 'AddPermission20150331v2', params, {
    responseElements: {
      statement: JSON.stringify({
        Sid: params.statementId,
        Effect: 'Allow',
        Principal: params.principal,
        Action: params.action,
        Resource: `arn:aws:lambda:us-east-1:${OWNER}:function:${String(params.functionName)}`,
      }),
    },
  });
}

/** A CI pipeline's deployment: a fresh session of the `ci-deploy` role per run. */
function deploy(run: string, functionName: string, minute: number): Rec {
  return call(
    LAMBDA,
    'UpdateFunctionCode20150331v2',
    { functionName, publish: true, dryRun: false },
    { userIdentity: roleSession('ci-deploy', run), eventTime: at(minute) },
  );
}

function trustAnchor(source: Rec): Rec {
  return call('rolesanywhere.amazonaws.com', 'CreateTrustAnchor', {
    enabled: true,
    name: 'anchor',
    source,
  });
}

export const PERSISTENCE_CASES: Record<string, RuleCases> = {
  'iam-role-trusts-outside': {
    positive: [
      call(IAM, 'CreateRole', {
        roleName: 'stratus-backdoor',
        assumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${OUTSIDE}:root` }),
      }),
      call(IAM, 'UpdateAssumeRolePolicy', {
        roleName: 'ci-deploy',
        policyDocument: trust({ AWS: [`arn:aws:iam::${OWNER}:root`, OUTSIDE] }),
      }),
      call(IAM, 'UpdateAssumeRolePolicy', { roleName: 'ci-deploy', policyDocument: trust('*') }),
    ],
    negative: [
      call(IAM, 'CreateRole', {
        roleName: 'web',
        assumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }),
      }),
      call(IAM, 'UpdateAssumeRolePolicy', {
        roleName: 'ci-deploy',
        policyDocument: trust({ AWS: `arn:aws:iam::${OWNER}:role/ci-runner` }),
      }),
      // everyone, but only from the organisation
      call(IAM, 'UpdateAssumeRolePolicy', {
        roleName: 'ci-deploy',
        policyDocument: trust('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }),
      }),
    ],
  },
  'sts-federation-token-admin': {
    positive: [
      federation({ name: 'stratus_red_team', policy: FULL_POLICY }),
      federation({
        name: 'ops',
        policyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      }),
    ],
    negative: [
      federation({
        name: 'uploader',
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::uploads/*' },
          ],
        }),
      }),
    ],
  },
  'rolesanywhere-trust-anchor': {
    positive: [
      trustAnchor({
        sourceData: { x509CertificateData: '-----BEGIN CERTIFICATE-----\nMIIB…' },
        sourceType: 'CERTIFICATE_BUNDLE',
      }),
    ],
    // the organisation's own private CA in ACM
    negative: [
      trustAnchor({
        sourceData: {
          acmPcaArn: `arn:aws:acm-pca:us-east-1:${OWNER}:certificate-authority/0a1b2c3d`,
        },
        sourceType: 'AWS_ACM_PCA',
      }),
    ],
  },
  'lambda-permission-outside': {
    positive: [
      addPermission({
        action: 'lambda:InvokeFunction',
        functionName: 'stratus-red-team-backdoor-f-func',
        principal: '*',
        statementId: 'backdoor',
      }),
      addPermission({
        action: 'lambda:InvokeFunction',
        functionName: 'billing',
        principal: `arn:aws:iam::${OUTSIDE}:root`,
        statementId: 'partner',
      }),
    ],
    negative: [
      addPermission({
        action: 'lambda:InvokeFunction',
        functionName: 'thumbnails',
        principal: 's3.amazonaws.com',
        sourceArn: 'arn:aws:s3:::uploads',
        sourceAccount: OWNER,
        statementId: 's3-invoke',
      }),
      addPermission({
        action: 'lambda:InvokeFunction',
        functionName: 'thumbnails',
        principal: '*',
        sourceAccount: OWNER,
        statementId: 'any-in-account',
      }),
      addPermission({
        action: 'lambda:InvokeFunction',
        functionName: 'billing',
        principal: OWNER,
        statementId: 'same-account',
      }),
    ],
  },
  'lambda-code-updated': {
    // the pipeline's role deployed `billing` the day before
    context: [deploy('gha-8204113588', 'billing', -24 * 60)],
    positive: [
      call(LAMBDA, 'UpdateFunctionCode20150331v2', {
        functionName: 'billing',
        publish: false,
        dryRun: false,
      }),
      // the same pipeline role, on a function it never deployed
      deploy('gha-8204114098', 'payments', 0),
    ],
    negative: [
      // the next run of the pipeline (a new session of the same role), the function named by ARN
      deploy('gha-8204114098', `arn:aws:lambda:us-east-1:${OWNER}:function:billing`, 0),
      call(
        LAMBDA,
        'UpdateFunctionCode20150331v2',
        { functionName: 'billing', s3Bucket: 'deploy-artifacts', s3Key: 'billing.zip' },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
  'lambda-layer-added': {
    positive: [
      call(LAMBDA, 'UpdateFunctionConfiguration20150331v2', {
        environment: {},
        functionName: `arn:aws:lambda:us-east-1:${OWNER}:function:simpleLambda`,
        layers: [`arn:aws:lambda:us-east-1:${OWNER}:layer:my-lambda-extension:1`],
      }),
    ],
    negative: [
      call(LAMBDA, 'UpdateFunctionConfiguration20150331v2', {
        functionName: `arn:aws:lambda:us-east-1:${OWNER}:function:simpleLambda`,
        timeout: 30,
        memorySize: 256,
      }),
      call(
        LAMBDA,
        'UpdateFunctionConfiguration20150331v2',
        {
          functionName: 'simpleLambda',
          layers: [`arn:aws:lambda:us-east-1:${OWNER}:layer:deps:3`],
        },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
};
