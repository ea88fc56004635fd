// TEMPORARY: commands whose issues are in progress say so instead of pretending.
import type { CommandSpec } from '../command-spec.js';

export function notYet(name: string, summary: string, issue: number): CommandSpec {
  return {
    name,
    summary,
    configure(cmd) {
      cmd.allowUnknownOption(true).argument('[args...]');
    },
    run() {
      process.stderr.write(`trailscope ${name}: not built yet (issue #${issue})\n`);
      return 2;
    },
  };
}
