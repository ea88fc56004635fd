#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import('../dist/cli/main.js').catch((err) => {
  if (
    err &&
    err.code === 'ERR_MODULE_NOT_FOUND' &&
    String(err.message).includes('dist/cli/main.js')
  ) {
    process.stderr.write(
      'trailscope: not built yet; run `npm install` (or `npm run build`) in the repository first\n',
    );
    process.exit(2);
  }
  throw err;
});
