/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --cpu-prof /tmp/prof`):
 * top functions by self time, self time per package / source file, and inclusive time of
 * functions whose name matches a filter; or, with `--groups`, self time in the coarse groups
 * docs/performance.md tabulates (collector, HTTP, IXOPAY client, GraphQL execution, ...).
 *
 *   node dist-bench/test/bench/cpuprofile-summary.js /tmp/prof/CPU.*.cpuprofile [--top 40] [--match regex] [--callers regex] [--skip-start SECONDS] [--groups]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<pkg>` (scoped too), `node:internal`, `src/…` or the file's tail. */
function bucketOf(url: string): string {
  if (!url) return '(native/v8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const dist = url.search(/\/dist(-bench)?\//);
  if (dist >= 0) return url.slice(dist + 1).replace(/^dist(-bench)?\//, '');
  return url;
}

const shortUrl = (url: string) => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.search(/\/dist(-bench)?\//);
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
};

/** Drops the samples of the first `seconds` (start-up: module loading, schema building). */
export function skipStart(profile: CpuProfile, seconds: number): CpuProfile {
  if (seconds <= 0) return profile;
  let t = 0;
  let first = 0;
  while (first < profile.samples.length && t < seconds * 1e6) t += profile.timeDeltas[first++] ?? 0;
  return { ...profile, startTime: profile.startTime + t, samples: profile.samples.slice(first), timeDeltas: profile.timeDeltas.slice(first) };
}

export function summarize(profile: CpuProfile, top: number, match?: RegExp, callersOf?: RegExp): string {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  let idleUs = 0;
  for (const [id, us] of selfUs) if (byId.get(id)?.callFrame.functionName === '(idle)') idleUs += us;
  const busyUs = totalUs - idleUs;

  const fnKey = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const byFn = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    byFn.set(fnKey(node), (byFn.get(fnKey(node)) ?? 0) + us);
    const bucket = node.callFrame.url ? bucketOf(node.callFrame.url) : node.callFrame.functionName || '(native)';
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + us);
  }

  const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)} %`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines: string[] = [];
  lines.push(
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s wall, busy ${(busyUs / 1e6).toFixed(1)} s (idle ${(idleUs / 1e6).toFixed(1)} s); percentages are of busy time`,
  );
  lines.push('', `Top ${top} functions by self time:`);
  for (const [key, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(us)} ${pct(us)}  ${key}`);
  lines.push('', 'Self time by package / file:');
  for (const [key, us] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(us)} ${pct(us)}  ${key}`);

  if (match) {
    // Inclusive time: a sample counts once for every matching function on its stack.
    const inclusive = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      const seen = new Set<string>();
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const node = byId.get(id)!;
        const key = fnKey(node);
        if (!seen.has(key) && match.test(key)) {
          seen.add(key);
          inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
        }
      }
    }
    lines.push('', `Inclusive time of functions matching ${match}:`);
    for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(us)} ${pct(us)}  ${key}`);
  }
  if (callersOf) {
    // Where the self time of matching leaf functions comes from: their nearest callers.
    const depth = 10;
    const stacks = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      const leaf = byId.get(profile.samples[i])!;
      if (!callersOf.test(fnKey(leaf))) continue;
      const frames: string[] = [];
      for (let id = parent.get(leaf.id); id !== undefined && frames.length < depth; id = parent.get(id)) frames.push(fnKey(byId.get(id)!));
      const key = frames.join('\n          ← ');
      stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    lines.push('', `Callers of ${callersOf} (self time):`);
    for (const [key, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, Math.min(top, 12))) lines.push(`${ms(us)} ${pct(us)}  ← ${key}`);
  }
  return lines.join('\n');
}

/** The group of a frame, for `--groups`: by function for V8's own entries, else by file or package. */
export function groupOf(frame: CallFrame): string {
  const { url, functionName: fn } = frame;
  if (fn === '(garbage collector)') return 'garbage collection (main thread)';
  if (fn === 'writev' || fn === 'writeString' || fn === 'writeBuffer' || fn === 'close') return 'kernel: socket writes';
  if (fn === '(program)' || fn === 'runMicrotasks') return 'V8, microtasks';
  if (url.includes('/ixopay/wire/')) return 'IXOPAY wire parse (JSON → types)';
  if (url.includes('/ixopay/') || url.startsWith('node:internal/crypto') || url.startsWith('node:crypto'))
    return 'IXOPAY client: call path, signing, deadlines';
  if (
    /node_modules\/(undici|raw-body)\//.test(url) ||
    url.startsWith('wasm://') ||
    /^node:(internal\/streams|net|_http|internal\/stream_base)/.test(url)
  ) {
    return 'HTTP: undici, node:http, streams';
  }
  if (/^node:(internal\/abort_controller|internal\/event_target|events|timers|internal\/timers)/.test(url)) return 'events, timers, abort signals';
  if (/node_modules\/(graphql-jit|graphql)\//.test(url) || (!url && /Handler$|^query$|^getVariables$/.test(fn)))
    return 'GraphQL execution (graphql-jit, graphql-js)';
  if (/node_modules\/(@apollo\/server|@apollo\/utils[^/]*|negotiator)\//.test(url)) return "Apollo Server's pipeline";
  if (url.includes('node_modules/@apollo/subgraph/')) return "@apollo/subgraph's _entities";
  if (url.includes('node_modules/type-graphql/')) return 'type-graphql (arguments, middleware)';
  if (url.includes('node_modules/zod/')) return 'zod (input checks)';
  if (url.includes('node_modules/dataloader/') || url.includes('/graphql/loaders/')) return 'DataLoader and loaders';
  if (url.includes('/graphql/')) return 'resolvers, access (src/graphql)';
  if (/node_modules\/(prom-client|pino)\//.test(url) || /\/plugins\/(metrics|logging)\//.test(url)) return 'metrics and logs';
  if (url.includes('/server/') || url.includes('/auth/') || /node_modules\/(lru-cache|jose)\//.test(url))
    return 'server: endpoint, fast path, checks';
  if (url.includes('baseline-server')) return 'baseline server';
  return 'other';
}

/** Self time per group (see groupOf), idle excluded. */
export function summarizeGroups(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byGroup = new Map<string, number>();
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i])!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const us = profile.timeDeltas[i] ?? 0;
    busyUs += us;
    const group = groupOf(frame);
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
  }
  const lines = [`busy ${(busyUs / 1e6).toFixed(1)} s`];
  for (const [group, us] of [...byGroup].sort((a, b) => b[1] - a[1])) lines.push(`${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${group}`);
  return lines.join('\n');
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    options: {
      top: { type: 'string', default: '30' },
      match: { type: 'string' },
      callers: { type: 'string' },
      'skip-start': { type: 'string', default: '0' },
      groups: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    process.stderr.write('usage: node dist-bench/test/bench/cpuprofile-summary.js FILE.cpuprofile [--top N] [--match REGEX]\n');
    process.exit(2);
  }
  for (const file of positionals) {
    const profile = skipStart(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(values['skip-start']));
    if (values.groups) {
      process.stdout.write(`== ${file}\n${summarizeGroups(profile)}\n\n`);
      continue;
    }
    process.stdout.write(
      `== ${file}\n${summarize(profile, Number(values.top), values.match ? new RegExp(values.match) : undefined, values.callers ? new RegExp(values.callers) : undefined)}\n\n`,
    );
  }
}
