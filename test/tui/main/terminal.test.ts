import { afterEach, describe, expect, it, vi } from 'vitest';
import { enterTerminal } from '../../../src/tui/main/terminal.js';

const LEAVE = '\u001b[?25h\u001b[?1049l';

function fakeOut() {
  const writes: string[] = [];
  return {
    writes,
    stream: { write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('terminal session', () => {
  it('enters the alternate screen and leaves it once, however often restored', () => {
    const { writes, stream } = fakeOut();
    const t = enterTerminal(stream, () => {});
    expect(writes[0]).toContain('\u001b[?1049h');
    t.restore();
    t.restore();
    expect(writes.filter((w) => w === LEAVE)).toHaveLength(1);
  });

  it('restores the screen before a crash is reported and the process exits', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { writes, stream } = fakeOut();
    const order: string[] = [];
    enterTerminal(stream, () =>
      order.push(writes.includes(LEAVE) ? 'reported after restore' : 'reported before restore'),
    );
    (process.emit as (event: string, ...args: unknown[]) => boolean)(
      'uncaughtException',
      new Error('boom'),
    );
    expect(order).toEqual(['reported after restore']);
    expect(exit).toHaveBeenCalledWith(2);
  });

  it('restores on SIGTERM and exits with 143', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { writes, stream } = fakeOut();
    enterTerminal(stream, () => {});
    process.emit('SIGTERM', 'SIGTERM');
    expect(writes).toContain(LEAVE);
    expect(exit).toHaveBeenCalledWith(143);
  });
});
