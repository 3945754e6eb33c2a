#!/usr/bin/env bash
# `npm run infra:up`: checks that Postgres and Redis (machine services) are up, fetches and starts a single-node
# Kafka broker (KRaft) and creates the topics. Idempotent: run it as often as you like.
#   Environment: KAFKA_PORT (9092), KAFKA_BROKERS (127.0.0.1:$KAFKA_PORT), TICKERGRAPH_CACHE (see kafka.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"

PG_START='pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
REDIS_START='redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'

step() { printf '\n--- %s\n' "$*"; }
down() {
  echo "$1 is not reachable on 127.0.0.1:$2. Start it with:" >&2
  echo "  $3" >&2
  exit 1
}
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

step "postgres"
if command -v pg_isready >/dev/null; then
  pg_isready -q -h 127.0.0.1 -p 5432 -U postgres -d test || down postgres 5432 "$PG_START"
elif command -v psql >/dev/null; then
  psql -h 127.0.0.1 -U postgres -d test -tAc 'select 1' >/dev/null 2>&1 || down postgres 5432 "$PG_START"
else
  tcp_open 5432 || down postgres 5432 "$PG_START"
fi
echo "postgres: up on 127.0.0.1:5432"

step "redis"
if command -v redis-cli >/dev/null; then
  [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] || down redis 6379 "$REDIS_START"
else
  tcp_open 6379 || down redis 6379 "$REDIS_START"
fi
echo "redis: up on 127.0.0.1:6379"

step "kafka"
bash "$HERE/kafka.sh" fetch
bash "$HERE/kafka.sh" start

step "topics"
node "$HERE/topics.mjs"

printf '\ninfra: ready (postgres 127.0.0.1:5432, redis 127.0.0.1:6379, kafka %s)\n' "$KAFKA_BROKERS"
