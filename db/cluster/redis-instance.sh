#!/usr/bin/env bash
# Starts or stops one private Redis on its own port and directory (never the machine's 6379).
#   redis-instance.sh start  NAME PORT DIR
#   redis-instance.sh stop   DIR
#   redis-instance.sh status DIR        exit 0 and print the pid when the server answers PING
# Redis carries only Socket.IO adapter pub/sub and short-lived counters here, so it keeps nothing on
# disk: no RDB snapshots, no AOF. A restart starts empty, which every user of it must tolerate.
set -euo pipefail

# shellcheck source=process.sh
. "$(dirname "${BASH_SOURCE[0]}")/process.sh"
live_pid() { pid_of "$1/redis.pid" 'redis-server'; }
# PING without redis-cli, so redis-tools is optional.
ping_port() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 2 reply <&3 || { exec 3<&-; return 1; }
  exec 3<&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

cmd=${1:?usage: redis-instance.sh start|stop|status ...}
case "$cmd" in
  start)
    name=${2:?name}; port=${3:?port}; dir=${4:?dir}
    server=$(command -v redis-server) || {
      echo "error: redis-server not found; install the Debian package redis-server" >&2; exit 127; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if live_pid "$dir" >/dev/null; then echo "$name already running on port $port"; exit 0; fi
    if port_busy "$port"; then
      echo "error: port $port is already in use; $name needs it (set another port in the environment)" >&2
      exit 1
    fi
    rm -f "$dir/redis.pid"
    "$server" --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      --save '' --appendonly no </dev/null >/dev/null 2>&1 || {
      echo "error: $name failed to start, see $dir/redis.log" >&2; tail -n 20 "$dir/redis.log" >&2 || true; exit 1; }
    for _ in $(seq 1 100); do
      if ping_port "$port" 2>/dev/null; then echo "$name ready on 127.0.0.1:$port"; exit 0; fi
      sleep 0.1
    done
    echo "error: $name did not answer PING on port $port, see $dir/redis.log" >&2
    tail -n 20 "$dir/redis.log" >&2 || true
    exit 1
    ;;
  stop)
    dir=${2:?dir}
    if pid=$(live_pid "$dir"); then
      stop_pid "$pid" 10
    fi
    rm -f "$dir/redis.pid"
    ;;
  status)
    dir=${2:?dir}
    pid=$(live_pid "$dir") || exit 1
    port=$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -o ':[0-9]*' | tail -n 1 | tr -d :)
    [ -z "$port" ] || ping_port "$port" 2>/dev/null || exit 1
    echo "$pid"
    ;;
  *) echo "usage: redis-instance.sh start NAME PORT DIR | stop DIR | status DIR" >&2; exit 2 ;;
esac
