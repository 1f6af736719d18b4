// An independent client for Argo's generic eventsource contract: grpc-js, the proto file, nothing
// from this project's Java code. Prints one JSON line per event, then one line with how it ended.
//   node client.mjs --url 127.0.0.1:8080 --name demo --config 'interval: 1s' [--count N] [--timeout-ms T] [--token T]
// Throughput mode, for benchmarks/run-comparison.sh: --measure-ms M [--warmup-ms W] prints no events,
// only one line {"end":"measured","events":..,"seconds":..,"events_per_s":..} for the M ms after W ms.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const here = path.dirname(fileURLToPath(import.meta.url));
const protoFile = path.resolve(here, '../../proto/src/main/proto/generic.proto');
const def = protoLoader.loadSync(protoFile, { keepCase: true, longs: String, bytes: Buffer });
const generic = grpc.loadPackageDefinition(def).generic;
const client = new generic.Eventing(args.url, grpc.credentials.createInsecure());

const metadata = new grpc.Metadata();
if (args.token) metadata.set('authorization', `Bearer ${args.token}`);
const count = Number(args.count ?? 0);
const started = Date.now();
let received = 0;
const call = client.StartEventSource({ name: args.name, config: Buffer.from(args.config ?? '', 'utf8') }, metadata);
const measureMs = Number(args['measure-ms'] ?? 0);
const warmupMs = Number(args['warmup-ms'] ?? 0);
let atWindowStart = 0;
const timer = measureMs > 0
  ? setTimeout(() => finish({ end: 'measured', events: received - atWindowStart, seconds: measureMs / 1000,
      events_per_s: Math.round((received - atWindowStart) * 1000 / measureMs) }), warmupMs + measureMs)
  : setTimeout(() => finish({ end: 'timeout', received }), Number(args['timeout-ms'] ?? 30000));
if (measureMs > 0) setTimeout(() => { atWindowStart = received; }, warmupMs);

function finish(result) {
  clearTimeout(timer);
  console.log(JSON.stringify(result));
  call.cancel();
  client.close();
  process.exit(0);
}

call.on('data', (event) => {
  received++;
  if (measureMs > 0) return;
  console.log(JSON.stringify({ name: event.name, payload: event.payload.toString('utf8'), ms: Date.now() - started }));
  if (count > 0 && received >= count) finish({ end: 'count', received });
});
call.on('error', (err) => {
  if (err.code === grpc.status.CANCELLED) return;
  finish({ end: 'status', code: grpc.status[err.code] ?? err.code, details: err.details, received });
});
call.on('end', () => finish({ end: 'closed', received }));
