#!/usr/bin/env bash
# Makes the secrets docker-compose.yml mounts, in deploy/secrets/ (git-ignored). Run it again at
# any time: it makes only what is missing, and rebuilds the files derived from the rest.
#   edge-jwt-secret              HS256 key shared by ws-edge and your token issuer
#   grafana-admin-password       Grafana's admin password (mode 644: the container reads it as its own user)
#   mqtt-ca/                     the deployment's MQTT CA (its key, database and CRL number)
#   mqtt-ca.crt, mqtt-ca.crl     its certificate and revocation list, for Mosquitto's 8884 listener
#   mqtt-server.crt/.key         Mosquitto's TLS certificate, issued by that CA
#   mqtt-ca.p12                  the trust store the connector verifies Mosquitto with (the CA)
#   mqtt-passwords               Mosquitto's password file: ingest-connector and one account per agency
#   mqtt-connector.properties    the connector's password and trust store password
#   mqtt-agencies/<id>.password  an agency's MQTT password (user name = the agency id)
#   mqtt-agencies/<id>.crt/.key  an agency's client certificate (CN = the agency id) for port 8884
# The agencies are the ids in deploy/agencies, one a line. An agency no longer listed loses its
# account, and its certificate is revoked.
#
#   ./deploy/make-secrets.sh                       # make what is missing
#   ./deploy/make-secrets.sh --rotate sffd         # new password and certificate for sffd
#   ./deploy/make-secrets.sh --rotate ingest-connector
#   docker compose kill -s HUP mosquitto           # Mosquitto rereads passwords, ACL and CRL
#
# Needs openssl, keytool (a JDK) and mosquitto_passwd (Debian: mosquitto) or Docker.
# SECRETS_DIR and AGENCIES_FILE override the two paths (the tests use a temporary directory).
set -euo pipefail
deploy=$(cd "$(dirname "$0")" && pwd)
secrets=${SECRETS_DIR:-$deploy/secrets}
agencies_file=${AGENCIES_FILE:-$deploy/agencies}
connector_user=ingest-connector

rotate=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --rotate) rotate+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--rotate <agency id|$connector_user>]..." >&2; exit 2 ;;
  esac
done

# The agency ids, checked as the contract checks a topic's agency (MqttTopic.isAgencyId).
agencies=()
while read -r id; do
  [[ -z $id || $id == \#* ]] && continue
  if [[ ! $id =~ ^[a-z0-9_-]{2,32}$ || $id == "$connector_user" ]]; then
    echo "not an agency id: '$id' (2-32 of [a-z0-9_-], not $connector_user)" >&2
    exit 1
  fi
  agencies+=("$id")
done < "$agencies_file"

mkdir -p "$secrets/mqtt-ca" "$secrets/mqtt-agencies"
cd "$secrets"
umask 077
[[ -f edge-jwt-secret ]] || openssl rand -base64 48 | tr -d '\n' > edge-jwt-secret
[[ -f grafana-admin-password ]] || { openssl rand -base64 24 | tr -d '\n' > grafana-admin-password; chmod 644 grafana-admin-password; }

# The CA: openssl ca keeps a database of what it issued, so that a rotated or removed agency's
# certificate can be revoked.
ca=mqtt-ca
if [[ ! -f $ca/ca.key ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=incident-feeds MQTT CA" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout $ca/ca.key -out $ca/ca.crt
  : > $ca/index.txt
  echo 1000 > $ca/crlnumber
fi
cat > $ca/openssl.cnf <<EOF
[ca]
default_ca = mqtt
[mqtt]
dir = $secrets/$ca
database = \$dir/index.txt
new_certs_dir = \$dir
certificate = \$dir/ca.crt
private_key = \$dir/ca.key
crlnumber = \$dir/crlnumber
rand_serial = yes
unique_subject = no
default_md = sha256
default_days = 825
default_crl_days = 3650
policy = any
copy_extensions = none
[any]
commonName = supplied
[server]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:mosquitto,DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
EOF
cp $ca/ca.crt mqtt-ca.crt

# Issues <name>.crt/.key with the given CN and extension section (server or client).
issue() {
  local out=$1 cn=$2 section=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$cn" \
    -keyout "$out.key" -out "$out.csr" 2>/dev/null
  openssl ca -batch -notext -config $ca/openssl.cnf -extensions "$section" -in "$out.csr" -out "$out.crt" 2>/dev/null
  rm -f "$out.csr"
}

# Revokes a certificate this CA issued (it stays revoked in the CRL until it expires).
revoke() {
  [[ -f $1 ]] && openssl ca -config $ca/openssl.cnf -revoke "$1" 2>/dev/null || true
}

rotating() {
  local name
  for name in "${rotate[@]}"; do [[ $name == "$1" ]] && return 0; done
  return 1
}

# The broker's certificate, reissued when it was not made by this CA (a self-signed one of old).
if [[ ! -f mqtt-server.key ]] || ! openssl verify -CAfile mqtt-ca.crt mqtt-server.crt >/dev/null 2>&1; then
  issue mqtt-server mosquitto server
fi

# The connector's password: kept across runs unless rotated.
connector_password=$(sed -n 's/^password=//p' mqtt-connector.properties 2>/dev/null || true)
if [[ -z $connector_password ]] || rotating "$connector_user"; then
  connector_password=$(openssl rand -hex 16)
fi
store_password=$(openssl rand -hex 16)
rm -f mqtt-ca.p12
keytool -importcert -noprompt -alias mqtt-ca -file mqtt-ca.crt -storetype PKCS12 \
  -keystore mqtt-ca.p12 -storepass "$store_password" >/dev/null
printf 'password=%s\ntrust.store.password=%s\n' "$connector_password" "$store_password" > mqtt-connector.properties

# One account and one client certificate per agency.
printf '%s:%s\n' "$connector_user" "$connector_password" > mqtt-passwords
for id in "${agencies[@]}"; do
  card=mqtt-agencies/$id
  if [[ ! -f $card.password ]] || rotating "$id"; then
    openssl rand -hex 16 > "$card.password"
  fi
  if [[ ! -f $card.crt ]] || rotating "$id"; then
    revoke "$card.crt"
    issue "$card" "$id" client
  fi
  printf '%s:%s\n' "$id" "$(cat "$card.password")" >> mqtt-passwords
done
for card in mqtt-agencies/*.password; do
  [[ -e $card ]] || continue
  id=$(basename "$card" .password)
  if [[ " ${agencies[*]} " != *" $id "* ]]; then
    revoke "mqtt-agencies/$id.crt"
    rm -f "mqtt-agencies/$id".*
    echo "removed agency $id: account deleted, certificate revoked"
  fi
done
openssl ca -config $ca/openssl.cnf -gencrl -out mqtt-ca.crl 2>/dev/null

if command -v mosquitto_passwd >/dev/null; then
  mosquitto_passwd -U mqtt-passwords
else
  docker run --rm -v "$PWD:/s" eclipse-mosquitto:2 mosquitto_passwd -U /s/mqtt-passwords
fi
echo "Secrets written to $PWD"
