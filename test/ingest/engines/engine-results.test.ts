import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { evidenceDir, type Evidence } from '../evidence.js';
import { fileRow, indexInto, withDb } from '../index-helpers.js';
import { EventReader } from '../../../src/store/event-reader.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

type Obj = Record<string, unknown>;

/** Athena writes result CSVs with every value quoted ("" inside), NULL as an empty unquoted field. */
export function athenaCsv(header: string[], rows: (string | null)[][]): string {
  const cell = (v: string | null): string => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  return [header.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

/** The record of `eventId` as the case file keeps it, and its row. */
function stored(ev: Evidence, eventId: string): { raw: Obj; row: Record<string, unknown> } {
  return withDb(ev, (db) => {
    const reader = new EventReader(db);
    const row = reader.rowByEventId(eventId);
    if (!row) throw new Error(`no event ${eventId}`);
    return {
      raw: JSON.parse(reader.rawText(row)) as Obj,
      row: row as unknown as Record<string, unknown>,
    };
  });
}

const ATHENA_HEADER = [
  'eventversion',
  'useridentity',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'requestid',
  'eventid',
  'resources',
  'eventtype',
  'apiversion',
  'readonly',
  'recipientaccountid',
  'serviceeventdetails',
  'sharedeventid',
  'vpcendpointid',
  'eventcategory',
  'tlsdetails',
  '$path',
];

// a user name holding everything Trino leaves unescaped: ", ", "=", braces, brackets, quotes
const HOSTILE_NAME = 'eve, arn=arn:aws:iam::999:user/fake} {x="1"} [y]';

const ROLE_IDENTITY =
  '{type=AssumedRole, principalid=AROAEXAMPLE:alice, arn=arn:aws:sts::111122223333:assumed-role/Admin/alice, accountid=111122223333, invokedby=null, ' +
  'accesskeyid=ASIAEXAMPLE0000001, username=null, onbehalfof=null, sessioncontext={attributes={mfaauthenticated=true, creationdate=2024-04-11T11:00:00Z}, ' +
  'sessionissuer={type=Role, principalid=AROAEXAMPLE, arn=arn:aws:iam::111122223333:role/Admin, accountid=111122223333, username=Admin}, ec2roledelivery=null, webidfederationdata=null}}';
const USER_IDENTITY = `{type=IAMUser, principalid=AIDAEXAMPLE, arn=arn:aws:iam::111122223333:user/eve, accountid=111122223333, invokedby=null, accesskeyid=AKIAEXAMPLE0000001, username=${HOSTILE_NAME}, onbehalfof=null, sessioncontext=null}`;

function athenaRows(): (string | null)[][] {
  const row = (o: Partial<Record<string, string | null>>): (string | null)[] =>
    ATHENA_HEADER.map((h) => (h in o ? o[h]! : null));
  return [
    row({
      eventversion: '1.09',
      useridentity: ROLE_IDENTITY,
      eventtime: '2024-04-11T12:00:00Z',
      eventsource: 's3.amazonaws.com',
      eventname: 'PutBucketPolicy',
      awsregion: 'us-east-1',
      sourceipaddress: '198.51.100.7',
      useragent: 'aws-cli/2.15.0 md/{x=1, y=2}',
      requestparameters: '{"bucketName":"prod-data","policy":"{\\"a\\":\\"b=c, d\\"}"}',
      requestid: 'REQ1',
      eventid: 'athena-evt-1',
      resources: '[{arn=arn:aws:s3:::prod-data, accountid=111122223333, type=AWS::S3::Bucket}]',
      eventtype: 'AwsApiCall',
      readonly: 'false',
      recipientaccountid: '111122223333',
      eventcategory: 'Management',
      tlsdetails:
        '{tlsversion=TLSv1.3, ciphersuite=TLS_AES_128_GCM_SHA256, clientprovidedhostheader=s3.amazonaws.com}',
      $path:
        's3://org-trail/AWSLogs/o-1/111122223333/CloudTrail/us-east-1/2024/04/11/111122223333_CloudTrail_us-east-1_20240411T1205Z_a.json.gz',
    }),
    row({
      eventversion: '1.09',
      useridentity: USER_IDENTITY,
      eventtime: '2024-04-11T12:05:00Z',
      eventsource: 'iam.amazonaws.com',
      eventname: 'CreateAccessKey',
      awsregion: 'us-east-1',
      sourceipaddress: '203.0.113.9',
      errorcode: 'AccessDenied',
      errormessage: 'User: eve is not authorized, really = no',
      eventid: 'athena-evt-2',
      eventtype: 'AwsApiCall',
      readonly: 'false',
      recipientaccountid: '111122223333',
      eventcategory: 'Management',
      $path: 's3://org-trail/AWSLogs/o-1/111122223333/CloudTrail/us-east-1/2024/04/11/b.json.gz',
    }),
    // malformed ROW text: kept as text, the row still imported, the file says so
    row({
      eventname: 'ListBuckets',
      eventsource: 's3.amazonaws.com',
      eventtime: '2024-04-11T12:06:00Z',
      eventid: 'athena-evt-3',
      useridentity: 'type=IAMUser, arn=x}',
      resources: '[{arn=x',
    }),
  ];
}

describe('engine results are indexed as rebuilt CloudTrail records', () => {
  it('Athena result CSV: ROW values (commas, =, braces, quotes) read with the DDL, JSON strings parsed, provenance and sidecar query recorded', async () => {
    ev = evidenceDir();
    ev.write('results/3f2a-athena.csv', athenaCsv(ATHENA_HEADER, athenaRows()));
    const query =
      "SELECT *, \"$path\" FROM cloudtrail_logs\nWHERE eventname IN ('PutBucketPolicy', 'CreateAccessKey')";
    ev.write('results/3f2a-athena.sql', query);
    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    const f = fileRow(ev, 'results/3f2a-athena.csv');
    expect([f.shape, f.status, f.events]).toEqual(['athena-csv', 'indexed', 3]);
    const warnings = JSON.parse(f.warnings!) as string[];
    const sha = createHash('sha256').update(query).digest('hex');
    expect(warnings).toContain(
      `query (sidecar 3f2a-athena.sql, SHA-256 ${sha}): ${query.replace(/\s+/g, ' ')}`,
    );
    expect(
      warnings.find((w) => w.startsWith('1 row(s) had ROW values that could not be read')),
    ).toMatch(/row 3, column useridentity/);

    const one = stored(ev, 'athena-evt-1');
    expect(one.raw.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:alice',
      arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE0000001',
      sessionContext: {
        attributes: { mfaAuthenticated: 'true', creationDate: '2024-04-11T11:00:00Z' },
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: 'arn:aws:iam::111122223333:role/Admin',
          accountId: '111122223333',
          userName: 'Admin',
        },
      },
    });
    expect(one.raw.requestParameters).toEqual({
      bucketName: 'prod-data',
      policy: '{"a":"b=c, d"}',
    });
    expect(one.raw.resources).toEqual([
      { ARN: 'arn:aws:s3:::prod-data', accountId: '111122223333', type: 'AWS::S3::Bucket' },
    ]);
    expect(one.raw.tlsDetails).toEqual({
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 's3.amazonaws.com',
    });
    expect(one.raw.readOnly).toBe(false);
    expect(one.raw.userAgent).toBe('aws-cli/2.15.0 md/{x=1, y=2}');
    expect(one.row.session_issuer_arn).toBe('arn:aws:iam::111122223333:role/Admin');
    expect(one.row.mfa).toBe(1);
    expect(one.raw.trailscopeImport).toEqual({
      engine: 'athena',
      engineFields: {
        $path:
          's3://org-trail/AWSLogs/o-1/111122223333/CloudTrail/us-east-1/2024/04/11/111122223333_CloudTrail_us-east-1_20240411T1205Z_a.json.gz',
      },
    });

    const two = stored(ev, 'athena-evt-2');
    expect((two.raw.userIdentity as Obj).userName).toBe(HOSTILE_NAME);
    expect(two.row.user_name).toBe(HOSTILE_NAME);
    expect(two.row.arn).toBe('arn:aws:iam::111122223333:user/eve');
    expect(two.raw.errorMessage).toBe('User: eve is not authorized, really = no');

    const three = stored(ev, 'athena-evt-3');
    expect(three.raw.trailscopeImport).toMatchObject({
      engine: 'athena',
      fieldsMissingFromEngineResult: ['userIdentity', 'resources'],
      unreadable: { userIdentity: 'type=IAMUser, arn=x}', resources: '[{arn=x' },
    });
  });

  it('a result with only some columns says which fields are missing, on every record and on the file', async () => {
    ev = evidenceDir();
    ev.write(
      'slim.csv',
      athenaCsv(
        ['eventtime', 'eventname', 'eventsource', 'eventid', 'sourceipaddress'],
        [
          [
            '2024-04-11T12:00:00Z',
            'StopLogging',
            'cloudtrail.amazonaws.com',
            'slim-1',
            '198.51.100.7',
          ],
        ],
      ),
    );
    await indexInto(ev);
    const f = fileRow(ev, 'slim.csv');
    expect(f.shape).toBe('athena-csv');
    const missing = stored(ev, 'slim-1').raw.trailscopeImport as Obj;
    expect(missing.fieldsMissingFromEngineResult).toEqual(
      expect.arrayContaining([
        'userIdentity',
        'awsRegion',
        'requestParameters',
        'eventVersion',
        'recipientAccountId',
      ]),
    );
    expect(missing.fieldsMissingFromEngineResult).not.toContain('eventName');
    expect(
      JSON.parse(f.warnings!).some((w: string) =>
        w.startsWith(
          "fields missing from the engine's result (not among its columns): eventVersion, userIdentity, awsRegion",
        ),
      ),
    ).toBe(true);
  });

  it('CloudTrail Lake saved result (result_1.csv.gz): TIMESTAMP times and MAP request parameters read back', async () => {
    ev = evidenceDir();
    const header = [
      'eventid',
      'eventtime',
      'eventsource',
      'eventname',
      'awsregion',
      'useridentity',
      'requestparameters',
      'sourceipaddress',
      'recipientaccountid',
    ];
    const identity =
      '{type=AssumedRole, principalid=AROAX:bob, arn=arn:aws:sts::111122223333:assumed-role/Ops/bob, accountid=111122223333, accesskeyid=ASIALAKE0000000001, username=null, ' +
      'sessioncontext={attributes={creationdate=2024-04-11 10:59:58.000, mfaauthenticated=false}, sessionissuer={type=Role, principalid=AROAX, arn=arn:aws:iam::111122223333:role/Ops, accountid=111122223333, username=Ops}, ' +
      'webidfederationdata=null, sourceidentity=bob@example.com, ec2roledelivery=null, ec2issuedinvpc=null}, onbehalfof=null, inscopeof=null, invokedby=null}';
    const rows = [
      [
        'lake-1',
        '2024-04-11 12:00:00.000',
        'ec2.amazonaws.com',
        'RunInstances',
        'eu-west-1',
        identity,
        '{instanceType=t3.micro, tagSpecificationSet={"items":[{"resourceType":"instance"}]}}',
        '198.51.100.8',
        '111122223333',
      ],
    ];
    ev.writeGz(
      'AWSLogs/111122223333/CloudTrail-Lake/Query/2024/04/11/q-1/result_1.csv.gz',
      athenaCsv(header, rows),
    );
    await indexInto(ev);
    const f = fileRow(
      ev,
      'AWSLogs/111122223333/CloudTrail-Lake/Query/2024/04/11/q-1/result_1.csv.gz',
    );
    expect([f.shape, f.status, f.events]).toEqual(['cloudtrail-lake-csv', 'indexed', 1]);
    const { raw, row } = stored(ev, 'lake-1');
    expect(raw.eventTime).toBe('2024-04-11T12:00:00Z');
    expect(row.time_ms).toBe(Date.parse('2024-04-11T12:00:00Z'));
    expect(raw.requestParameters).toEqual({
      instanceType: 't3.micro',
      tagSpecificationSet: { items: [{ resourceType: 'instance' }] },
    });
    const ui = raw.userIdentity as { sessionContext: { attributes: Obj; sourceIdentity: string } };
    expect(ui.sessionContext.attributes.creationDate).toBe('2024-04-11T10:59:58Z');
    expect(row.source_identity).toBe('bob@example.com');
    expect((raw.trailscopeImport as Obj).engine).toBe('cloudtrail-lake');
  });

  it('Security Lake OCSF rows (API Activity 6003, Authentication 3002) map back to CloudTrail; unmapped kept; missing fields flagged', async () => {
    ev = evidenceDir();
    const api = {
      class_uid: 6003,
      class_name: 'API Activity',
      category_uid: 6,
      activity_id: 3,
      severity_id: 1,
      time: 1712836800000,
      time_dt: '2024-04-11T12:00:00.000Z',
      metadata: {
        uid: 'ocsf-1',
        version: '1.1.0',
        product: {
          name: 'CloudTrail',
          vendor_name: 'AWS',
          version: '1.09',
          feature: { name: 'Management' },
        },
      },
      api: {
        operation: 'DeleteTrail',
        service: { name: 'cloudtrail.amazonaws.com' },
        request: { uid: 'REQ9', data: '{"name":"main-trail"}' },
        response: { error: 'AccessDenied', message: 'no, = denied' },
      },
      actor: {
        user: {
          type: 'AssumedRole',
          uid: 'arn:aws:sts::111122223333:assumed-role/Ops/bob',
          uid_alt: 'AROAX:bob',
          name: 'bob',
          account: { uid: '111122223333' },
          credential_uid: 'ASIAOCSF00000000001',
        },
        session: { issuer: 'arn:aws:iam::111122223333:role/Ops', is_mfa: false },
      },
      src_endpoint: { ip: '198.51.100.9' },
      http_request: { user_agent: 'Boto3/1.34' },
      cloud: { region: 'us-west-2', provider: 'AWS' },
      unmapped: {
        eventType: 'AwsApiCall',
        readOnly: 'false',
        recipientAccountId: '111122223333',
        'additionalEventData.SignatureVersion': 'SigV4',
      },
      observables: [{ name: 'src_endpoint.ip', type_id: 2, value: '198.51.100.9' }],
    };
    const login = {
      class_uid: 3002,
      time: 1712836900000,
      status: 'Failure',
      status_detail: 'Failed authentication',
      is_mfa: true,
      metadata: { uid: 'ocsf-2', product: { version: '1.09' } },
      api: { operation: 'ConsoleLogin', service: { name: 'signin.amazonaws.com' } },
      user: {
        type: 'IAMUser',
        uid: 'arn:aws:iam::111122223333:user/carol',
        name: 'carol',
        account: { uid: '111122223333' },
      },
      src_endpoint: { ip: '203.0.113.77' },
      cloud: { region: 'us-east-1' },
    };
    ev.write('lake/ocsf.jsonl', JSON.stringify(api) + '\n' + JSON.stringify(login) + '\n');
    ev.write(
      'lake/ocsf-array.json',
      JSON.stringify([{ ...api, metadata: { ...api.metadata, uid: 'ocsf-3' } }]),
    );
    await indexInto(ev);
    expect(fileRow(ev, 'lake/ocsf.jsonl').shape).toBe('security-lake-ocsf');
    expect(fileRow(ev, 'lake/ocsf-array.json').shape).toBe('security-lake-ocsf');

    const a = stored(ev, 'ocsf-1');
    expect(a.raw).toMatchObject({
      eventVersion: '1.09',
      eventID: 'ocsf-1',
      eventTime: '2024-04-11T12:00:00Z',
      eventName: 'DeleteTrail',
      eventSource: 'cloudtrail.amazonaws.com',
      requestID: 'REQ9',
      requestParameters: { name: 'main-trail' },
      errorCode: 'AccessDenied',
      errorMessage: 'no, = denied',
      awsRegion: 'us-west-2',
      sourceIPAddress: '198.51.100.9',
      userAgent: 'Boto3/1.34',
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: '111122223333',
      additionalEventData: { SignatureVersion: 'SigV4' },
      eventCategory: 'Management',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/Ops/bob',
        principalId: 'AROAX:bob',
        userName: 'bob',
        accountId: '111122223333',
        accessKeyId: 'ASIAOCSF00000000001',
        sessionContext: {
          sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/Ops' },
          attributes: { mfaAuthenticated: 'false' },
        },
      },
    });
    const marker = a.raw.trailscopeImport as Obj;
    expect(marker.engine).toBe('security-lake');
    expect(marker.fieldsMissingFromEngineResult).toBeUndefined();
    expect(marker.engineFields).toEqual({
      class_uid: 6003,
      activity_id: 3,
      observables: api.observables,
    });
    expect(a.row.error_code).toBe('AccessDenied');
    expect(a.row.session_issuer_arn).toBe('arn:aws:iam::111122223333:role/Ops');

    const b = stored(ev, 'ocsf-2');
    expect(b.raw).toMatchObject({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
      additionalEventData: { MFAUsed: 'Yes' },
    });
    expect(b.row.user_name).toBe('carol');
    expect(b.row.mfa).toBe(1);
    expect((b.raw.trailscopeImport as Obj).fieldsMissingFromEngineResult).toEqual([
      'eventType',
      'recipientAccountId',
    ]);
  });

  it('a sidecar that is a symlink is not followed; an OCSF row of another class is not an event', async () => {
    ev = evidenceDir();
    ev.write(
      'r.csv',
      athenaCsv(
        ['eventname', 'eventid', 'eventtime'],
        [['GetObject', 'e-1', '2024-04-11T12:00:00Z']],
      ),
    );
    const secret = ev.write('outside/secret.sql', 'SELECT secret');
    symlinkSync(secret, ev.path('r.csv.sql'));
    ev.write(
      'other.json',
      JSON.stringify({
        class_uid: 4001,
        metadata: { uid: 'net-1' },
        src_endpoint: { ip: '1.2.3.4' },
      }),
    );
    await indexInto(ev, [ev.path('r.csv'), ev.path('other.json')]);
    const w = JSON.parse(fileRow(ev, 'r.csv').warnings ?? '[]') as string[];
    expect(w).toContain('query sidecar r.csv.sql not read (a symlink)');
    expect(w.join(' ')).not.toContain('SELECT secret');
    expect(fileRow(ev, 'other.json').status).toBe('not-cloudtrail');
  });
});

