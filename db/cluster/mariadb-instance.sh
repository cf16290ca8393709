#!/usr/bin/env bash
# Starts or stops one private MariaDB/MySQL server on its own port and data directory, so that
# build.sh and the test harness never touch a server the machine already runs.
#   mariadb-instance.sh start  NAME PORT DIR [SERVER_ID] [--replica] [extra mariadbd options...]
#   mariadb-instance.sh stop   DIR
#   mariadb-instance.sh status DIR        exit 0 and print the pid when the server answers
#   mariadb-instance.sh sql    DIR [mariadb client options...]   root client on the instance's socket
set -euo pipefail

find_bin() { for b in "$@"; do command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return 0; }; done; return 1; }
client_bin() {
  find_bin mariadb mysql || {
    echo "error: no MariaDB client found; install the Debian package mariadb-client (comes with mariadb-server)" >&2
    exit 127
  }
}
admin_bin() {
  find_bin mariadb-admin mysqladmin || {
    echo "error: mariadb-admin not found; install the Debian package mariadb-client (comes with mariadb-server)" >&2
    exit 127
  }
}
# shellcheck source=process.sh
. "$(dirname "${BASH_SOURCE[0]}")/process.sh"
live_pid() { pid_of "$1/mariadbd.pid" '(mariadbd|mysqld)'; }

cmd=${1:?usage: mariadb-instance.sh start|stop|status|sql ...}
case "$cmd" in
  start)
    name=${2:?name}; port=${3:?port}; dir=${4:?dir}; server_id=${5:-1}; shift 5 || shift $#
    # A replica's settings, the same wherever one is started (build.sh, the tests' restarts).
    # Parallel apply: measured here, one applier thread falls 2-3 s behind at ~6,000 single-row
    # commits/s, four optimistic threads stay under ~150 ms. Only the primary flushes every commit:
    # a replica's applied position is stored in the same InnoDB transactions as the rows
    # (mysql.gtid_slave_pos), so after a crash it resumes from what it really kept and fetches the
    # rest from the primary (docs/cluster.md has the measurement and the trade-off).
    if [ "${1:-}" = --replica ]; then
      shift
      set -- --read-only=1 --slave-parallel-threads=4 --slave-parallel-mode=optimistic \
        --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 "$@"
    fi
    server=$(find_bin mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld) || {
      echo "error: no MariaDB server found; install the Debian package mariadb-server" >&2; exit 127; }
    installdb=$(find_bin mariadb-install-db mysql_install_db) || {
      echo "error: mariadb-install-db not found; install the Debian package mariadb-server" >&2; exit 127; }
    admin=$(admin_bin)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if live_pid "$dir" >/dev/null; then
      echo "$name already running on port $port"; exit 0
    fi
    if port_busy "$port"; then
      echo "error: port $port is already in use; $name needs it (set another port in the environment)" >&2
      exit 1
    fi
    rm -f "$dir/mariadbd.pid" "$dir/mysql.sock" "$dir/mysql.sock.lock"
    # A server removes every #sql temporary file in its tmpdir when it starts, so instances that
    # start side by side must not share /tmp (a sibling's start broke our system-table set-up).
    mkdir -p "$dir/tmp"
    if [ ! -d "$dir/data/mysql" ]; then
      rm -rf "$dir/data"
      "$installdb" --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db --user="$(id -un)" --tmpdir="$dir/tmp" >"$dir/install.log" 2>&1 || {
        echo "error: initialising $dir/data failed, see $dir/install.log" >&2; exit 1; }
    fi
    # --no-defaults keeps the machine's /etc/mysql settings (and its port and socket) out.
    # Relay log names default to the host name; fixing them keeps a data dir usable after a rename.
    nohup "$server" --no-defaults --user="$(id -un)" --datadir="$dir/data" --tmpdir="$dir/tmp" --port="$port" \
      --bind-address=127.0.0.1 --socket="$dir/mysql.sock" --pid-file="$dir/mariadbd.pid" \
      --log-error="$dir/error.log" --server-id="$server_id" --log-bin=mariadb-bin --log-slave-updates \
      --relay-log=relay-bin --binlog-format=ROW --gtid-strict-mode=1 \
      --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 \
      --innodb-buffer-pool-size=256M --max-connections=500 --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "$@" \
      </dev/null >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
      if "$admin" --no-defaults -uroot --socket="$dir/mysql.sock" ping >/dev/null 2>&1; then
        echo "$name ready on 127.0.0.1:$port"; exit 0
      fi
      running "$server_pid" || break
      sleep 0.1
    done
    echo "error: $name did not start on port $port, see $dir/error.log" >&2
    tail -n 20 "$dir/error.log" >&2 || true
    kill -TERM "$server_pid" 2>/dev/null || true
    exit 1
    ;;
  stop)
    dir=${2:?dir}
    if pid=$(live_pid "$dir"); then
      # mariadb-admin shutdown returns before the server exits: wait on the pid.
      stop_pid "$pid" 30
    fi
    rm -f "$dir/mariadbd.pid" "$dir/mysql.sock" "$dir/mysql.sock.lock"
    ;;
  status)
    dir=${2:?dir}
    pid=$(live_pid "$dir") || exit 1
    "$(admin_bin)" --no-defaults -uroot --socket="$dir/mysql.sock" ping >/dev/null 2>&1 || exit 1
    echo "$pid"
    ;;
  sql)
    dir=${2:?dir}; shift 2
    exec "$(client_bin)" --no-defaults -uroot --socket="$dir/mysql.sock" "$@"
    ;;
  *) echo "usage: mariadb-instance.sh start NAME PORT DIR [SERVER_ID] [opts] | stop DIR | status DIR | sql DIR [opts]" >&2; exit 2 ;;
esac
