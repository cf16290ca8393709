import type { Site } from '@votewire/wire';
import { AdminApi, ApiError } from './api.js';
import { h } from './dom.js';

/** What every view gets from the shell. */
export interface Ctx {
  api: AdminApi;
  site: Site;
  setSite(site: Site): void;
  navigate(hash: string): void;
  /** A short confirmation in the status bar ("Poll closed."). */
  notify(message: string): void;
  signOut(reason?: string): void;
}

export interface View {
  el: HTMLElement;
  /** Called when the user leaves the view: stop timers and sockets. */
  dispose?(): void;
}

export interface Route {
  path: string[];
  query: URLSearchParams;
}

/**
 * An inline error for a failed action. A rejected key anywhere signs the user out: every later
 * call would fail the same way.
 */
export function errorBox(ctx: Ctx, err: unknown, action: string): HTMLElement {
  if (err instanceof ApiError && err.status === 401) {
    ctx.signOut('Your API key is no longer accepted (it may have been revoked). Sign in again.');
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof ApiError ? err.code : null;
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    h('strong', {}, `${action} failed. `),
    message,
    code ? h('span', { class: 'muted' }, ` (${code})`) : null,
  );
}

/** Runs an action while its button shows it is busy; reports failures into `slot`. */
export async function withBusy(
  ctx: Ctx,
  button: HTMLButtonElement,
  slot: HTMLElement,
  action: string,
  run: () => Promise<void>,
): Promise<void> {
  slot.replaceChildren();
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await run();
  } catch (err) {
    slot.replaceChildren(errorBox(ctx, err, action));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
