#!/usr/bin/env bash
# Users, database and GTID replication for a primary and its replicas started by mariadb-instance.sh.
#   replication.sh primary DIR DB APP_USER     (passwords in VOTEWIRE_DB_APP_PASSWORD, VOTEWIRE_DB_REPL_PASSWORD)
#   replication.sh replica DIR PRIMARY_PORT    (password in VOTEWIRE_DB_REPL_PASSWORD)
#   replication.sh wait    DIR GTID_POS [TIMEOUT_S]     replica has applied everything up to GTID_POS
#   replication.sh gtid    DIR                          the instance's @@gtid_binlog_pos
#   replication.sh lag     DIR                          one line: io=.. sql=.. lag=..s gtid=.. [error]
# Every write happens on the primary and reaches the replicas through the binlog: one local write
# on a replica (even by root, which read_only does not stop) breaks GTID strict-mode replication.
# Passwords come from the environment, not arguments, so they never show in a process list.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sql() { local dir=$1; shift; "$here/mariadb-instance.sh" sql "$dir" --batch --skip-column-names "$@"; }

cmd=${1:?usage: replication.sh primary|replica|wait|gtid|lag ...}
case "$cmd" in
  primary)
    dir=${2:?dir}; db=${3:?database}; app_user=${4:?app user}
    app_pw=${VOTEWIRE_DB_APP_PASSWORD:?VOTEWIRE_DB_APP_PASSWORD}; repl_pw=${VOTEWIRE_DB_REPL_PASSWORD:?VOTEWIRE_DB_REPL_PASSWORD}
    # install-db leaves password-less root accounts reachable over TCP; root stays on the socket only.
    # Hosts 127.0.0.1/::1 cover TCP clients: with skip-name-resolve, 'localhost' matches the socket only.
    sql "$dir" <<SQL
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@''', @@hostname, '''');
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY '$repl_pw';
ALTER USER 'repl'@'127.0.0.1' IDENTIFIED BY '$repl_pw';
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
CREATE USER IF NOT EXISTS '$app_user'@'127.0.0.1' IDENTIFIED BY '$app_pw';
ALTER USER '$app_user'@'127.0.0.1' IDENTIFIED BY '$app_pw';
CREATE USER IF NOT EXISTS '$app_user'@'::1' IDENTIFIED BY '$app_pw';
ALTER USER '$app_user'@'::1' IDENTIFIED BY '$app_pw';
CREATE USER IF NOT EXISTS '$app_user'@'localhost' IDENTIFIED BY '$app_pw';
ALTER USER '$app_user'@'localhost' IDENTIFIED BY '$app_pw';
-- The backend runs migrations (DDL on its own database), watches replica lag with SHOW SLAVE
-- STATUS (SLAVE MONITOR) and reads @@gtid_binlog_pos / SHOW MASTER STATUS (BINLOG MONITOR) for
-- read-your-writes via MASTER_GTID_WAIT. No SUPER and no READ_ONLY ADMIN: read_only holds for it.
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$app_user'@'127.0.0.1', '$app_user'@'::1', '$app_user'@'localhost';
GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO '$app_user'@'127.0.0.1', '$app_user'@'::1', '$app_user'@'localhost';
SQL
    ;;
  replica)
    dir=${2:?dir}; primary_port=${3:?primary port}; repl_pw=${VOTEWIRE_DB_REPL_PASSWORD:?VOTEWIRE_DB_REPL_PASSWORD}
    # CHANGE MASTER is not binlogged, so it is the one statement a replica may run itself.
    sql "$dir" <<SQL
STOP SLAVE;
CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$primary_port, MASTER_USER='repl',
  MASTER_PASSWORD='$repl_pw', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
START SLAVE;
SQL
    ;;
  wait)
    dir=${2:?dir}; pos=${3?gtid pos}; timeout=${4:-30}
    [ -n "$pos" ] || exit 0
    r=$(sql "$dir" -e "SELECT MASTER_GTID_WAIT('$pos', $timeout)")
    [ "$r" = 0 ] || { echo "error: replica $dir did not reach GTID $pos within ${timeout}s" >&2; exit 1; }
    ;;
  gtid)
    sql "${2:?dir}" -e 'SELECT @@gtid_binlog_pos'
    ;;
  lag)
    dir=${2:?dir}
    "$here/mariadb-instance.sh" sql "$dir" -e 'SHOW SLAVE STATUS\G' | awk -F': ' '
      { gsub(/^ +/, "", $1) }
      $1 == "Slave_IO_Running" { io = $2 }
      $1 == "Slave_SQL_Running" { sqlr = $2 }
      $1 == "Seconds_Behind_Master" { lag = $2 }
      $1 == "Gtid_IO_Pos" { gtid = $2 }
      $1 == "Last_IO_Error" && $2 != "" { err = err " io_error=\"" $2 "\"" }
      $1 == "Last_SQL_Error" && $2 != "" { err = err " sql_error=\"" $2 "\"" }
      END {
        if (io == "") { print "not a replica"; exit 1 }
        printf "io=%s sql=%s lag=%ss gtid=%s%s\n", io, sqlr, lag, gtid, err
        exit (io == "Yes" && sqlr == "Yes") ? 0 : 1
      }'
    ;;
  *) echo "usage: replication.sh primary|replica|wait|gtid|lag ..." >&2; exit 2 ;;
esac
