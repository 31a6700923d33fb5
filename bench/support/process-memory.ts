import { readFileSync, writeFileSync } from 'node:fs';

/** A child process's resident memory now (VmRSS) and its peak so far (VmHWM), from /proc, in KiB. */
export function memoryOf(pid: number | undefined): { rssKiB: number; hwmKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

/**
 * Resets a child process's VmHWM to its present RSS (Linux: "5" to /proc/PID/clear_refs), so the
 * peak read afterwards covers only what happens from now on. False when the kernel refuses.
 */
export function resetPeakMemory(pid: number | undefined): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
