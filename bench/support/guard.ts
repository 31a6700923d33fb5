/**
 * Entry point of every benchmark child process: `node --import tsx bench/support/guard.ts <module>`.
 * It loads `<module>` (e.g. subgraphs/prefecture/multi-server.ts) unchanged, and stops it when the
 * parent goes away: the parent holds our stdin open, so end-of-file on stdin means the benchmark
 * process died (even by SIGKILL) and nothing else would ever stop this child. SIGTERM goes to the
 * module's own shutdown handler; if it has none or hangs, we exit after 5 s anyway. When the
 * parent is gone, BENCH_ORPHAN_CLEANUP_DIR (if set) is removed at exit, since no one else will.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
if (!target) {
  console.error('usage: node --import tsx bench/support/guard.ts <module> [args…]');
  process.exit(2);
}
process.argv.splice(2, 1);

// Temp data the parent would have removed, had it lived (BENCH_ORPHAN_CLEANUP_DIR).
const orphanDir = process.env.BENCH_ORPHAN_CLEANUP_DIR;
let orphaned = false;
process.on('exit', () => {
  if (orphaned && orphanDir) rmSync(orphanDir, { recursive: true, force: true });
});

// A listener of our own, so that a SIGTERM never takes the default action (instant death): the
// module's handler gets to close its databases, and the exit above runs. Needed because Apollo
// Server installs SIGTERM handlers that stop the server and then re-raise the signal, which kills
// the process once lib/shutdown.ts's one-time listener is used up (see the benchmark report).
// If the module does not exit by itself within 5 s, we do.
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5_000).unref();
});

function parentGone(): void {
  orphaned = true;
  process.kill(process.pid, 'SIGTERM');
}
process.stdin.on('end', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();

await import(pathToFileURL(resolve(target)).href);
