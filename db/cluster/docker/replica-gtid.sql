-- Run once by the mariadb image on a replica's first start, after MARIADB_MASTER_HOST has set up
-- replication. Follows the primary by GTID, as the local stack does. CHANGE MASTER is not
-- binlogged: a replica must never write its own binlog events (GTID strict mode).
STOP SLAVE;
CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
START SLAVE;
