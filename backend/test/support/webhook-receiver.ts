import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What `standardwebhooks` returned, or null when it refused the delivery. */
  payload: { type: string; timestamp: string; data: any } | null;
  /** The status this receiver answered. */
  answered: number;
}

/** What to answer; null holds the request open without answering (a receiver that hangs). */
export type Responder = (delivery: Received, attempt: number) => { status: number; headers?: Record<string, string> } | null;

/**
 * A real HTTP receiver that verifies every delivery with the Standard Webhooks library (not with
 * Votewire's code), and answers as the test tells it. Listens on 127.0.0.1 at a port of 23100–23199.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  connections = 0;
  secret = '';
  respond: Responder = () => ({ status: 200 });
  /** Requests of one webhook-id that arrived while another of the same id was still open. */
  readonly overlaps: string[] = [];
  private readonly open = new Map<string, number>();
  private server: Server | null = null;
  private lastPort = 0;

  get port(): number {
    return this.server ? (this.server.address() as AddressInfo).port : this.lastPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens on a free port of 23100–23199, or on `port` (the one it had, after stop()). */
  async start(port?: number): Promise<this> {
    const first = port ?? 23100 + Math.floor(Math.random() * 100);
    for (let p = first, tries = 0; tries < (port ? 1 : 100); tries++, p = 23100 + ((p - 23099) % 100)) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        const id = String(req.headers['webhook-id'] ?? '');
        if ((this.open.get(id) ?? 0) > 0) this.overlaps.push(id);
        this.open.set(id, (this.open.get(id) ?? 0) + 1);
        res.on('close', () => this.open.set(id, this.open.get(id)! - 1));
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let payload: Received['payload'] = null;
          try {
            payload = new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as Received['payload'];
          } catch {
            payload = null;
          }
          const delivery: Received = { id, headers: req.headers, body, payload, answered: 0 };
          const answer = payload ? this.respond(delivery, this.received.filter((r) => r.id === id).length + 1) : { status: 400 };
          this.received.push(delivery);
          if (!answer) return;
          delivery.answered = answer.status;
          res.writeHead(answer.status, answer.headers ?? {}).end(answer.status >= 400 ? 'no thanks' : 'ok');
        });
      });
      server.on('connection', () => this.connections++);
      const listening = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(p, '127.0.0.1', () => resolve(true));
      });
      if (listening) {
        this.server = server;
        this.lastPort = p;
        return this;
      }
    }
    throw new Error(port ? `port ${port} is taken` : 'no free port for the webhook receiver in 23100–23199');
  }

  /** Goes down: stops listening and cuts every open connection (a held request gets no answer). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Comes back on the port it had. */
  restart(): Promise<this> {
    return this.start(this.lastPort);
  }

  /** Deliveries this receiver acknowledged with a 2xx. */
  acknowledged(): Received[] {
    return this.received.filter((r) => r.answered >= 200 && r.answered < 300);
  }

  async waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for ${what}; received: ${JSON.stringify(this.received.map((r) => [r.id, r.payload?.type, r.answered]))}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): Promise<void> {
    return this.stop();
  }
}
