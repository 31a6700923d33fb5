#!/bin/sh
# Runs once, when the PostgreSQL container starts on an empty data volume
# (docker-entrypoint-initdb.d): the application role, the hub database and one database per
# prefecture (codes from schema/prefectures.json; test/ops/compose.test.ts checks they match).
# Tables are created by each subgraph's migrations, not here.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v app_password="$HUB_DB_PASSWORD" <<'EOSQL'
CREATE ROLE hub_app LOGIN PASSWORD :'app_password';
CREATE DATABASE hub OWNER hub_app;
CREATE DATABASE prefecture_530100 OWNER hub_app;
CREATE DATABASE prefecture_530300 OWNER hub_app;
CREATE DATABASE prefecture_530400 OWNER hub_app;
CREATE DATABASE prefecture_530500 OWNER hub_app;
CREATE DATABASE prefecture_530600 OWNER hub_app;
CREATE DATABASE prefecture_530700 OWNER hub_app;
CREATE DATABASE prefecture_530800 OWNER hub_app;
CREATE DATABASE prefecture_530900 OWNER hub_app;
CREATE DATABASE prefecture_532300 OWNER hub_app;
CREATE DATABASE prefecture_532500 OWNER hub_app;
CREATE DATABASE prefecture_532600 OWNER hub_app;
CREATE DATABASE prefecture_532800 OWNER hub_app;
CREATE DATABASE prefecture_532900 OWNER hub_app;
CREATE DATABASE prefecture_533100 OWNER hub_app;
CREATE DATABASE prefecture_533300 OWNER hub_app;
CREATE DATABASE prefecture_533400 OWNER hub_app;
EOSQL
