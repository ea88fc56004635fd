import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { renderApp, type RenderedApp } from './render-app.js';
import { toggleServiceCallers } from '../../src/tui/events/event-list.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('A: hide and show AWS service callers', () => {
  it('adds and removes one visible term, keeping the rest of the filter', () => {
    expect(toggleServiceCallers('')).toBe('-byService:true');
    expect(toggleServiceCallers('name:X')).toBe('name:X -byService:true');
    expect(toggleServiceCallers('name:X -byService:true')).toBe('name:X');
    expect(toggleServiceCallers('name:A OR name:B')).toBe('(name:A OR name:B) -byService:true');
  });

  it('A hides the service calls (the header says how many remain and why), A again shows them', async () => {
    const records = [
      ...Array.from({ length: 5 }, (_, i) => ctEvent({ eventID: `u-${i}` })),
      ctEvent({
        eventID: 's-1',
        userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      }),
      ctEvent({
        eventID: 's-2',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::1:assumed-role/R/x',
          invokedBy: 'lambda.amazonaws.com',
        },
      }),
    ];
    app = await renderApp(caseFileWith(records), { columns: 100, rows: 24 });
    expect(app.frame()).toContain('7 events');
    await app.press('A');
    await tick(50);
    let f = await app.press();
    expect(f).toContain('filter: -byService:true');
    expect(f).toMatch(/5 events of 7/);
    await app.press('A');
    await tick(50);
    f = await app.press();
    expect(f).toContain('filter: (none: all events)');
    expect(f).toContain('7 events');
  });
});
