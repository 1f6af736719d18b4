// Events/s of several servers read by one grpc-js process, for benchmarks/run-comparison.sh:
//   node compare.mjs --servers sdk=127.0.0.1:18080,baseline=127.0.0.1:18081 --config 'payloadSize: 1024'
//     [--cycles 10] [--window-ms 2000] [--settle-ms 500] [--warmup-ms 5000] [--flow-window BYTES]
// First one stream of warmup-ms per server (not counted). Then each cycle opens a fresh connection and
// flat-out stream to every server in turn, the order rotating by one per cycle, counts the events of
// window-ms after settle-ms, cancels, and prints {"cycle":c,"events_per_s":{"sdk":..,"baseline":..}}.
// One process in short alternating turns, because this client's own cost per event moves by a third
// from one node process to the next and the shared machine's speed drifts over minutes: a comparison
// of separate runs minutes apart measures those, not the servers. A fresh connection per turn, because
// a kept one settles at a speed of its own for its whole life (two identical servers read over kept
// connections differed by 11 %).
// --flow-window sets the HTTP/2 receive window grpc-js announces (default HTTP/2's 65,535 bytes).
import { grpc, eventingClient, parseArgs } from './eventing.mjs';

const args = parseArgs(process.argv.slice(2));
const options = args['flow-window'] ? { 'grpc-node.flow_control_window': Number(args['flow-window']) } : {};
const servers = (args.servers ?? '').split(',').map((pair) => {
  const [name, url] = pair.split('=');
  if (!name || !url) {
    console.error(`error: --servers takes NAME=HOST:PORT[,NAME=HOST:PORT...], got '${args.servers ?? ''}'`);
    process.exit(2);
  }
  return { name, url };
});
const config = Buffer.from(args.config ?? '', 'utf8');
const cycles = Number(args.cycles ?? 10);
const windowMs = Number(args['window-ms'] ?? 2000);
const settleMs = Number(args['settle-ms'] ?? 500);
const warmupMs = Number(args['warmup-ms'] ?? 5000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events/s of one fresh stream over measureMs, after settleMs; fails the run on any status but CANCELLED. */
async function turn(server, settle, measureMs) {
  let received = 0;
  let failure = null;
  const client = eventingClient(server.url, options);
  const call = client.StartEventSource({ name: 'compare', config });
  call.on('data', () => { received++; });
  call.on('error', (err) => { if (err.code !== grpc.status.CANCELLED) failure = err; });
  call.on('end', () => { failure ??= new Error('stream ended by the server'); });
  await sleep(settle);
  const from = received;
  const t0 = process.hrtime.bigint();
  await sleep(measureMs);
  const events = received - from;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  call.cancel();
  client.close();
  if (failure) {
    console.log(JSON.stringify({ error: `${server.name}: ${failure.details ?? failure.message}` }));
    process.exit(1);
  }
  return Math.round(events / seconds);
}

for (const server of servers) {
  await turn(server, warmupMs, 0);
}
for (let cycle = 1; cycle <= cycles; cycle++) {
  const eventsPerS = {};
  for (let i = 0; i < servers.length; i++) {
    const server = servers[(cycle - 1 + i) % servers.length];
    eventsPerS[server.name] = await turn(server, settleMs, windowMs);
  }
  console.log(JSON.stringify({ cycle, events_per_s: eventsPerS }));
}
process.exit(0);
