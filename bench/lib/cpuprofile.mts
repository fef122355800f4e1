import { readFileSync } from 'node:fs';

/** A V8 .cpuprofile, as `Profiler.stop` returns it. */
interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function's code comes from, for "where does the time go". */
export function category(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 (program: compile, IC, native glue)';
  if (/\/@(smithy|aws-sdk|aws-crypto)\//.test(url)) return 'AWS SDK v3 (@aws-sdk, @smithy)';
  if (url.includes('/valibot/')) return 'valibot (validation)';
  if (url.includes('/@aws-lambda-powertools/')) return 'Powertools (logger, batch)';
  if (url.includes('/packages/backend/src/local/')) return 'local stack (gateway, pollers)';
  if (url.includes('/packages/backend/src/')) return 'backend handlers (routes, domain, adapters)';
  if (url.includes('/packages/contract/')) return 'contract';
  if (/^node:(_http|http)/.test(url)) return 'node http (server + client)';
  if (
    /^node:(net|stream|internal\/streams|internal\/stream_base|_stream)/.test(url) ||
    url.startsWith('node:internal/net')
  )
    return 'node net/streams';
  if (url.startsWith('node:')) return 'node other (timers, events, url, crypto...)';
  if (url === '') return 'native builtins (JSON, RegExp, crypto, Buffer...)';
  if (url.includes('/node_modules/'))
    return `other package: ${url.split('/node_modules/').at(-1)?.split('/').slice(0, 2).join('/')}`;
  return 'other';
}

export interface ProfileSummary {
  /** Wall time sampled (ms). */
  readonly sampledMs: number;
  /** Non-idle time (ms): what the process spent on the CPU, roughly. */
  readonly busyMs: number;
  /** Share of busy time, percent, by category, largest first. */
  readonly byCategory: { category: string; ms: number; percent: number }[];
  /** Heaviest functions by self time. */
  readonly topFunctions: { fn: string; where: string; ms: number; percent: number }[];
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following interval to sample i.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const categories = new Map<string, number>();
  const functions = new Map<string, { fn: string; where: string; ms: number }>();
  let busy = 0;
  let total = 0;
  for (const [id, time] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += time;
    const cat = category(frame.url, frame.functionName);
    if (cat === 'idle') continue;
    busy += time;
    categories.set(cat, (categories.get(cat) ?? 0) + time);
    const where = frame.url
      ? `${frame.url
          .replace(/^file:\/\//, '')
          .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
          .replace(/.*\/work\/main\//, '')}:${frame.lineNumber + 1}`
      : '(native)';
    const key = `${frame.functionName || '(anonymous)'} ${where}`;
    const entry = functions.get(key) ?? { fn: frame.functionName || '(anonymous)', where, ms: 0 };
    entry.ms += time;
    functions.set(key, entry);
  }
  const pct = (ms: number) => Math.round((ms / busy) * 1000) / 10;
  return {
    sampledMs: Math.round(total),
    busyMs: Math.round(busy),
    byCategory: [...categories]
      .map(([name, ms]) => ({ category: name, ms: Math.round(ms), percent: pct(ms) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, ms: Math.round(f.ms), percent: pct(f.ms) })),
  };
}
