#!/usr/bin/env bash
# Votewire's distributed stack on one machine, without Docker: a MariaDB primary and two replicas
# (GTID replication), Redis, three backend instances and nginx in front, each on its own port with
# its state under one stack directory. docs/cluster.md has the layout, ports and variables.
#
#   ./build.sh [--fresh] [--no-build] [--without=backend,nginx]   (re)start the stack, return with it running
#   ./build.sh down                                                stop every part, verify no process or port is left
#   ./build.sh status                                              each part up or down, replica lag (exit 1 if any is down)
#   ./build.sh logs [-f]                                           the tail of every log (or follow them)
#   ./build.sh --docker [down]                                     the same stack with docker-compose.yml
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# mariadbd and nginx live in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
CLUSTER=$ROOT/db/cluster

STACK=${VOTEWIRE_STACK_DIR:-$ROOT/.run/stack}
HTTP_PORT=${VOTEWIRE_HTTP_PORT:-8080}
HTTP_BIND=${VOTEWIRE_HTTP_BIND:-127.0.0.1}
BACKEND_PORTS=${VOTEWIRE_BACKEND_PORTS:-8081,8082,8083}
PRIMARY_PORT=${VOTEWIRE_PRIMARY_PORT:-3307}
REPLICA_PORTS=${VOTEWIRE_REPLICA_PORTS:-3308,3309}
REDIS_PORT=${VOTEWIRE_REDIS_PORT:-6380}
LOG_LEVEL=${VOTEWIRE_LOG_LEVEL:-info}
READY_TIMEOUT=${VOTEWIRE_READY_TIMEOUT:-60}
DB_NAME=votewire
DB_USER=votewire

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*"; }
split_ports() { local IFS=', '; read -r -a "$1" <<<"$2"; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; }

cli_args=("$@")
action=up fresh=0 build=1 docker=0 follow=0 without=''
while [ $# -gt 0 ]; do
  case "$1" in
    up | down | status | logs) action=$1 ;;
    --fresh) fresh=1 ;;
    --no-build) build=0 ;;
    --docker) docker=1 ;;
    --without=*) without=${1#*=} ;;
    --without) without=${2:?--without needs a list: backend,nginx}; shift ;;
    -f | --follow) follow=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
for part in ${without//,/ }; do
  case "$part" in backend | nginx) ;; *) die "--without takes backend and/or nginx, not '$part'" ;; esac
done
wants() { case ",$without," in *",$1,"*) return 1 ;; *) return 0 ;; esac; }

split_ports backend_ports "$BACKEND_PORTS"
split_ports replica_ports "$REPLICA_PORTS"
for p in "$HTTP_PORT" "$PRIMARY_PORT" "$REDIS_PORT" "${backend_ports[@]}" "${replica_ports[@]}"; do
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -gt 0 ] && [ "$p" -lt 65536 ] || die "not a port number: '$p'"
done
[ "${#backend_ports[@]}" -ge 1 ] || die "VOTEWIRE_BACKEND_PORTS names no port"
# The backends refuse a shorter key; saying so here beats three backends failing to start.
[ -z "${VOTEWIRE_ADMIN_KEY:-}" ] || [ "${#VOTEWIRE_ADMIN_KEY}" -ge 24 ] || die "VOTEWIRE_ADMIN_KEY must be at least 24 characters"

mkdir -p "$STACK"
STACK=$(cd "$STACK" && pwd)
RUN=$STACK/run LOGS=$STACK/logs STATE=$STACK/state

# ---------------------------------------------------------------- programs
need() { # program debian-package [what for]
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "error: '$1' not found; install the Debian package $2${3:+ ($3)}" >&2
  exit 127
}
check_programs() {
  need mariadbd mariadb-server
  need mariadb-install-db mariadb-server
  need mariadb mariadb-client
  need mariadb-admin mariadb-client
  need redis-server redis-server
  wants nginx && need nginx nginx "or nginx-light"
  if [ "$build" = 1 ] || wants backend; then need node nodejs "Node 20 or newer"; fi
  [ "$build" = 1 ] && need npm npm
  need flock util-linux
  need setsid util-linux
  return 0
}

