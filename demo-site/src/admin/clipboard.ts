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

/** The embed snippet a site owner pastes into a page. */
export function embedSnippet(pollId: string, origin = location.origin): string {
  const id = pollId.replace(/[^A-Za-z0-9_-]/g, '');
  return `<script type="module" src="${origin}/sdk/vote-poll.js"></script>\n<vote-poll poll-id="${id}"></vote-poll>`;
}
