/**
 * The alternate screen and the cursor are ours to restore on every way out: q, Ctrl-C, SIGTERM,
 * SIGINT, SIGHUP (SSH drop), uncaught exceptions. ink 6 does not manage the alternate screen.
 */
const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface TerminalSession {
  /** Leave the alternate screen and show the cursor (idempotent). */
  restore(): void;
}

export function enterTerminal(
  out: NodeJS.WriteStream,
  onFatal: (err: unknown) => void,
): TerminalSession {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    } catch {
      // stdin already closed
    }
    out.write(SHOW_CURSOR + LEAVE_ALT);
    process.off('exit', restore);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    restore();
    process.exit(sig === 'SIGTERM' ? 143 : sig === 'SIGINT' ? 130 : 129);
  };
  const onCrash = (err: unknown) => {
    restore();
    onFatal(err);
    process.exit(2);
  };
  process.on('exit', restore);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // raw mode turns Ctrl-C into a key, but `kill -INT` still arrives as a signal
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  out.write(ENTER_ALT);
  return { restore };
}
