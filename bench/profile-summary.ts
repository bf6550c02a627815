/**
 * Summarises a V8 CPU profile (`--cpu-prof`, as the benches' --profile writes): self time by
 * package (node_modules/<name>, Guildhall's own code, Node's internals, GC, idle) and the
 * functions with the most self time.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top 40] [--match <text>]
 *
 * --match keeps only samples whose stack contains a frame matching <text> (a function or a URL
 * part), e.g. `--match organizations/members` for what a route costs, callees included.
 */
import fs from 'node:fs';
import { argument } from './seed.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top 40] [--match <text>]');
  process.exit(2);
}
const top = Number(argument('top') ?? 40);
const match = argument('match');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** Where a frame's code lives: a package, Guildhall's own source, Node, or V8's pseudo-frames. */
function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName || 'native'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = url.match(/\/(server|sdk|bench)\/src\/([^/]+)/);
  if (own) return `guildhall ${own[2]}`;
  return url;
}

function stackMatches(id: number, text: string): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (frame.functionName.includes(text) || frame.url.includes(text)) return true;
  }
  return false;
}

const selfByArea = new Map<string, number>();
const selfByFunction = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const node = byId.get(id)!;
  if (node.callFrame.functionName === '(idle)') {
    idle += delta;
    return;
  }
  if (match && !stackMatches(id, match)) return;
  total += delta;
  const where = area(node);
  selfByArea.set(where, (selfByArea.get(where) ?? 0) + delta);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + delta);
});

const ms = (micros: number) => (micros / 1000).toFixed(0).padStart(7);
const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${ms(total)} ms busy${match ? ` in stacks matching "${match}"` : ''}, ${ms(idle).trim()} ms idle\n`);
console.log('self time by area');
for (const [where, micros] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms(micros)} ms ${share(micros)}  ${where}`);
console.log(`\ntop ${top} functions by self time`);
for (const [name, micros] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(micros)} ms ${share(micros)}  ${name}`);
