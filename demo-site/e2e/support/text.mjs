import assert from 'node:assert/strict';

/**
 * Waits (up to 20 s) until the locator's text, including text inside shadow roots (the widget's),
 * matches; a plain string must be contained.
 */
export async function assertText(locator, expected, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  for (;;) {
    text = await locator
      .first()
      .evaluate(
        (root) => {
          let out = '';
          const walk = (node) => {
            if (node.nodeType === 3 /* text */) out += node.data;
            if (node.shadowRoot) walk(node.shadowRoot);
            for (const child of node.childNodes) walk(child);
          };
          walk(root);
          return out.replace(/\s+/g, ' ').trim();
        },
        undefined,
        { timeout: 2000 },
      )
      .catch(() => '');
    const ok = typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    if (ok) return;
    if (Date.now() > deadline) assert.fail(`expected ${expected} in: ${text.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
