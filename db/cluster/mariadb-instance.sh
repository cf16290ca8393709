#!/usr/bin/env bash
# Starts or stops one private MariaDB/MySQL server on its own port and data directory, so that
# build.sh and the test harness never touch a server the machine already runs.
#   mariadb-instance.sh start NAME PORT DIR [SERVER_ID] [extra mariadbd options...]
#   mariadb-instance.sh stop  DIR
set -euo pipefail

find_bin() { for b in "$@"; do command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return 0; }; done; return 1; }

cmd=${1:?usage: mariadb-instance.sh start|stop ...}
case "$cmd" in
  start)
    name=${2:?name}; port=${3:?port}; dir=${4:?dir}; server_id=${5:-1}; shift 5 || shift $#
    server=$(find_bin mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld) || {
      echo "error: no MariaDB server found; install the Debian package mariadb-server" >&2; exit 127; }
    installdb=$(find_bin mariadb-install-db mysql_install_db) || {
      echo "error: mariadb-install-db not found; install the Debian package mariadb-server" >&2; exit 127; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/mariadbd.pid" ] && kill -0 "$(cat "$dir/mariadbd.pid")" 2>/dev/null; then
      echo "$name already running on port $port"; exit 0
    fi
    rm -f "$dir/mariadbd.pid" "$dir/mysql.sock"
    if [ ! -d "$dir/data/mysql" ]; then
      "$installdb" --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db --user="$(id -un)" >"$dir/install.log" 2>&1 || {
        echo "error: initialising $dir/data failed, see $dir/install.log" >&2; exit 1; }
    fi
    # --no-defaults keeps the machine's /etc/mysql settings (and its port and socket) out.
    nohup "$server" --no-defaults --user="$(id -un)" --datadir="$dir/data" --port="$port" \
      --bind-address=127.0.0.1 --socket="$dir/mysql.sock" --pid-file="$dir/mariadbd.pid" \
      --log-error="$dir/error.log" --server-id="$server_id" --log-bin=mariadb-bin --log-slave-updates \
      --binlog-format=ROW --gtid-strict-mode=1 --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 \
      --innodb-buffer-pool-size=256M --max-connections=500 --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "$@" \
      >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
      if mariadb-admin --no-defaults -uroot --socket="$dir/mysql.sock" ping >/dev/null 2>&1; then
        echo "$name ready on 127.0.0.1:$port"; exit 0
      fi
      sleep 0.1
    done
    echo "error: $name did not start on port $port, see $dir/error.log" >&2
    tail -n 20 "$dir/error.log" >&2 || true
    exit 1
    ;;
  stop)
    dir=${2:?dir}
    [ -f "$dir/mariadbd.pid" ] || exit 0
    pid=$(cat "$dir/mariadbd.pid")
    # mariadb-admin shutdown returns before the server exits: wait on the pid.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/mariadbd.pid"
    ;;
  *) echo "usage: mariadb-instance.sh start NAME PORT DIR [SERVER_ID] [opts] | stop DIR" >&2; exit 2 ;;
esac