describe('Parquet results (through the optional DuckDB dependency)', () => {
  it('Security Lake OCSF Parquet and Athena-layout Parquet are read as rows and mapped back', async () => {
    ev = evidenceDir();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const ocsf = ev.path('lake/part-0.parquet');
    const athena = ev.path('export/account=1/region=us-east-1/date=2024-04-11/data_0.parquet');
    ev.write('lake/.keep', '');
    ev.write('export/account=1/region=us-east-1/date=2024-04-11/.keep', '');
    await conn.run(`COPY (SELECT 6003 AS class_uid, 1712836800000::BIGINT AS time,
      {'uid': 'pq-ocsf-1', 'product': {'version': '1.09', 'name': 'CloudTrail'}} AS metadata,
      {'operation': 'CreateUser', 'service': {'name': 'iam.amazonaws.com'}} AS api,
      {'user': {'uid': 'arn:aws:iam::111122223333:user/admin', 'name': 'admin', 'type': 'IAMUser'}} AS actor,
      {'ip': '198.51.100.20'} AS src_endpoint, {'region': 'us-east-1'} AS cloud,
      MAP {'eventType': 'AwsApiCall', 'readOnly': 'false'} AS unmapped) TO '${ocsf}' (FORMAT parquet)`);
    await conn.run(`COPY (SELECT 'pq-athena-1' AS eventid, 'DeleteBucket' AS eventname, 's3.amazonaws.com' AS eventsource, '2024-04-11T12:00:00Z' AS eventtime,
      {'type': 'AssumedRole', 'arn': 'arn:aws:sts::1:assumed-role/R/s', 'sessioncontext': {'sessionissuer': {'type': 'Role', 'arn': 'arn:aws:iam::1:role/R'}}} AS useridentity,
      '{"bucketName":"b"}' AS requestparameters, 'false' AS readonly) TO '${athena}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    await indexInto(ev);
    expect([
      fileRow(ev, 'lake/part-0.parquet').shape,
      fileRow(ev, 'lake/part-0.parquet').events,
    ]).toEqual(['security-lake-parquet', 1]);
    const athenaRel = 'export/account=1/region=us-east-1/date=2024-04-11/data_0.parquet';
    expect([fileRow(ev, athenaRel).shape, fileRow(ev, athenaRel).events]).toEqual([
      'athena-parquet',
      1,
    ]);
    expect(fileRow(ev, athenaRel).sha256).toMatch(/^[0-9a-f]{64}$/);
    const o = stored(ev, 'pq-ocsf-1');
    expect(o.raw).toMatchObject({
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2024-04-11T12:00:00Z',
      eventType: 'AwsApiCall',
      readOnly: false,
    });
    expect(o.row.user_name).toBe('admin');
    const a = stored(ev, 'pq-athena-1');
    expect(a.raw).toMatchObject({
      eventName: 'DeleteBucket',
      requestParameters: { bucketName: 'b' },
      readOnly: false,
      userIdentity: { sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::1:role/R' } } },
    });
    expect(a.row.session_issuer_arn).toBe('arn:aws:iam::1:role/R');
  });
});

describe('hostile engine rows', () => {
  it('OCSF unmapped keys that name a prototype are kept as data, never followed; a row nested too deep is skipped with a reason', async () => {
    ev = evidenceDir();
    const row = {
      class_uid: 6003,
      time: 1712836800000,
      metadata: { uid: 'hostile-1' },
      api: { operation: 'GetObject', service: { name: 's3.amazonaws.com' } },
      unmapped: {
        'a.__proto__.polluted': 'yes',
        'constructor.prototype.polluted': 'yes',
        toString: 'kept',
      },
    };
    const deep = '{"d":'.repeat(50_000) + '"leaf"' + '}'.repeat(50_000);
    const deepText = `{"class_uid":6003,"metadata":{"uid":"deep-1"},"api":{"operation":"X"},"observables":${deep}}`;
    // a "__proto__" member as JSON text can carry it (an object literal cannot)
    const rowText = JSON.stringify(row).replace(
      '"unmapped":{',
      '"unmapped":{"__proto__":{"polluted":"yes"},',
    );
    ev.write('hostile.jsonl', rowText + '\n' + deepText + '\n');
    const s = await indexInto(ev);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.failed).toEqual([]);
    const { raw } = stored(ev, 'hostile-1');
    expect(raw.toString).toBe('kept');
    const kept = ((raw.trailscopeImport as Obj).engineFields as Obj).unmappedKept as Obj;
    expect(Object.keys(kept).sort()).toEqual([
      '__proto__',
      'a.__proto__.polluted',
      'constructor.prototype.polluted',
    ]);
    expect(fileRow(ev, 'hostile.jsonl').events).toBeGreaterThanOrEqual(1);
  });
});
