// Copies the README's pictures from the last e2e run (e2e-screenshots/, git-ignored) into
// demo-site/docs/, which is committed. Run `npm run test:e2e -w demo-site` first.
import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { screenshotDir } from './harness.mjs';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const pictures = {
  'article-poll.png': 'demo-article.png',
  'console-poll-live.png': 'console.png',
  'console-phone-poll.png': 'console-phone.png',
};
for (const [from, to] of Object.entries(pictures)) {
  const source = `${screenshotDir}/${from}`;
  if (!existsSync(source)) throw new Error(`${source} is missing: run the e2e tests first`);
  copyFileSync(source, docs + to);
  console.log(`docs/${to} ← e2e-screenshots/${from}`);
}
