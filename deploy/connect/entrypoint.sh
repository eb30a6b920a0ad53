#!/bin/bash
# Writes the worker's properties from CONNECT_* environment variables (CONNECT_PLUGIN_PATH ->
# plugin.path), the convention Connect images use, then starts the distributed worker.
set -euo pipefail
config=/tmp/connect-distributed.properties
: > "$config"
while IFS='=' read -r name value; do
  [[ $name == CONNECT_* ]] || continue
  key=$(echo "${name#CONNECT_}" | tr '[:upper:]' '[:lower:]' | tr '_' '.')
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)
exec /opt/kafka/bin/connect-distributed.sh "$config"
