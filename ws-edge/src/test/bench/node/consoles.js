// The consoles of the fan-out benchmark: N WebSocket clients in one Node process, the same for the
// edge, the bare hub and the floors, so that every server is loaded and measured by the same clients.
// They offer permessage-deflate as browsers do (--deflate on) or not, and take only what they need from
// each update: its send or write time (data.reconciliation.event_time), to measure latency.
//
//   node consoles.js --url ws://127.0.0.1:8090/ws --sessions 400 --groups 1 --deflate on --protocol plain
//
// --protocol edge: authenticate with the token of the console's group (--tokens: a JSON array, one
// token per group, of agency "agency-<g>") and subscribe to incidents of that agency, as a console
// does; plain: connect with ?g=<group> and listen.
// Driven over stdin/stdout by FanOutBenchmark: prints "ready <sessions> <seconds>" once every console
// is subscribed; "start" opens the measured window, "stop" closes it and prints one "result {json}".
// With the edge, each console keeps the newest version of each incident it got (snapshot, then
// updates); "check <file>" ({"<incident id>": <last version written>, ...}) prints "checked <stale
// consoles> <stale incidents>": those of its agency's incidents a console does not hold at the last
// version (nothing lost when both are 0).
// FanOutBenchmark may split the consoles over several such processes (--console-processes) to use
// more than one core; the results carry a latency histogram so that it can merge them.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) =>
  (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const url = args.url;
const sessions = Number(args.sessions ?? 400);
const groups = Number(args.groups ?? 1);
const deflate = (args.deflate ?? 'off') === 'on';
const edge = (args.protocol ?? 'plain') === 'edge';
const tokens = edge ? JSON.parse(readFileSync(args.tokens, 'utf8')) : [];
const handshakes = Number(args['connect-concurrency'] ?? 200);

const UPDATE = Buffer.from('{"type":"update"');
const ID = Buffer.from('"id":"');
const VERSION = Buffer.from('"version":');
const SNAPSHOT = Buffer.from('{"type":"snapshot"');
const EVENT_TIME = '"event_time":"';

let measuring = false;
let frames = 0;
let latencies = [];
let closed = 0;
let deflateNegotiated = 0;
const views = []; // per console (edge only): its group and incident id -> newest version received

// The incident id and reconciliation.version of an update frame, without parsing it: the first "id"
// after the data's start is the Feature's, and reconciliation is its only member with a "version".
function idAndVersion(buf) {
  const i = buf.indexOf(ID) + ID.length;
  let k = buf.indexOf(VERSION, i) + VERSION.length;
  let version = 0;
  for (let c = buf[k]; c >= 48 && c <= 57; c = buf[++k]) version = version * 10 + (c - 48);
  return [buf.toString('latin1', i, buf.indexOf(34, i)), version];
}

function startsWith(buf, prefix) {
  return buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function open(index) {
  const g = index % groups;
  const view = new Map();
  if (edge) views.push({ g, view });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(edge ? url : `${url}?g=${g}`, { perMessageDeflate: deflate });
    let ready = false;
    socket.on('open', () => {
      if (socket.extensions.includes('permessage-deflate')) deflateNegotiated++;
      if (!edge) {
        ready = true;
        resolve();
      }
    });
    socket.on('message', (data) => {
      if (startsWith(data, UPDATE)) {
        if (edge) {
          const [id, version] = idAndVersion(data);
          if (version > (view.get(id) ?? 0)) view.set(id, version);
        }
        if (!measuring) return;
        const now = Date.now();
        frames++;
        const at = data.indexOf(EVENT_TIME);
        if (at >= 0) {
          const from = at + EVENT_TIME.length;
          const sent = Date.parse(data.toString('latin1', from, data.indexOf(34, from)));
          latencies.push(now - sent);
        }
        return;
      }
      if (ready) return;
      if (startsWith(data, SNAPSHOT)) {
        for (const f of JSON.parse(data).data.features) view.set(f.id, f.reconciliation.version);
        ready = true;
        resolve();
        return;
      }
      const text = data.toString();
      if (text.startsWith('{"type":"connection"')) {
        socket.send(JSON.stringify({ type: 'auth', token: tokens[g] }));
      } else if (text.startsWith('{"type":"auth.success"')) {
        socket.send(JSON.stringify({ type: 'subscribe', channel: 'incidents', filters: { agencies: [`agency-${g}`] } }));
      } else if (text.startsWith('{"type":"error"') || text.startsWith('{"type":"auth.failed"')) {
        reject(new Error(text));
      }
    });
    socket.on('close', () => {
      closed++;
      if (!ready) reject(new Error(`console ${index} closed before it was ready`));
    });
    socket.on('error', (e) => {
      if (!ready) reject(e);
    });
  });
}

async function connectAll() {
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < sessions) {
      await open(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(handshakes, sessions) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`ready ${sessions} ${seconds.toFixed(1)} deflate-negotiated ${deflateNegotiated}`);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Latencies (whole ms) as {ms: count}, so that the figures of several console processes merge exactly.
function histogram(sorted) {
  const counts = {};
  for (const ms of sorted) counts[ms] = (counts[ms] ?? 0) + 1;
  return counts;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'start') {
    frames = 0;
    latencies = [];
    measuring = true;
  } else if (command === 'stop') {
    measuring = false;
    const sorted = Float64Array.from(latencies).sort();
    console.log('result ' + JSON.stringify({
      frames, samples: sorted.length, closed, deflateNegotiated,
      p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9),
      max: sorted.length ? sorted[sorted.length - 1] : NaN, histogram: histogram(sorted),
    }));
  } else if (command.startsWith('check ')) {
    const last = JSON.parse(readFileSync(command.slice('check '.length), 'utf8'));
    let staleConsoles = 0;
    let staleIncidents = 0;
    for (const { g, view } of views) {
      const prefix = `B-${g}-`;
      let stale = 0;
      for (const [id, version] of Object.entries(last)) {
        if (id.startsWith(prefix) && (view.get(id) ?? 0) < version) stale++;
      }
      if (stale > 0) staleConsoles++;
      staleIncidents += stale;
    }
    console.log(`checked ${staleConsoles} ${staleIncidents}`);
  } else if (command === 'exit') {
    process.exit(0);
  }
});

connectAll().catch((e) => {
  console.log(`failed ${e.message}`);
  process.exit(1);
});
