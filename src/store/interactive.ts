import type { Database } from 'better-sqlite3';

/**
 * Settings for a long-lived interactive reader (the TUI). Memory-mapped reads count every touched
 * page of the case file in the process's resident set (hundreds of MB after a few scans of a
 * million-event file); reading through SQLite's own bounded page cache keeps the TUI small, and the
 * OS file cache still keeps repeated reads fast.
 */
export function tuneForInteractive(db: Database): void {
  db.pragma('mmap_size = 0');
  db.pragma('cache_size = -32768'); // 32 MiB
  // sorts and groupings larger than the cache spill to a temporary file instead of the heap
  db.pragma('temp_store = DEFAULT');
}