# ---------------------------------------------------------------- process helpers
# shellcheck source=db/cluster/process.sh
. "$CLUSTER/process.sh"
# Signals every process first and then waits, so parts that each take seconds to drain do it together.
stop_pids() { # pattern signal seconds pidfile...
  local pattern=$1 sig=$2 secs=$3 f pid pids=() i alive
  shift 3
  for f in "$@"; do
    if pid=$(pid_of "$f" "$pattern"); then kill "-$sig" "$pid" 2>/dev/null || true; pids+=("$pid"); fi
  done
  for ((i = 0; i < secs * 10; i++)); do
    alive=0
    for pid in "${pids[@]}"; do running "$pid" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if running "$pid"; then
      echo "warning: pid $pid ($pattern) ignored SIG$sig for $secs s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < 30; i++)); do
    alive=0
    for pid in "${pids[@]}"; do running "$pid" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  rm -f "$@"
}
# HTTP status of GET path on 127.0.0.1:port, without curl.
http_status() { # port path
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ code _ <&3 || exit 1
    echo "$code"
  ) 2>/dev/null
}
random_hex() { head -c "${1:-24}" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# Secrets live in the stack's state dir (mode 600), created once and kept across --fresh.
secret() { # name [bytes]
  local f=$STATE/$1
  if [ ! -s "$f" ]; then (umask 077 && mkdir -p "$STATE" && random_hex "${2:-24}" >"$f"); fi
  cat "$f"
}
# The default site's admin key: VOTEWIRE_ADMIN_KEY when the operator chose one, else a generated secret.
admin_key() {
  if [ -n "${VOTEWIRE_ADMIN_KEY:-}" ]; then echo "$VOTEWIRE_ADMIN_KEY"; else secret admin-key; fi
}

# ---------------------------------------------------------------- recorded configuration
# build.sh up records what it started; down and status act on that record, so a changed
# environment cannot make them miss a running part.
record_stack() {
  mkdir -p "$RUN"
  {
    echo "HTTP_PORT=$HTTP_PORT"
    echo "HTTP_BIND=$HTTP_BIND"
    echo "PRIMARY_PORT=$PRIMARY_PORT"
    echo "REPLICA_PORTS='${replica_ports[*]}'"
    echo "REDIS_PORT=$REDIS_PORT"
    echo "BACKEND_PORTS='${backend_ports[*]}'"
    echo "WITHOUT='$without'"
  } >"$RUN/stack.env"
}
load_record() {
  [ -f "$RUN/stack.env" ] || return 1
  # shellcheck disable=SC1091
  . "$RUN/stack.env"
  split_ports backend_ports "$BACKEND_PORTS"
  split_ports replica_ports "$REPLICA_PORTS"
  without=$WITHOUT
}

replica_dirs() { local d; for d in "$STACK"/mariadb/replica*; do [ -d "$d" ] && echo "$d"; done; return 0; }

# ---------------------------------------------------------------- down
stop_stack() {
  local d busy=() p
  local pids=()
  # TERM, not QUIT: a graceful nginx stop would wait for every open websocket to close.
  stop_pids nginx TERM 10 "$RUN/nginx.pid"
  stop_pids 'backend/dist/main.js' TERM 15 "$RUN"/backend_*.pid
  "$CLUSTER/redis-instance.sh" stop "$STACK/redis" & pids+=($!)
  while read -r d; do
    [ -n "$d" ] && { "$CLUSTER/mariadb-instance.sh" stop "$d" & pids+=($!); }
  done < <(replica_dirs)
  for p in "${pids[@]}"; do wait "$p" || true; done
  "$CLUSTER/mariadb-instance.sh" stop "$STACK/mariadb/primary"
  # Verify by port too: a part whose pid file was lost would still hold its port.
  for p in "$HTTP_PORT" "${backend_ports[@]}" "$REDIS_PORT" "$PRIMARY_PORT" "${replica_ports[@]}"; do
    port_busy "$p" && busy+=("$p")
  done
  if [ "${#busy[@]}" -gt 0 ]; then
    echo "warning: ports still listening after stop: ${busy[*]} (not started by this stack, or a process outlived its pid file)" >&2
    return 1
  fi
  return 0
}

clean_state() {
  rm -f "$RUN"/*.pid "$RUN/stack.env"
  rm -rf "$LOGS" "$STACK/nginx/temp"
  rm -f "$STACK"/mariadb/*/error.log "$STACK"/mariadb/*/install.log "$STACK/redis/redis.log"
  if [ "$fresh" = 1 ]; then
    note "--fresh: removing data (MariaDB, Redis, backend data dirs); secrets in $STATE are kept"
    rm -rf "$STACK/mariadb" "$STACK/redis" "$STACK"/backend_*
  fi
  # Replicas copied from a primary that no longer exists cannot follow a new one.
  if [ ! -d "$STACK/mariadb/primary/data/mysql" ] && [ -n "$(replica_dirs)" ]; then
    note "primary has no data: rebuilding replicas from it"
    rm -rf "$STACK"/mariadb/replica*
  fi
  mkdir -p "$RUN" "$LOGS"
}

# ---------------------------------------------------------------- up
db_url() { echo "mysql://$DB_USER:$(secret db-app-password)@127.0.0.1:$1/$DB_NAME"; }
backend_env() { # instance-id port data-dir
  local reads=() p
  for p in "${replica_ports[@]}"; do reads+=("$(db_url "$p")"); done
  local IFS=,
  echo "VOTEWIRE_INSTANCE_ID=$1"
  echo "VOTEWIRE_PORT=$2"
  echo "VOTEWIRE_HOST=127.0.0.1"
  echo "VOTEWIRE_DATA_DIR=$3"
  echo "VOTEWIRE_DB_WRITE_URL=$(db_url "$PRIMARY_PORT")"
  echo "VOTEWIRE_DB_READ_URLS=${reads[*]}"
  echo "VOTEWIRE_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "VOTEWIRE_ADMIN_KEY=$(admin_key)"
  echo "VOTEWIRE_SECRET=$(secret secret)"
  # The Ed25519 key that signs ballot log heads: 32 random bytes, the same for every instance.
  echo "VOTEWIRE_LOG_SIGNING_KEY=$(secret log-signing-key 32)"
  echo "VOTEWIRE_METRICS_TOKEN=$(secret metrics-token)"
  echo "VOTEWIRE_SERVE_STATIC=false"
  # Behind nginx: the public origin is nginx's, and client addresses come from X-Forwarded-For.
  echo "VOTEWIRE_PUBLIC_ORIGINS=${VOTEWIRE_PUBLIC_ORIGINS:-http://localhost:$HTTP_PORT,http://127.0.0.1:$HTTP_PORT}"
  echo "VOTEWIRE_TRUST_PROXY=true"
  echo "VOTEWIRE_LOG_LEVEL=$LOG_LEVEL"
  echo "NODE_ENV=${NODE_ENV:-production}"
}

start_databases() {
  local i pids=() dir primary_pid
  # All three start together: a replica needs its primary only once replication is configured.
  "$CLUSTER/mariadb-instance.sh" start primary "$PRIMARY_PORT" "$STACK/mariadb/primary" 1 &
  primary_pid=$!
  for i in "${!replica_ports[@]}"; do
    "$CLUSTER/mariadb-instance.sh" start "replica$((i + 1))" "${replica_ports[$i]}" \
      "$STACK/mariadb/replica$((i + 1))" "$((i + 2))" --replica &
    pids+=($!)
  done
  wait "$primary_pid" || die "the primary did not start"
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || die "replica$((i + 1)) did not start"; done

  note "configuring GTID replication"
  VOTEWIRE_DB_APP_PASSWORD=$(secret db-app-password) VOTEWIRE_DB_REPL_PASSWORD=$(secret db-repl-password) \
    "$CLUSTER/replication.sh" primary "$STACK/mariadb/primary" "$DB_NAME" "$DB_USER"
  for i in "${!replica_ports[@]}"; do
    VOTEWIRE_DB_REPL_PASSWORD=$(secret db-repl-password) \
      "$CLUSTER/replication.sh" replica "$STACK/mariadb/replica$((i + 1))" "$PRIMARY_PORT"
  done
  local pos
  pos=$("$CLUSTER/replication.sh" gtid "$STACK/mariadb/primary")
  for i in "${!replica_ports[@]}"; do
    dir=$STACK/mariadb/replica$((i + 1))
    "$CLUSTER/replication.sh" wait "$dir" "$pos" 30
    echo "replica$((i + 1)): $("$CLUSTER/replication.sh" lag "$dir")"
  done
}

run_db_init() {
  [ -x "$ROOT/db/init" ] || die "db/init is missing or not executable; it migrates and seeds the database (use --without=backend to start the stack without it)"
  note "db/init on the primary"
  mkdir -p "$STACK/db-init"
  if ! (
    while IFS= read -r kv; do export "${kv?}"; done < <(backend_env db-init "${backend_ports[0]}" "$STACK/db-init")
    cd "$ROOT" && ./db/init
  ) 2>&1 | tee "$LOGS/db-init.log"; then
    die "db/init failed, see $LOGS/db-init.log"
  fi
}

start_backends() {
  local i port id dir
  [ -f "$ROOT/backend/dist/main.js" ] || die "backend/dist/main.js is missing: build first (drop --no-build)"
  for i in "${!backend_ports[@]}"; do
    port=${backend_ports[$i]}
    port_busy "$port" && die "port $port is already in use; backend_$((i + 1)) needs it"
  done
  for i in "${!backend_ports[@]}"; do
    port=${backend_ports[$i]} id=backend_$((i + 1))
    dir=$STACK/$id/data
    mkdir -p "$dir"
    (
      while IFS= read -r kv; do export "${kv?}"; done < <(backend_env "$id" "$port" "$dir")
      cd "$ROOT"
      exec setsid node backend/dist/main.js </dev/null >"$LOGS/$id.log" 2>&1
    ) &
    echo $! >"$RUN/$id.pid"
  done
  for i in "${!backend_ports[@]}"; do
    port=${backend_ports[$i]} id=backend_$((i + 1))
    wait_http "$id" "$port" /healthz "$RUN/$id.pid" "$LOGS/$id.log"
  done
}

# Waits for 200 from path. Until the backend has /healthz, a 404 counts as started, with a warning.
wait_http() { # name port path pidfile log
  local code='' deadline=$((SECONDS + READY_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    # running, not pid_of: the recorded pid is a subshell until it has exec'd the server.
    if ! running "$(cat "$4" 2>/dev/null)"; then
      echo "error: $1 exited during start-up; last lines of $5:" >&2
      tail -n 30 "$5" >&2 || true
      exit 1
    fi
    code=$(http_status "$2" "$3") || code=''
    [ "$code" = 200 ] && { echo "$1 ready on 127.0.0.1:$2"; return 0; }
    if [ "$code" = 404 ]; then
      echo "warning: $1 answers on 127.0.0.1:$2 but has no $3 (404): taken as started" >&2
      return 0
    fi
    sleep 0.2
  done
  if [ -n "$code" ]; then
    echo "warning: $1 answers on 127.0.0.1:$2 but GET $3 gives $code, not 200" >&2
    return 0
  fi
  echo "error: $1 did not answer on 127.0.0.1:$2 within ${READY_TIMEOUT}s; last lines of $5:" >&2
  tail -n 30 "$5" >&2 || true
  exit 1
}

ipv6_loopback() { grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; }

# The nginx workers' open-files limit: 65536 where this process may raise its hard limit that far
# (root with CAP_SYS_RESOURCE, or a hard limit already above), else the hard limit itself: a
# setrlimit past it fails (an alert in the error log at every start) and leaves the limit as it was.
nginx_nofile() {
  local want=65536 hard
  if (ulimit -Hn "$want") 2>/dev/null; then echo "$want"; return 0; fi
  hard=$(ulimit -Hn)
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then echo "$want"; else echo "$hard"; fi
}

start_nginx() {
  local args=() p dir=$STACK/nginx
  port_busy "$HTTP_PORT" && die "port $HTTP_PORT is already in use; nginx needs it (set VOTEWIRE_HTTP_PORT)"
  mkdir -p "$dir/temp"
  args+=(--listen "$HTTP_BIND:$HTTP_PORT")
  if [ "$HTTP_BIND" = 127.0.0.1 ] && ipv6_loopback; then args+=(--listen "[::1]:$HTTP_PORT"); fi
  if wants backend; then
    for p in "${backend_ports[@]}"; do args+=(--backend "127.0.0.1:$p"); done
  else
    # nginx needs at least one upstream server; without backends every proxied path answers 502.
    args+=(--backend "127.0.0.1:${backend_ports[0]}")
  fi
  # nginx drops worker privileges to nobody when run as root; the stack dir may be private
  # (mktemp -d) and the checkout under /root, so workers keep the caller's user instead.
  [ "$(id -u)" = 0 ] && args+=(--user root)
  # worker_connections is 16384 (a proxied websocket takes two); each one is a file descriptor.
  local nofile
  nofile=$(nginx_nofile)
  [ "$nofile" -ge 17408 ] ||
    echo "warning: nginx workers may open only $nofile files (ulimit -Hn): fewer than the 16384 connections (8,000 websockets) each is configured for" >&2
  args+=(--nofile "$nofile")
  [ -d "$ROOT/demo-site/dist" ] || echo "warning: demo-site/dist does not exist yet: / answers 404" >&2
  [ -d "$ROOT/sdk/dist/cdn" ] || echo "warning: sdk/dist/cdn does not exist yet: /sdk/ answers 404" >&2
  "$CLUSTER/render-nginx-conf.sh" "$dir/nginx.conf" "${args[@]}" \
    --demo-root "$ROOT/demo-site/dist" --sdk-root "$ROOT/sdk/dist/cdn" \
    --pid-file "$RUN/nginx-master.pid" --temp-dir "$dir/temp" \
    --error-log "$LOGS/nginx-error.log" --access-log "$LOGS/nginx-access.log" \
    --source-maps "$(case "${VOTEWIRE_SERVE_SOURCE_MAPS:-}" in 1 | true | yes | on) echo on ;; *) echo off ;; esac)"
  local check
  check=$(nginx -t -q -p "$dir" -c "$dir/nginx.conf" 2>&1) || { echo "$check" >&2; die "nginx rejects $dir/nginx.conf"; }
  [ -z "$check" ] || echo "$check" >&2
  setsid nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >>"$LOGS/nginx-error.log" 2>&1 &
  echo $! >"$RUN/nginx.pid"
  local i
  for ((i = 0; i < 100; i++)); do
    pid_of "$RUN/nginx.pid" nginx >/dev/null || break
    if port_busy "$HTTP_PORT"; then echo "nginx ready on http://localhost:$HTTP_PORT"; return 0; fi
    sleep 0.1
  done
  tail -n 20 "$LOGS/nginx-error.log" >&2 || true
  die "nginx did not listen on port $HTTP_PORT, see $LOGS/nginx-error.log"
}

print_summary() {
  local p reads=()
  for p in "${replica_ports[@]}"; do reads+=("127.0.0.1:$p"); done
  local base="http://localhost:$HTTP_PORT"
  echo
  echo "Votewire stack is running (state in $STACK)"
  if wants nginx; then
    echo "  demo site      $base/"
    echo "  admin console  $base/admin/"
    echo "  SDK            $base/sdk/"
    echo "  API            $base/api/v1/"
  fi
  if wants backend; then
    echo "  backends       $(for p in "${backend_ports[@]}"; do printf 'http://127.0.0.1:%s ' "$p"; done)"
  else
    echo "  backends       not started (--without=backend)"
  fi
  echo "  MariaDB        primary 127.0.0.1:$PRIMARY_PORT, replicas ${reads[*]}; user $DB_USER, password in $STATE/db-app-password"
  echo "  Redis          redis://127.0.0.1:$REDIS_PORT"
  echo "  admin key      $(admin_key)"
  echo "  metrics token  $(secret metrics-token)   (/metrics from outside this machine: Authorization: Bearer <token>)"
  echo "  ./build.sh status | logs | down"
}

started=0
up() {
  check_programs
  note "stopping the old stack"
  if load_record; then
    stop_stack || die "could not stop the old stack"
  else
    stop_stack >/dev/null 2>&1 || true # parts whose record was lost; their ports are checked below
  fi
  # Back to the ports asked for now (load_record may have replaced them with the old ones).
  HTTP_PORT=${VOTEWIRE_HTTP_PORT:-8080} HTTP_BIND=${VOTEWIRE_HTTP_BIND:-127.0.0.1}
  PRIMARY_PORT=${VOTEWIRE_PRIMARY_PORT:-3307} REDIS_PORT=${VOTEWIRE_REDIS_PORT:-6380}
  split_ports backend_ports "${VOTEWIRE_BACKEND_PORTS:-8081,8082,8083}"
  split_ports replica_ports "${VOTEWIRE_REPLICA_PORTS:-3308,3309}"
  without=$requested_without
  local p busy=()
  for p in "$PRIMARY_PORT" "${replica_ports[@]}" "$REDIS_PORT"; do port_busy "$p" && busy+=("$p"); done
  if wants backend; then for p in "${backend_ports[@]}"; do port_busy "$p" && busy+=("$p"); done; fi
  if wants nginx; then port_busy "$HTTP_PORT" && busy+=("$HTTP_PORT"); fi
  [ "${#busy[@]}" = 0 ] || die "port(s) ${busy[*]} already in use by another program; choose others with the VOTEWIRE_*_PORT(S) variables"
  note "cleaning stale state"
  clean_state
  if [ "$build" = 1 ]; then
    note "building backend and SDK"
    (
      cd "$ROOT"
      [ -d node_modules ] || npm ci
      npm run build
    ) || die "build failed"
  fi
  # From here on a failure stops what was started, so no half stack holds the ports.
  trap '[ "$started" = 1 ] || { echo "start-up failed: stopping the partial stack (logs in $LOGS)" >&2; stop_stack >/dev/null 2>&1 || true; }' EXIT
  record_stack
  local t0=$SECONDS
  note "starting MariaDB primary and ${#replica_ports[@]} replicas"
  start_databases
  note "starting Redis"
  "$CLUSTER/redis-instance.sh" start redis "$REDIS_PORT" "$STACK/redis"
  if wants backend; then
    run_db_init
    note "starting ${#backend_ports[@]} backends"
    start_backends
  fi
  if wants nginx; then
    note "starting nginx"
    start_nginx
  fi
  started=1
  trap - EXIT
  echo "stack started in $((SECONDS - t0)) s"
  print_summary
}

down() {
  if load_record; then :; fi
  stop_stack || exit 1
  rm -f "$RUN"/*.pid "$RUN/stack.env"
  echo "stack stopped; nothing listens on its ports (data kept in $STACK)"
}

status() {
  local all=0 pid i p dir
  if ! load_record; then
    echo "stack in $STACK is not running (no record of a start)"
    return 1
  fi
  line() { printf '%-10s %-5s %s\n' "$1" "$2" "$3"; }
  if pid=$("$CLUSTER/mariadb-instance.sh" status "$STACK/mariadb/primary" 2>/dev/null); then
    line primary up "127.0.0.1:$PRIMARY_PORT pid $pid gtid $("$CLUSTER/replication.sh" gtid "$STACK/mariadb/primary")"
  else line primary down "127.0.0.1:$PRIMARY_PORT"; all=1; fi
  for i in "${!replica_ports[@]}"; do
    dir=$STACK/mariadb/replica$((i + 1))
    if pid=$("$CLUSTER/mariadb-instance.sh" status "$dir" 2>/dev/null); then
      local lag
      if lag=$("$CLUSTER/replication.sh" lag "$dir"); then
        line "replica$((i + 1))" up "127.0.0.1:${replica_ports[$i]} pid $pid $lag"
      else line "replica$((i + 1))" up "127.0.0.1:${replica_ports[$i]} pid $pid REPLICATION BROKEN: $lag"; all=1; fi
    else line "replica$((i + 1))" down "127.0.0.1:${replica_ports[$i]}"; all=1; fi
  done
  if pid=$("$CLUSTER/redis-instance.sh" status "$STACK/redis" 2>/dev/null); then
    line redis up "127.0.0.1:$REDIS_PORT pid $pid"
  else line redis down "127.0.0.1:$REDIS_PORT"; all=1; fi
  for i in "${!backend_ports[@]}"; do
    p=${backend_ports[$i]}
    if ! wants backend; then line "backend_$((i + 1))" off "not started (--without=backend)"; continue; fi
    if pid=$(pid_of "$RUN/backend_$((i + 1)).pid" 'backend/dist/main.js'); then
      line "backend_$((i + 1))" up "127.0.0.1:$p pid $pid /healthz $(http_status "$p" /healthz || echo '-')"
    else line "backend_$((i + 1))" down "127.0.0.1:$p"; all=1; fi
  done
  if ! wants nginx; then line nginx off "not started (--without=nginx)"
  elif pid=$(pid_of "$RUN/nginx.pid" nginx) && port_busy "$HTTP_PORT"; then
    line nginx up "http://localhost:$HTTP_PORT pid $pid"
  else line nginx down "http://localhost:$HTTP_PORT"; all=1; fi
  return $all
}

logs() {
  local files=() f
  for f in "$LOGS"/*.log "$STACK"/mariadb/*/error.log "$STACK/redis/redis.log"; do
    [ -f "$f" ] && files+=("$f")
  done
  [ "${#files[@]}" -gt 0 ] || { echo "no logs in $STACK"; return 0; }
  if [ "$follow" = 1 ]; then exec tail -n 20 -F "${files[@]}"; fi
  for f in "${files[@]}"; do
    echo "===== ${f#"$STACK"/}"
    tail -n "${VOTEWIRE_LOG_LINES:-40}" "$f"
  done
}

# ---------------------------------------------------------------- docker
docker_stack() {
  local compose
  command -v docker >/dev/null 2>&1 || die "--docker: the docker CLI is not installed (Debian package docker.io)"
  docker info >/dev/null 2>&1 ||
    die "--docker: no Docker engine is available ('docker info' failed); run ./build.sh without --docker to start the same stack as local processes"
  if docker compose version >/dev/null 2>&1; then compose=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose)
  else die "--docker: neither 'docker compose' nor docker-compose is installed (Debian package docker-compose)"; fi
  (umask 077 && mkdir -p "$STATE" && {
    echo "VOTEWIRE_SECRET=$(secret secret)"
    echo "VOTEWIRE_LOG_SIGNING_KEY=$(secret log-signing-key 32)"
    echo "VOTEWIRE_ADMIN_KEY=$(admin_key)"
    echo "VOTEWIRE_METRICS_TOKEN=$(secret metrics-token)"
    echo "VOTEWIRE_DB_PASSWORD=$(secret db-app-password)"
    echo "VOTEWIRE_DB_REPL_PASSWORD=$(secret db-repl-password)"
    echo "VOTEWIRE_DB_ROOT_PASSWORD=$(secret db-root-password)"
    echo "VOTEWIRE_HTTP_PORT=$HTTP_PORT"
    echo "VOTEWIRE_LOG_LEVEL=$LOG_LEVEL"
  } >"$STATE/compose.env")
  local c=("${compose[@]}" --env-file "$STATE/compose.env" -f "$ROOT/docker-compose.yml" -p votewire)
  case "$action" in
    up)
      if [ "$fresh" = 1 ]; then "${c[@]}" down -v; fi
      "${c[@]}" up -d --build && echo "Votewire (docker) on http://localhost:$HTTP_PORT, admin key $(admin_key)" ;;
    down) "${c[@]}" down ;;
    status) "${c[@]}" ps ;;
    logs) if [ "$follow" = 1 ]; then "${c[@]}" logs -f; else "${c[@]}" logs --tail=40; fi ;;
  esac
}

requested_without=$without
if [ "$docker" = 1 ]; then docker_stack; exit; fi
case "$action" in
  status | logs) "$action"; exit ;;
esac
# One start or stop at a time per stack dir. flock -o keeps the lock out of the daemons started
# below, which would otherwise hold it for as long as they run.
if [ "${VOTEWIRE_STACK_LOCKED:-}" != "$STACK" ]; then
  VOTEWIRE_STACK_LOCKED=$STACK exec flock -o -w 300 -E 75 "$STACK/.lock" "${BASH_SOURCE[0]}" "${cli_args[@]}" ||
    die "could not run under $STACK/.lock"
fi
"$action"
