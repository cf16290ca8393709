#!/usr/bin/env bash
# `npm run test:faults`: starts the distributed stack with ./build.sh in a temporary
# directory on its own ports, injects one fault at a time under a vote load
# (backend/test/faults/stack.faults.ts), prints the fault table, and always tears the stack down.
# Ports (override with the same variables build.sh reads): nginx 18180, backends 18181-18183,
# MariaDB 13317 (primary) and 13318-13319 (replicas), Redis 16390.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export VOTEWIRE_STACK_DIR=${VOTEWIRE_FAULTS_STACK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/votewire-faults.XXXXXX")}
export VOTEWIRE_HTTP_PORT=${VOTEWIRE_FAULTS_HTTP_PORT:-18180}
export VOTEWIRE_BACKEND_PORTS=${VOTEWIRE_FAULTS_BACKEND_PORTS:-18181,18182,18183}
export VOTEWIRE_PRIMARY_PORT=${VOTEWIRE_FAULTS_PRIMARY_PORT:-13317}
export VOTEWIRE_REPLICA_PORTS=${VOTEWIRE_FAULTS_REPLICA_PORTS:-13318,13319}
export VOTEWIRE_REDIS_PORT=${VOTEWIRE_FAULTS_REDIS_PORT:-16390}
export VOTEWIRE_LOG_LEVEL=${VOTEWIRE_LOG_LEVEL:-warn}
# The load comes from one address (127.0.0.1); per-IP limits are tested by the abuse suite.
export VOTEWIRE_RATE_VOTES_PER_MINUTE=1000000
export VOTEWIRE_RATE_TOKENS_PER_MINUTE=1000000
export VOTEWIRE_RATE_READS_PER_MINUTE=1000000
export VOTEWIRE_SOCKETS_PER_IP=1000000
export VOTEWIRE_RATE_SOCKET_EVENTS_PER_MINUTE=1000000
# The webhook row's receiver is the test process on 127.0.0.1; retries at 1/100 of the schedule.
export VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE=true
export VOTEWIRE_WEBHOOKS_RETRY_SCALE=0.01
export VOTEWIRE_WEBHOOKS_RESULTS_INTERVAL_SECONDS=1

teardown() {
  local code=$?
  echo "==> tearing down the fault stack in $VOTEWIRE_STACK_DIR"
  "$ROOT/build.sh" down >/dev/null 2>&1 || "$ROOT/build.sh" down || true
  if [ "$code" != 0 ] && [ -z "${VOTEWIRE_FAULTS_KEEP:-}" ]; then
    "$ROOT/build.sh" logs 2>/dev/null | tail -n 120 || true
  fi
  [ -n "${VOTEWIRE_FAULTS_KEEP:-}" ] || rm -rf "$VOTEWIRE_STACK_DIR"
  exit "$code"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# build.sh --no-build runs what is built: build the TypeScript if it is missing.
[ -f backend/dist/main.js ] && [ -x db/init ] || npm run build:ts
echo "==> starting the fault stack in $VOTEWIRE_STACK_DIR"
./build.sh --no-build
cd backend
timeout "${VOTEWIRE_FAULTS_TIMEOUT:-600}" npx mocha --config test/faults/.mocharc.json
