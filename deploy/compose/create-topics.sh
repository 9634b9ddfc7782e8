#!/bin/bash
# Creates Tributary's topics (dev.tributary.contracts.Topics.ALL) once the broker answers: 3 partitions each,
# so up to 3 instances of a worker share the work; access.api-keys is compacted.
# The topics that carry credentials (Topics.CREDENTIAL_CARRYING) and their dead-letter topics keep records for
# TRIBUTARY_CREDENTIAL_RETENTION_MS (1 h) in small segments (10 min, 1 MiB; KafkaTopics has the same numbers), so
# that a credential leaves the brokers' disks soon after its operation. Topics made before keep their data and get
# these configs too.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TRIBUTARY_TOPIC_PARTITIONS:-3}"
CREDENTIAL_CONFIGS="retention.ms=${TRIBUTARY_CREDENTIAL_RETENTION_MS:-32400000},segment.ms=600000,segment.bytes=1048576"
create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$PARTITIONS" --replication-factor "${TRIBUTARY_TOPIC_REPLICATION:-1}" "${@:2}"
}
for topic in integration.events integration.replies integration.events.dlq access.api-keys.dlq; do
  create "$topic"
done
create access.api-keys --config cleanup.policy=compact
for topic in integration.commands integration.checks integration.bootstrap integration.requests \
             integration.commands.dlq integration.checks.dlq integration.bootstrap.dlq integration.requests.dlq; do
  create "$topic"
  # incremental: sets these three and leaves the topic's other configs as they are
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$topic" \
    --add-config "$CREDENTIAL_CONFIGS"
done
