import type { Site } from '../models/Site';

/** What middleware puts on ctx.state for the routes. */
export interface AppState {
  /** Set by requireAdmin / optionalAdmin for a request with a valid API key. */
  site?: Site;
  apiKey?: string;
}

declare module 'koa' {
  interface Request {
    /** Parsed JSON body (http/body.ts); untrusted until a service validates it. */
    body?: unknown;
  }
}
