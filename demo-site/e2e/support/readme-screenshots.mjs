// Copies the READMEs' pictures from the last e2e run (e2e-screenshots/, git-ignored) into
// demo-site/docs/ and docs/images/ (the root README's), which are committed. Run
// `npm run test:e2e -w demo-site` first.
import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { screenshotDir } from './harness.mjs';

const demoDocs = fileURLToPath(new URL('../../docs/', import.meta.url));
const rootImages = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const pictures = {
  'article-poll.png': [`${demoDocs}demo-article.png`, `${rootImages}demo-article.png`],
  'console-poll-live.png': [`${demoDocs}console.png`, `${rootImages}console.png`],
  'console-phone-poll.png': [`${demoDocs}console-phone.png`],
  'console-webhook-redelivered.png': [`${demoDocs}console-webhooks.png`, `${rootImages}console-webhooks.png`],
};
for (const [from, targets] of Object.entries(pictures)) {
  const source = `${screenshotDir}/${from}`;
  if (!existsSync(source)) throw new Error(`${source} is missing: run the e2e tests first`);
  for (const to of targets) {
    copyFileSync(source, to);
    console.log(`${to} ← e2e-screenshots/${from}`);
  }
}
