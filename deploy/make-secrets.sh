#!/usr/bin/env bash
# Makes the secrets docker-compose.yml mounts, once, in deploy/secrets/ (git-ignored):
#   edge-jwt-secret              HS256 key shared by ws-edge and your token issuer
#   mqtt-server.crt/.key         Mosquitto's TLS certificate (self-signed; replace with your CA's)
#   mqtt-ca.p12                  the trust store the connector uses to verify it
#   mqtt-passwords               Mosquitto's password file (users ingest-connector, field-simulator)
#   mqtt-connector.properties    the connector's password and trust store password
# Needs openssl, keytool (a JDK) and mosquitto_passwd (Debian: mosquitto) or Docker.
set -euo pipefail
cd "$(dirname "$0")/secrets"
umask 077
[[ -f edge-jwt-secret ]] || openssl rand -base64 48 | tr -d '\n' > edge-jwt-secret
if [[ ! -f mqtt-server.key ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=mosquitto" -addext "subjectAltName=DNS:mosquitto,DNS:localhost" \
    -keyout mqtt-server.key -out mqtt-server.crt
fi
store_password=$(openssl rand -hex 16)
connector_password=$(openssl rand -hex 16)
simulator_password=$(openssl rand -hex 16)
rm -f mqtt-ca.p12
keytool -importcert -noprompt -alias mosquitto -file mqtt-server.crt -storetype PKCS12 \
  -keystore mqtt-ca.p12 -storepass "$store_password"
printf 'password=%s\ntrust.store.password=%s\n' "$connector_password" "$store_password" > mqtt-connector.properties
printf 'ingest-connector:%s\nfield-simulator:%s\n' "$connector_password" "$simulator_password" > mqtt-passwords
printf '%s\n' "$simulator_password" > field-simulator-password
if command -v mosquitto_passwd >/dev/null; then
  mosquitto_passwd -U mqtt-passwords
else
  docker run --rm -v "$PWD:/s" eclipse-mosquitto:2 mosquitto_passwd -U /s/mqtt-passwords
fi
echo "Secrets written to $PWD"
