#!/usr/bin/env bash
# Fetches, starts and stops a single-node Apache Kafka broker (KRaft mode) for development and CI.
# The jars come from Maven Central (see kafka/pom.xml) into a cache outside the repository:
#   ${TICKERGRAPH_CACHE:-$HOME/.cache/tickergraph}/kafka-<version>/
#     libs/              broker jars (mvn dependency:copy-dependencies; .complete holds the pom fingerprint)
#     data/              KRaft metadata and topic logs (log.dirs)
#     server.properties  log4j.properties  cluster-id  broker.pid  broker.log  stdout.log  fetch.log
#
#   scripts/infra/kafka.sh fetch|start|stop|status
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_VERSION (3.9.1),
#              KAFKA_HEAP_OPTS (-Xms256m -Xmx768m), KAFKA_START_TIMEOUT seconds (90), TICKERGRAPH_CACHE.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
CACHE="${TICKERGRAPH_CACHE:-$HOME/.cache/tickergraph}/kafka-$KAFKA_VERSION"
LIBS="$CACHE/libs"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PID_FILE="$CACHE/broker.pid"
LOG_FILE="$CACHE/broker.log"
STDOUT_FILE="$CACHE/stdout.log"

say() { echo "kafka: $*"; }
fail() { echo "kafka: $*" >&2; exit 1; }

# True when a broker on KAFKA_PORT answers a metadata request with at least one live broker.
serving() {
  node "$HERE/kafka-ready.mjs" "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1
}

# The pid from the pid file, if that process is alive.
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

show_logs() {
  echo "kafka: last log lines ($LOG_FILE, $STDOUT_FILE):" >&2
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  tail -n 20 "$STDOUT_FILE" >&2 2>/dev/null || true
}

# The fetched jars are tagged with a fingerprint of kafka/pom.xml and the version, so editing the pom refetches.
fingerprint() { { cat "$HERE/kafka/pom.xml"; echo "$KAFKA_VERSION"; } | sha256sum | cut -c1-16; }
complete_in() { [ -f "$1/.complete" ] && [ "$(cat "$1/.complete")" = "$(fingerprint)" ]; }

# Moves jars fetched while a broker was running (libs.next) into place; only called when none is running.
swap_in_next() {
  if [ -d "$CACHE/libs.next" ] && complete_in "$CACHE/libs.next"; then
    rm -rf "$LIBS" && mv "$CACHE/libs.next" "$LIBS"
    say "switched to the newly fetched jars"
  fi
}

fetch() {
  if complete_in "$LIBS"; then
    [ "${1:-}" = quiet ] || say "Apache Kafka $KAFKA_VERSION jars already in $LIBS"
    return
  fi
  if ! running_pid >/dev/null; then swap_in_next; complete_in "$LIBS" && return; fi
  if complete_in "$CACHE/libs.next"; then
    [ "${1:-}" = quiet ] || say "new jars are in $CACHE/libs.next; they replace libs at the next start (stop the broker first)"
    return
  fi
  command -v mvn >/dev/null || fail "mvn (Maven 3) is needed to fetch Kafka from Maven Central"
  command -v java >/dev/null || fail "java (17+) is needed to run Kafka"
  say "fetching Apache Kafka $KAFKA_VERSION from Maven Central (scripts/infra/kafka/pom.xml)"
  local started=$SECONDS tmp="$CACHE/libs.partial"
  mkdir -p "$CACHE"
  rm -rf "$tmp"
  # Into a scratch folder first, so an interrupted fetch never looks complete.
  if ! mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp" >"$CACHE/fetch.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$CACHE/fetch.log" | tail -n 30 >&2
    fail "mvn could not fetch the Kafka jars (is Maven Central reachable? full output in $CACHE/fetch.log)"
  fi
  [ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ] || fail "fetch finished without kafka_2.13-$KAFKA_VERSION.jar"
  fingerprint >"$tmp/.complete"
  local count
  count="$(find "$tmp" -name '*.jar' | wc -l)"
  if running_pid >/dev/null; then
    # A running broker loads classes from libs lazily: never pull its jars away under it.
    rm -rf "$CACHE/libs.next" && mv "$tmp" "$CACHE/libs.next"
    say "fetched $count jars in $((SECONDS - started)) s into $CACHE/libs.next; the running broker keeps the old ones until it restarts"
  else
    rm -rf "$LIBS" && mv "$tmp" "$LIBS"
    say "fetched $count jars in $((SECONDS - started)) s into $LIBS"
  fi
}

write_config() {
  mkdir -p "$CACHE/data"
  cat >"$CACHE/server.properties" <<PROPS
# Written by scripts/infra/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$CACHE/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS
  cat >"$CACHE/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG_FILE
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
PROPS
}

format_storage() {
  if [ -f "$CACHE/data/meta.properties" ]; then return; fi
  if [ ! -s "$CACHE/cluster-id" ]; then
    java -cp "$LIBS/*" -Dlog4j.configuration="file:$CACHE/log4j.properties" \
      kafka.tools.StorageTool random-uuid >"$CACHE/cluster-id"
  fi
  say "formatting KRaft storage in $CACHE/data (cluster id $(cat "$CACHE/cluster-id"))"
  java -cp "$LIBS/*" -Dlog4j.configuration="file:$CACHE/log4j.properties" \
    kafka.tools.StorageTool format -t "$(cat "$CACHE/cluster-id")" -c "$CACHE/server.properties" \
    --ignore-formatted >/dev/null
}

wait_until_serving() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if serving; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka: broker (pid $pid) exited during start" >&2
      show_logs
      rm -f "$PID_FILE"
      exit 1
    fi
    sleep 1
  done
  echo "kafka: broker (pid $pid) not serving on 127.0.0.1:$KAFKA_PORT after $START_TIMEOUT s" >&2
  show_logs
  exit 1
}

start() {
  fetch quiet
  local pid started=$SECONDS
  if pid="$(running_pid)"; then
    if serving; then
      say "already serving on 127.0.0.1:$KAFKA_PORT (pid $pid)"
      return
    fi
    say "broker (pid $pid) is starting; waiting for it"
    wait_until_serving "$pid"
    say "serving on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    return
  fi
  if serving; then
    say "a broker not started by this script already serves 127.0.0.1:$KAFKA_PORT; using it"
    return
  fi
  rm -f "$PID_FILE"
  swap_in_next
  for port in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      fail "port $port on 127.0.0.1 is taken by another process (not a Kafka broker serving on $KAFKA_PORT); set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done
  write_config
  format_storage
  say "starting Apache Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT, controller on :$CONTROLLER_PORT"
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM flags
  nohup java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true -cp "$LIBS/*" \
    -Dlog4j.configuration="file:$CACHE/log4j.properties" \
    kafka.Kafka "$CACHE/server.properties" >>"$STDOUT_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_serving "$pid"
  say "serving on 127.0.0.1:$KAFKA_PORT (pid $pid, started in $((SECONDS - started)) s); logs in $LOG_FILE"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running (no live pid in $PID_FILE)"
    return
  fi
  say "stopping broker (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "broker did not stop within 30 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

status() {
  local pid
  if serving; then
    if pid="$(running_pid)"; then say "serving on 127.0.0.1:$KAFKA_PORT (pid $pid)"; else say "serving on 127.0.0.1:$KAFKA_PORT"; fi
  elif pid="$(running_pid)"; then
    say "process $pid is running but not serving on 127.0.0.1:$KAFKA_PORT"
    exit 1
  else
    say "down"
    exit 1
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
