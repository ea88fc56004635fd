import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where trailscope keeps files it can rebuild (the demo's case file): TRAILSCOPE_CACHE_DIR, else
 * the platform's user cache folder (XDG on Linux and BSDs, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows).
 */
export function cacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.TRAILSCOPE_CACHE_DIR) return env.TRAILSCOPE_CACHE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'trailscope');
  if (platform === 'win32')
    return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'trailscope', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'trailscope');
}
