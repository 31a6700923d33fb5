/**
 * Entry point of every benchmark child process: `node --import tsx bench/support/guard.ts <module>`.
 * It loads `<module>` (e.g. subgraphs/prefecture/multi-server.ts) unchanged, and stops it when the
 * parent goes away: the parent holds our stdin open, so end-of-file on stdin means the benchmark
 * process died (even by SIGKILL) and nothing else would ever stop this child. SIGTERM goes to the
 * module's own shutdown handler first; if it has none or hangs, we exit anyway.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
if (!target) {
  console.error('usage: node --import tsx bench/support/guard.ts <module> [args…]');
  process.exit(2);
}
process.argv.splice(2, 1);

function parentGone(): void {
  // Let the module's SIGTERM handler close servers and databases; force the exit after 5 s.
  setTimeout(() => process.exit(0), 5_000).unref();
  if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
  else process.exit(0);
}
process.stdin.on('end', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();

await import(pathToFileURL(resolve(target)).href);
