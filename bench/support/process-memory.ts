import { readFileSync } from 'node:fs';

/** A child process's resident memory now (VmRSS) and its peak so far (VmHWM), from /proc, in KiB. */
export function memoryOf(pid: number | undefined): { rssKiB: number; hwmKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}
