/**
 * Copies text, falling back to selecting it in a hidden textarea where the async clipboard API is
 * unavailable (plain-http origins) or denied.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      // Deprecated but still the only synchronous fallback; harmless where unsupported.
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

const safeId = (pollId: string) => pollId.replace(/[^A-Za-z0-9_-]/g, '');

/** The embed snippet a site owner pastes into a page. */
export function embedSnippet(pollId: string, origin = location.origin): string {
  return `<script type="module" src="${origin}/sdk/vote-poll.js"></script>\n<vote-poll poll-id="${safeId(pollId)}"></vote-poll>`;
}

/** For pages whose editor strips scripts: the iframe that /oembed also hands out. */
export function iframeSnippet(pollId: string, origin = location.origin): string {
  return (
    `<iframe src="${origin}/embed/${safeId(pollId)}" width="560" height="420" ` +
    `style="border:0;max-width:100%" title="Poll" loading="lazy"></iframe>`
  );
}

/** For apps built with npm: the package, told where the server is. */
export function npmSnippet(pollId: string, origin = location.origin): string {
  const id = safeId(pollId);
  return [
    '// npm install votewire',
    "import 'votewire/vote-poll.js';",
    `<vote-poll poll-id="${id}" api-base="${origin}"></vote-poll>`,
    '',
    '// React: the typed wrapper',
    "import { VotePoll } from 'votewire/react';",
    `<VotePoll pollId="${id}" apiBase="${origin}" onVoteCast={(e) => console.log(e.detail.receipt)} />`,
  ].join('\n');
}
