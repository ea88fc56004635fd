/** Access key IDs: what kind they are, and whether one may be used to join events at all. */

export type KeyKind = 'long-term' | 'temporary' | 'placeholder' | 'other';

// Real key IDs are upper-case letters and digits, 16 to 128 characters (IAM's documented bounds).
const KEY_SHAPE = /^[A-Z0-9]{16,128}$/;

/**
 * Redacted exports and test data carry keys such as "SAMPLE_ACCESS_KEY", "1111", "",
 * "ASIAXXXXXXXXXXXXXXXX" or the documentation's "AKIAIOSFODNN7EXAMPLE". Joining on them would tie unrelated sessions together, so they never link.
 */
export function isLinkableKey(key: string | null | undefined): key is string {
  if (!key) return false;
  if (!KEY_SHAPE.test(key)) return false;
  const body = /^(AKIA|ASIA)/.test(key) ? key.slice(4) : key;
  if (/^(.)\1*$/.test(body)) return false;
  if (/^(0123456789|1234567890)+/.test(body)) return false;
  // the AWS documentation's example keys (AKIAIOSFODNN7EXAMPLE) stand in for redacted ones
  if (body.endsWith('EXAMPLE')) return false;
  return true;
}

export function keyKind(key: string | null | undefined): KeyKind {
  if (!isLinkableKey(key)) return 'placeholder';
  if (key.startsWith('AKIA')) return 'long-term';
  if (key.startsWith('ASIA')) return 'temporary';
  return 'other';
}

/** `ASIA…W3X`: enough to tell keys apart in a narrow column. */
export function shortKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-3)}` : key;
}

/** A source address that is a service, not a network: `AWS Internal`, `secretsmanager.amazonaws.com`. */
export function isServiceSource(ip: string | null | undefined): boolean {
  return !!ip && (ip === 'AWS Internal' || /\.amazonaws\.com$/i.test(ip));
}
