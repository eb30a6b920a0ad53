#!/bin/bash
# The admin's provisioning step of docker-compose.yml's service kafka-provision (apache/kafka image):
# every principal's SCRAM-SHA-512 credential (from the secret kafka-scram-users, made by
# deploy/make-secrets.sh), Connect's three internal topics (compacted; the worker may not create
# them), then the grants of ServiceAcls (acls.sh, generated from it). The contract's topics are
# created next by the processor's jar as the admin (service topics-provision). Run it again after
# rotating a password or changing the table: every step is idempotent.
#   usage: provision.sh <bootstrap servers> <admin client properties> <users file>
set -euo pipefail
bootstrap=$1
config=$2
users=$3
bin=/opt/kafka/bin

for attempt in $(seq 60); do
  "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" --command-config "$config" >/dev/null 2>&1 && break
  [[ $attempt == 60 ]] && { echo "the brokers do not answer at $bootstrap" >&2; exit 1; }
  sleep 2
done

while read -r user password; do
  [[ -z $user ]] && continue
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$config" --alter --entity-type users \
    --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" >/dev/null
  echo "SCRAM-SHA-512 credential of $user set"
done < "$users"

# Connect's internal topics: compacted, as the worker requires; replication from the brokers' default.
for spec in _connect-configs:1 _connect-offsets:25 _connect-status:5; do
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$config" --create --if-not-exists \
    --topic "${spec%%:*}" --partitions "${spec##*:}" --config cleanup.policy=compact
done

KAFKA_ACLS="$bin/kafka-acls.sh" "$(dirname "$0")/acls.sh" "$bootstrap" "$config" >/dev/null
echo "ACLs of deploy/kafka/acls.sh applied"
