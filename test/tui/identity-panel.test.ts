import { describe, expect, it } from 'vitest';
import { explainIdentity } from '../../src/domain/identity.js';

const find = (lines: ReturnType<typeof explainIdentity>, label: string) => lines.find((l) => l.label === label);

describe('identity panel: console session', () => {
  const ui = { type: 'IAMUser', userName: 'alice', accessKeyId: 'ASIAEXAMPLE' };

  it('reads sessionCredentialFromConsole from the top of the record, where CloudTrail puts it', () => {
    const line = find(explainIdentity({ userIdentity: ui, sessionCredentialFromConsole: 'true' }), 'console session');
    expect(line).toMatchObject({ value: 'yes', note: expect.stringMatching(/console sign-in/) });
  });

  it('falls back to userIdentity.sessionCredentialFromConsole (some exports nest it)', () => {
    expect(find(explainIdentity({ userIdentity: { ...ui, sessionCredentialFromConsole: 'true' } }), 'console session')?.value).toBe('yes');
  });

  it('prefers the top-level value, and shows nothing when neither place has it', () => {
    const both = explainIdentity({ userIdentity: { ...ui, sessionCredentialFromConsole: 'true' }, sessionCredentialFromConsole: 'false' });
    expect(find(both, 'console session')?.value).toBe('no');
    expect(find(explainIdentity({ userIdentity: ui }), 'console session')).toBeUndefined();
  });
});
