// Many live widgets in one process: each socket subscribes to the poll and records the delay from
// commit (the server's committedAt stamp) to arrival of every results message. On stdin "report",
// it prints its figures; every command is answered with one JSON line.
import { io, type Socket } from 'socket.io-client';
import { createInterface } from 'node:readline';
import type { ClientToServerEvents, PollResults, ServerToClientEvents } from '@votewire/wire';

interface Job {
  url: string;
  pollId: string;
  sockets: number;
}

const job = JSON.parse(process.argv[2]!) as Job;
const latencies: number[] = [];
const versions: number[] = new Array(job.sockets).fill(-1);
let connected = 0;
let failed = 0;

async function main(): Promise<void> {
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  for (let i = 0; i < job.sockets; i++) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(job.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
    });
    socket.on('results', (r: PollResults) => {
      if (r.committedAt) latencies.push(Date.now() - r.committedAt);
      if (r.version > versions[i]!) versions[i] = r.version;
    });
    socket.on('connect', () => {
      socket.emit('subscribe', { pollId: job.pollId }, (ack) => {
        if (ack.ok && ack.results && ack.results.version > versions[i]!) versions[i] = ack.results.version;
        if (ack.ok) connected++;
        else failed++;
      });
    });
    sockets.push(socket);
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20)); // don't stampede the handshake
  }
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line === 'status') process.stdout.write(JSON.stringify({ connected, failed }) + '\n');
    if (line === 'versions') process.stdout.write(JSON.stringify({ minVersion: Math.min(...versions) }) + '\n');
    if (line === 'reset') {
      latencies.length = 0;
      process.stdout.write(JSON.stringify({ ok: true }) + '\n');
    }
    if (line === 'report') {
      process.stdout.write(JSON.stringify({ latencies }) + '\n');
    }
    if (line === 'exit') {
      sockets.forEach((s) => s.disconnect());
      process.exit(0);
    }
  });
}

void main();
