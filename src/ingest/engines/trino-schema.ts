import { arrayOf, mapOf, SCALAR, struct, type RowType } from './row-text.js';

/**
 * The CloudTrail tables of the big engines, as their result CSVs name the columns (lower case)
 * and with the CloudTrail field each one came from. Athena: the `cloudtrail_logs` DDL AWS
 * documents (older copies of it lack some fields, which is fine: a ROW names the fields it has).
 * CloudTrail Lake: the event data store schema, which adds a few identity fields and keeps
 * requestParameters and its siblings as MAP(VARCHAR, VARCHAR) instead of JSON text.
 */

const SESSION_ISSUER = struct([
  ['type', 'type'],
  ['principalid', 'principalId'],
  ['arn', 'arn'],
  ['accountid', 'accountId'],
  ['username', 'userName'],
]);

export const USER_IDENTITY: RowType = struct([
  ['type', 'type'],
  ['principalid', 'principalId'],
  ['arn', 'arn'],
  ['accountid', 'accountId'],
  ['invokedby', 'invokedBy'],
  ['accesskeyid', 'accessKeyId'],
  ['username', 'userName'],
  [
    'onbehalfof',
    'onBehalfOf',
    struct([
      ['userid', 'userId'],
      ['identitystorearn', 'identityStoreArn'],
    ]),
  ],
  [
    'sessioncontext',
    'sessionContext',
    struct([
      [
        'attributes',
        'attributes',
        struct([
          ['mfaauthenticated', 'mfaAuthenticated'],
          ['creationdate', 'creationDate'],
        ]),
      ],
      ['sessionissuer', 'sessionIssuer', SESSION_ISSUER],
      ['ec2roledelivery', 'ec2RoleDelivery'],
      [
        'webidfederationdata',
        'webIdFederationData',
        struct([
          ['federatedprovider', 'federatedProvider'],
          ['attributes', 'attributes', mapOf(SCALAR)],
        ]),
      ],
      // CloudTrail Lake's schema
      ['sourceidentity', 'sourceIdentity'],
      ['ec2issuedinvpc', 'ec2IssuedInVPC'],
      ['assumedroot', 'assumedRoot'],
    ]),
  ],
  [
    'inscopeof',
    'inScopeOf',
    struct([
      ['sourcearn', 'sourceArn'],
      ['sourceaccount', 'sourceAccount'],
      ['issuertype', 'issuerType'],
      ['credentialsissuedto', 'credentialsIssuedTo'],
    ]),
  ],
  ['credentialid', 'credentialId'],
  ['identityprovider', 'identityProvider'],
]);

const RESOURCES = arrayOf(
  struct([
    ['arn', 'ARN'],
    ['accountid', 'accountId'],
    ['type', 'type'],
    ['arnprefix', 'ARNPrefix'],
  ]),
);
const TLS = struct([
  ['tlsversion', 'tlsVersion'],
  ['ciphersuite', 'cipherSuite'],
  ['clientprovidedhostheader', 'clientProvidedHostHeader'],
  ['keyexchange', 'keyExchange'],
]);
const ADDENDUM = struct([
  ['reason', 'reason'],
  ['updatedfields', 'updatedFields'],
  ['originalrequestid', 'originalRequestID'],
  ['originaleventid', 'originalEventID'],
]);

/** How a column's cell is read. */
export type ColumnKind = 'string' | 'boolean' | 'json' | 'time' | { row: RowType };

export interface TableColumn {
  /** The CloudTrail field. */
  name: string;
  kind: ColumnKind;
  /** In the first documented DDL: a result without it lacks something every record has. */
  core: boolean;
}

const col = (name: string, kind: ColumnKind, core = true): TableColumn => ({ name, kind, core });

export const TRINO_COLUMNS: ReadonlyMap<string, TableColumn> = new Map([
  ['eventversion', col('eventVersion', 'string')],
  ['useridentity', col('userIdentity', { row: USER_IDENTITY })],
  ['eventtime', col('eventTime', 'time')],
  ['eventsource', col('eventSource', 'string')],
  ['eventname', col('eventName', 'string')],
  ['awsregion', col('awsRegion', 'string')],
  ['sourceipaddress', col('sourceIPAddress', 'string')],
  ['useragent', col('userAgent', 'string')],
  ['errorcode', col('errorCode', 'string')],
  ['errormessage', col('errorMessage', 'string')],
  ['requestparameters', col('requestParameters', 'json')],
  ['responseelements', col('responseElements', 'json')],
  ['additionaleventdata', col('additionalEventData', 'json')],
  ['requestid', col('requestID', 'string')],
  ['eventid', col('eventID', 'string')],
  ['resources', col('resources', { row: RESOURCES })],
  ['eventtype', col('eventType', 'string')],
  ['apiversion', col('apiVersion', 'string')],
  ['readonly', col('readOnly', 'boolean')],
  ['recipientaccountid', col('recipientAccountId', 'string')],
  ['serviceeventdetails', col('serviceEventDetails', 'json')],
  ['sharedeventid', col('sharedEventID', 'string')],
  ['vpcendpointid', col('vpcEndpointId', 'string')],
  ['vpcendpointaccountid', col('vpcEndpointAccountId', 'string', false)],
  ['eventcategory', col('eventCategory', 'string', false)],
  ['addendum', col('addendum', { row: ADDENDUM }, false)],
  ['sessioncredentialfromconsole', col('sessionCredentialFromConsole', 'string', false)],
  ['edgedevicedetails', col('edgeDeviceDetails', 'json', false)],
  ['tlsdetails', col('tlsDetails', { row: TLS }, false)],
]);

/** The DDL's core columns, for "fields missing from the engine's result". */
export const CORE_COLUMNS: readonly string[] = [...TRINO_COLUMNS]
  .filter(([, c]) => c.core)
  .map(([k]) => k);

/** JSON-text columns as CloudTrail Lake keeps them (string → string maps). */
export const JSON_AS_MAP: RowType = mapOf(SCALAR);
