#!/usr/bin/env bash
# `npm run infra:down`: stops the Kafka broker started by `npm run infra:up`. Idempotent.
# Postgres and Redis are machine services (shared, started outside this project), so they are left running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/kafka.sh" stop
echo "infra: kafka stopped; postgres and redis are machine services and keep running"
