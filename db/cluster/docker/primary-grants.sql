-- Run once by the mariadb image on the primary's first start, after it has created the database and
-- the app user from MARIADB_DATABASE/MARIADB_USER. Binlogged, so the replicas get it too.
-- Same global privileges as db/cluster/replication.sh gives the local stack: the backend reads
-- SHOW SLAVE STATUS (SLAVE MONITOR) and @@gtid_binlog_pos / SHOW MASTER STATUS (BINLOG MONITOR).
GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO 'votewire'@'%';
