/**
 * The one script of the /embed/:pollId page, run inside the iframe. The embed page allows no inline
 * script, so this text is served as /embed/frame.js.
 *
 * It tells the embedding page how tall the content is, so that a page with a few lines of its own
 * script can size the iframe to it (the protocol is in sdk/README.md):
 * `{ type: 'votewire:embed-height', pollId, height }`, posted to the parent with target origin
 * `*` (a height is no secret), on load and on every change of the document's height.
 *
 * Written as text rather than as a function's `toString()`: a transpiler may add helpers to a
 * function's body (esbuild's `__name`, under tsx) that do not exist in the page.
 */
export const FRAME_SCRIPT = `(() => {
  const pollId = document.querySelector('vote-poll')?.getAttribute('poll-id') ?? '';
  let last = -1;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: 'votewire:embed-height', pollId, height }, '*');
  };
  new ResizeObserver(post).observe(document.documentElement);
  post();
})();
`;
