#!/bin/sh
# Creates every topic of topics.txt that is missing, with the cluster's durability settings, then prints
# them. Idempotent: existing topics are left as they are (partitions are never changed by a job).
# Env: KAFKA_BOOTSTRAP, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, TOPIC_PREFIX (optional), TOPICS_FILE.
set -eu
BIN=${KAFKA_BIN:-/opt/kafka/bin}
FILE=${TOPICS_FILE:-/etc/wage/topics.txt}
PREFIX=${TOPIC_PREFIX:-}
grep -v '^[[:space:]]*\(#\|$\)' "$FILE" | while read -r topic partitions retention; do
  "$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
    --topic "$PREFIX$topic" --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config min.insync.replicas="$MIN_INSYNC_REPLICAS" --config retention.ms="$retention" \
    --config cleanup.policy=delete
done
"$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --describe --topics-with-overrides
