// Argo's generic.proto loaded with grpc-js: the one thing the client and the comparison share.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export { grpc };

const here = path.dirname(fileURLToPath(import.meta.url));
const protoFile = path.resolve(here, '../../proto/src/main/proto/generic.proto');
const def = protoLoader.loadSync(protoFile, { keepCase: true, longs: String, bytes: Buffer });
const { Eventing } = grpc.loadPackageDefinition(def).generic;

/** A plaintext Eventing client for host:port; options are grpc-js channel options. */
export function eventingClient(url, options = {}) {
  return new Eventing(url, grpc.credentials.createInsecure(), options);
}

/** The --flag value pairs of argv. */
export function parseArgs(argv) {
  return Object.fromEntries(
    argv.reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
}
