// Diagnostic (not part of `pnpm bench`): what the load generator itself costs.
// fetch (undici) against http.request with a keep-alive Agent, both on GET /api/config of
// a local stack in a child process, 16 concurrent, alternating 2 s rounds.
// Usage: node --import tsx bench/diagnostics/load-client.mts
import { startRemoteStack } from '../stack/remote-stack.mjs';
import { closedLoop } from '../lib/load.mjs';
import { httpClient } from '../lib/http-client.mjs';
const s = await startRemoteStack({ streams: false });
const http = httpClient(s.apiUrl, 16);
const watch = { bench: process.pid, stack: s.pid };
const rows: Record<string, { ops: number; secs: number; cpu: number }> = {};
const kinds = {
  fetch: async () => {
    const r = await fetch(`${s.apiUrl}/config`);
    await r.arrayBuffer();
    return r.status === 200;
  },
  'http.request': async () => (await http.call('GET', '/config')).status === 200,
};
for (const [_k, w] of Object.entries(kinds)) await closedLoop({ concurrency: 16, seconds: 1, worker: w });
for (let r = 0; r < 4; r++)
  for (const [k, w] of r % 2 ? Object.entries(kinds).reverse() : Object.entries(kinds)) {
    const x = await closedLoop({ concurrency: 16, seconds: 2, worker: w, watch });
    rows[k] ??= { ops: 0, secs: 0, cpu: 0 };
    const row = rows[k];
    row.ops += x.ops;
    row.secs += x.seconds;
    row.cpu += x.cpu.bench;
  }
for (const [k, v] of Object.entries(rows))
  console.log(
    k.padEnd(14),
    (v.ops / v.secs).toFixed(0),
    'req/s; client CPU µs/req',
    ((v.cpu * 1000) / v.ops).toFixed(0),
  );
http.close();
await s.stop();
