#!/usr/bin/env bash
# `npm test`: every suite, in dependency order. Each suite starts the servers it needs on its own
# ports and data directories and stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build
npm run lint
npm test -w backend
