// The reference bare hub of the fan-out benchmark: the simplest server that does the edge's one job.
// It accepts WebSocket consoles on any path (group from the query, ?g=3), and every tick sends the
// updates due, each rendered and UTF-8 encoded once, as the same bytes to every console of its group.
// No deflate, no logic per console. Each frame carries its send time in data.reconciliation.event_time
// so that the consoles measure latency as they do against the edge.
//
//   node bare-hub.js --port 8090 --template frame.json --groups 1 --rate 25
//
// --template: a server update frame with the placeholder __EVENT_TIME__; --rate: updates a second in
// all, round robin over the groups (every console of a group receives each of its group).
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) =>
  (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const port = Number(args.port ?? 8090);
const groups = Number(args.groups ?? 1);
const rate = Number(args.rate ?? 25);
const template = readFileSync(args.template, 'utf8').trim();
const [head, tail] = template.split('__EVENT_TIME__');

const members = Array.from({ length: groups }, () => new Set());
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const g = Number(new URL(request.url, 'http://hub').searchParams.get('g') ?? 0) % groups;
  members[g].add(socket);
  socket.on('close', () => members[g].delete(socket));
  socket.on('error', () => members[g].delete(socket));
});
server.on('listening', () => console.log(`bare hub listening on ${port}`));

const tickMs = 10;
const start = Date.now();
let sent = 0;
let next = 0;
setInterval(() => {
  const due = Math.floor(((Date.now() - start) / 1000) * rate);
  for (; sent < due; sent++) {
    const frame = Buffer.from(head + new Date().toISOString() + tail, 'utf8');
    for (const socket of members[next % groups]) {
      socket.send(frame, { binary: false });
    }
    next++;
  }
}, tickMs);

process.on('SIGTERM', () => process.exit(0));
