#!/usr/bin/env bash
# `npm test`: every suite, in dependency order. Each suite starts the servers it needs on its own
# ports and data directories and stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step "set-up: system packages and node_modules"
bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
step build
npm run build
step lint
npm run lint
step "scripts: the installer's branches"
node --test scripts/test/
step "backend: unit and API suites on SQLite and MariaDB"
npm test -w backend
step "cluster: build.sh, replication, nginx, the backends behind it"
(cd backend && npx mocha --config test/cluster/.mocharc.json)
step "faults: the real stack under injected faults (0 lost, 0 duplicated)"
npm run test:faults
step "sdk: browser tests in headless Chromium"
npm run test:browser -w sdk
step "sdk: the npm package as consumers install it (npm pack; TypeScript, React, Vitest + jsdom)"
npm run test:package -w sdk
step "sdk: bundle size"
npm run size -w sdk
step "demo site: end-to-end in headless Chromium (embedded default)"
npm run test:e2e -w demo-site
step "demo site: end-to-end through nginx and three backends"
npm run test:e2e:cluster -w demo-site
step "benchmark: the capacity model's arithmetic"
npm run test:bench
step "benchmark harness (smoke: proves it runs, not the speed)"
npm run bench:smoke
