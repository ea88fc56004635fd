import type { Database } from 'better-sqlite3';

/** 4 MiB of pages (a negative cache_size is KiB). */
const INDEX_BUILD_CACHE = -4096;

/**
 * After the load, before the indexes are built: a small page cache, and no sorter threads. SQLite
 * sorts an index's keys in buffers as large as the page cache, one per sorter thread: with the
 * load's 64 MiB and two threads, building the indexes of 5M bench events took the process from
 * ~500 to 622 MB (over the 512 MB bound) in 60 s. Smaller buffers also sort faster (they stay in
 * the processor's caches): every index of 1M bench events, rebuilt alone, 11.7 s with 64 MiB and
 * two threads, 9.3 s with 16 MiB, 6.6 s with 4 MiB and none (peak 176 -> 58 MiB); 5M: 37.6 s.
 */
export function beginIndexBuilds(db: Database): void {
  db.pragma(`cache_size = ${INDEX_BUILD_CACHE}`);
  db.pragma('threads = 0');
  db.pragma('shrink_memory');
}

/** `fn` under the index builds' settings, then the connection's own again (an index built mid-load). */
export function withIndexBuilds(db: Database, fn: () => void): void {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`cache_size = ${INDEX_BUILD_CACHE}`);
  db.pragma('threads = 0');
  try {
    fn();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`threads = ${threads}`);
  }
}
