/**
 * Summarizes V8 .cpuprofile files (from `--cpu-prof`) as text: self time by function and by
 * package/file, and inclusive time of the functions matching --focus.
 *
 *   npm run bench:profile -- /tmp/prof/*.cpuprofile [--top 25] [--focus listProjects,projectStats]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printTable } from './support/measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, focus: { type: 'string', default: '' } },
});
if (positionals.length === 0) {
  console.error('usage: npm run bench:profile -- <file.cpuprofile>… [--top N] [--focus name1,name2]');
  process.exit(2);
}
const top = Number(values.top);

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs]
    .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, us]) => a + us, 0);
  const busyUs = totalUs - idleUs;

  const where = (node: ProfileNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    return {
      url,
      group: pkg
        ? `pkg ${pkg}`
        : url.startsWith('node:') || url === ''
          ? `(${url || node.callFrame.functionName || 'native'})`
          : url,
    };
  };
  const addTo = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

  const byFunction = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    const { url, group } = where(node);
    addTo(byFunction, `${name} ${url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`, us);
    addTo(byGroup, group, us);
  }
  const pct = (us: number) => Math.round((us / busyUs) * 1000) / 10;
  console.log(
    `\n${file}: ${(totalUs / 1e6).toFixed(2)} s sampled, ${(busyUs / 1e6).toFixed(2)} s busy (${Math.round((busyUs / totalUs) * 100)}%)`,
  );
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, Math.round(us / 1000), pct(us)]);
  printTable('self time by package / file', ['where', 'ms', '% busy'], rows(byGroup));
  printTable('self time by function', ['function', 'ms', '% busy'], rows(byFunction));

  const focus = values.focus
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (focus.length) {
    // Inclusive time: a sample counts for a focused function when it is anywhere on the stack.
    const inclusive = new Map<string, number>();
    for (const [id, us] of selfUs) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const name = byId.get(n)!.callFrame.functionName;
        if (focus.includes(name) && !seen.has(name)) {
          seen.add(name);
          addTo(inclusive, name, us);
        }
      }
    }
    printTable('inclusive time of focused functions', ['function', 'ms', '% busy'], rows(inclusive));
  }
}
