#!/bin/bash
# Creates Tributary's topics (dev.tributary.contracts.Topics.ALL) once the broker answers: 3 partitions each,
# so up to 3 instances of a worker share the work; access.api-keys is compacted.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TRIBUTARY_TOPIC_PARTITIONS:-3}"
create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$PARTITIONS" --replication-factor "${TRIBUTARY_TOPIC_REPLICATION:-1}" "${@:2}"
}
for topic in integration.commands integration.bootstrap integration.events integration.requests integration.replies \
             integration.commands.dlq integration.bootstrap.dlq integration.events.dlq integration.requests.dlq \
             access.api-keys.dlq; do
  create "$topic"
done
create access.api-keys --config cleanup.policy=compact
