// An independent client for Argo's generic eventsource contract: grpc-js, the proto file, nothing
// from this project's Java code. Prints one JSON line per event, then one line with how it ended.
//   node client.mjs --url 127.0.0.1:8080 --name demo --config 'interval: 1s' [--count N] [--timeout-ms T] [--token T]
// Throughput comparisons between servers use compare.mjs.
import { grpc, eventingClient, parseArgs } from './eventing.mjs';

const args = parseArgs(process.argv.slice(2));
const client = eventingClient(args.url);

const metadata = new grpc.Metadata();
if (args.token) metadata.set('authorization', `Bearer ${args.token}`);
const count = Number(args.count ?? 0);
const started = Date.now();
let received = 0;
const call = client.StartEventSource({ name: args.name, config: Buffer.from(args.config ?? '', 'utf8') }, metadata);
const timer = setTimeout(() => finish({ end: 'timeout', received }), Number(args['timeout-ms'] ?? 30000));

function finish(result) {
  clearTimeout(timer);
  console.log(JSON.stringify(result));
  call.cancel();
  client.close();
  process.exit(0);
}

call.on('data', (event) => {
  received++;
  console.log(JSON.stringify({ name: event.name, payload: event.payload.toString('utf8'), ms: Date.now() - started }));
  if (count > 0 && received >= count) finish({ end: 'count', received });
});
call.on('error', (err) => {
  if (err.code === grpc.status.CANCELLED) return;
  finish({ end: 'status', code: grpc.status[err.code] ?? err.code, details: err.details, received });
});
call.on('end', () => finish({ end: 'closed', received }));
