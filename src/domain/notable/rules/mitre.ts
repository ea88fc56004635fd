import type { MitreTechnique } from '../types.js';

/** The MITRE ATT&CK (Enterprise, IaaS) techniques the built-in rules name. */

const t = (id: string, name: string): MitreTechnique => ({ id, name });

export const VALID_CLOUD_ACCOUNTS = t('T1078.004', 'Valid Accounts: Cloud Accounts');
export const TRUSTED_RELATIONSHIP = t('T1199', 'Trusted Relationship');
export const BRUTE_FORCE = t('T1110', 'Brute Force');
export const UNSECURED_CREDENTIALS = t('T1552', 'Unsecured Credentials');
export const INSTANCE_METADATA = t(
  'T1552.005',
  'Unsecured Credentials: Cloud Instance Metadata API',
);
export const CLOUD_SECRETS_STORES = t(
  'T1555.006',
  'Credentials from Password Stores: Cloud Secrets Management Stores',
);
export const DISABLE_CLOUD_LOGS = t('T1562.008', 'Impair Defenses: Disable or Modify Cloud Logs');
export const DISABLE_TOOLS = t('T1562.001', 'Impair Defenses: Disable or Modify Tools');
export const DISABLE_CLOUD_FIREWALL = t(
  'T1562.007',
  'Impair Defenses: Disable or Modify Cloud Firewall',
);
export const NETWORK_BOUNDARY = t('T1599', 'Network Boundary Bridging');
export const RESOURCE_HIERARCHY = t('T1666', 'Modify Cloud Resource Hierarchy');
export const CREATE_CLOUD_ACCOUNT = t('T1136.003', 'Create Account: Cloud Account');
export const ACCOUNT_MANIPULATION = t('T1098', 'Account Manipulation');
export const ADDITIONAL_CREDENTIALS = t(
  'T1098.001',
  'Account Manipulation: Additional Cloud Credentials',
);
export const ADDITIONAL_ROLES = t('T1098.003', 'Account Manipulation: Additional Cloud Roles');
export const SERVERLESS_EXECUTION = t('T1648', 'Serverless Execution');
export const SCRIPTING = t('T1059', 'Command and Scripting Interpreter');
export const CLOUD_ADMIN_COMMAND = t('T1651', 'Cloud Administration Command');
export const COMPUTE_HIJACKING = t('T1496.001', 'Resource Hijacking: Compute Hijacking');
export const SERVICE_HIJACKING = t('T1496.004', 'Resource Hijacking: Cloud Service Hijacking');
export const REMOTE_SSH = t('T1021.004', 'Remote Services: SSH');
export const CLOUD_STORAGE = t('T1530', 'Data from Cloud Storage');
export const TRANSFER_TO_CLOUD_ACCOUNT = t('T1537', 'Transfer Data to Cloud Account');
export const STORAGE_DISCOVERY = t('T1619', 'Cloud Storage Object Discovery');
export const INFRA_DISCOVERY = t('T1580', 'Cloud Infrastructure Discovery');
export const SERVICE_DISCOVERY = t('T1526', 'Cloud Service Discovery');
export const DATA_DESTRUCTION = t('T1485', 'Data Destruction');
export const ENCRYPTED_FOR_IMPACT = t('T1486', 'Data Encrypted for Impact');
export const INHIBIT_RECOVERY = t('T1490', 'Inhibit System Recovery');
