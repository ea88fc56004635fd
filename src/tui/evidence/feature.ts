import type { Feature } from '../shell/registry.js';
import { FILES, filesView } from '../shell/routes.js';
import { filesFactory } from './files-view.js';

/** The evidence files view (`I`): what was read, what failed and why, verify's verdicts. */
export const evidenceFeature: Feature = {
  name: 'evidence',
  views: { [FILES]: filesFactory },
  commands: [
    {
      id: 'evidence.files',
      keys: ['I'],
      description: 'input files: status, events, verify verdict, and why a file failed',
      scope: 'global',
      hint: 'files',
      order: 25,
      run: (app) => app.switchTo(filesView()),
    },
    {
      id: 'files.problems',
      keys: ['p'],
      description: 'only files with a problem or warning (toggle)',
      scope: FILES,
      hint: 'problems',
      order: 2,
    },
    {
      id: 'files.open',
      keys: ['enter'],
      description: "the file's whole message, hashes and verdict",
      scope: FILES,
      hint: 'details',
      order: 3,
    },
  ],
};
