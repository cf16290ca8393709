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

export type Responder = (delivery: Received, attempt: number) => { status: number; headers?: Record<string, string> };

/**
 * A real HTTP receiver that verifies every delivery with the Standard Webhooks library (not with
 * Votewire's code), and answers as the test tells it. Listens on 127.0.0.1 at a port of 23100–23199.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  connections = 0;
  secret = '';
  respond: Responder = () => ({ status: 200 });
  private server: Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    for (let port = 23100 + Math.floor(Math.random() * 100), tries = 0; tries < 100; tries++, port = 23100 + ((port - 23099) % 100)) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const id = String(req.headers['webhook-id'] ?? '');
          let payload: Received['payload'] = null;
          try {
            payload = new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as Received['payload'];
          } catch {
            payload = null;
          }
          const delivery: Received = { id, headers: req.headers, body, payload, answered: 0 };
          const { status, headers = {} } = payload
            ? this.respond(delivery, this.received.filter((r) => r.id === id).length + 1)
            : { status: 400 };
          delivery.answered = status;
          this.received.push(delivery);
          res.writeHead(status, headers).end(status >= 400 ? 'no thanks' : 'ok');
        });
      });
      server.on('connection', () => this.connections++);
      const listening = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (listening) {
        this.server = server;
        return this;
      }
    }
    throw new Error('no free port for the webhook receiver in 23100–23199');
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
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
