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
#   kafka-ca/, kafka-ca.crt      the deployment's Kafka CA (its key stays here) and its certificate: what clients trust
#   kafka-broker.p12             the brokers' key store (keytool), its certificate issued by that CA for kafka-1..3
#   kafka-broker.password        and localhost; the key store's password
#   kafka-broker.jaas            the brokers' JAAS file: the admin's PLAIN credential (inter-broker, controllers)
#   kafka-broker-client.properties  the brokers' own tools (health check) as the admin, inside their containers
#   kafka-scram-users            "<user> <password>" of every SCRAM-SHA-512 principal, for the provisioning step
#   kafka-admin.properties       the provisioning step's client settings (admin, PLAIN, on the BROKER listener)
#   kafka-users/<user>.password  a principal's password; users: admin stream-processor connect ws-edge analyst
#   kafka-users/<user>.jaas      its JAAS file (KafkaClient section) for the service's JVM:
#                                kafka-users/stream-processor.jaas kafka-users/connect.jaas kafka-users/ws-edge.jaas kafka-users/admin.jaas
#   kafka-users/<user>.properties  its client settings for tools on the host (localhost:9092), e.g. analyst's
# The agencies are the ids in deploy/agencies, one a line. An agency no longer listed loses its
# account, and its certificate is revoked.
#
#   ./deploy/make-secrets.sh                       # make what is missing
#   ./deploy/make-secrets.sh --rotate sffd         # new password and certificate for sffd
#   ./deploy/make-secrets.sh --rotate ingest-connector
#   docker compose kill -s HUP mosquitto           # Mosquitto rereads passwords, ACL and CRL
#   ./deploy/make-secrets.sh --rotate-kafka ws-edge  # new SCRAM password (then: SECURITY.md, rotating)
#   ./deploy/make-secrets.sh --rotate-kafka broker   # new broker key and certificate, same CA
#
# Needs openssl, keytool (a JDK) and mosquitto_passwd (Debian: mosquitto) or Docker.
# SECRETS_DIR and AGENCIES_FILE override the two paths (the tests use a temporary directory).
set -euo pipefail
deploy=$(cd "$(dirname "$0")" && pwd)
secrets=${SECRETS_DIR:-$deploy/secrets}
agencies_file=${AGENCIES_FILE:-$deploy/agencies}
connector_user=ingest-connector

# The Kafka principals (embedded-brokers' ServiceAcls.Service, and the super user).
kafka_users=(admin stream-processor connect ws-edge analyst)

rotate=()
rotate_kafka=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --rotate) rotate+=("$2"); shift 2 ;;
    --rotate-kafka)
      if [[ $2 != broker && " ${kafka_users[*]} " != *" $2 "* ]]; then
        echo "--rotate-kafka takes broker or one of: ${kafka_users[*]}" >&2; exit 2
      fi
      rotate_kafka+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--rotate <agency id|$connector_user>]... [--rotate-kafka <broker|user>]..." >&2; exit 2 ;;
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

# Kafka: a CA of its own, the brokers' key store (keytool makes the key, the CA signs it), and one
# SCRAM password per principal. The brokers use PLAIN as the admin between themselves and with the
# controllers (SCRAM credentials live in the metadata the brokers start from); clients use SCRAM.
kca=kafka-ca
mkdir -p $kca kafka-users
if [[ ! -f $kca/ca.key ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=incident-feeds Kafka CA" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout $kca/ca.key -out $kca/ca.crt 2>/dev/null
  : > $kca/index.txt
fi
# The MQTT CA's configuration with this CA's directory, the brokers' names, and client use too
# (a broker is its controllers' client).
sed -e "s|$secrets/$ca|$secrets/$kca|" \
  -e 's|^subjectAltName = .*|subjectAltName = DNS:kafka-1,DNS:kafka-2,DNS:kafka-3,DNS:localhost,IP:127.0.0.1|' \
  -e 's|^extendedKeyUsage = serverAuth$|extendedKeyUsage = serverAuth,clientAuth|' $ca/openssl.cnf > $kca/openssl.cnf
cp $kca/ca.crt kafka-ca.crt
chmod 644 kafka-ca.crt
rotating_kafka() {
  local name
  for name in "${rotate_kafka[@]}"; do [[ $name == "$1" ]] && return 0; done
  return 1
}
if [[ ! -f kafka-broker.p12 ]] || rotating_kafka broker; then
  if [[ -f kafka-broker.crt ]]; then openssl ca -config $kca/openssl.cnf -revoke kafka-broker.crt 2>/dev/null || true; fi
  rm -f kafka-broker.p12 kafka-broker.crt
  openssl rand -hex 16 > kafka-broker.password
  keystore_password=$(cat kafka-broker.password)
  keytool -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname CN=kafka -storetype PKCS12 \
    -keystore kafka-broker.p12 -storepass "$keystore_password" >/dev/null
  keytool -certreq -alias broker -keystore kafka-broker.p12 -storepass "$keystore_password" -file kafka-broker.csr
  openssl ca -batch -notext -config $kca/openssl.cnf -extensions server -in kafka-broker.csr -out kafka-broker.crt 2>/dev/null
  keytool -importcert -noprompt -alias ca -file kafka-ca.crt -keystore kafka-broker.p12 -storepass "$keystore_password" >/dev/null
  keytool -importcert -alias broker -file kafka-broker.crt -keystore kafka-broker.p12 -storepass "$keystore_password" >/dev/null
  rm -f kafka-broker.csr
fi
: > kafka-scram-users
for user in "${kafka_users[@]}"; do
  if [[ ! -f kafka-users/$user.password ]] || rotating_kafka "$user"; then
    openssl rand -hex 24 > "kafka-users/$user.password"
  fi
  password=$(cat "kafka-users/$user.password")
  printf '%s %s\n' "$user" "$password" >> kafka-scram-users
  scram="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$password\";"
  printf 'KafkaClient {\n  %s\n};\n' "$scram" > "kafka-users/$user.jaas"
  printf '%s\n' "bootstrap.servers=localhost:9092,localhost:9192,localhost:9292" "security.protocol=SASL_SSL" \
    "sasl.mechanism=SCRAM-SHA-512" "ssl.truststore.type=PEM" "ssl.truststore.location=$secrets/kafka-ca.crt" \
    "sasl.jaas.config=$scram" > "kafka-users/$user.properties"
done
# The admin signs in with PLAIN where SCRAM cannot be used yet: between brokers, with the
# controllers, and in the provisioning step, which makes the SCRAM users.
admin_password=$(cat kafka-users/admin.password)
plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$admin_password\""
printf 'KafkaServer {\n  %s user_admin="%s";\n  %s\n};\nKafkaClient {\n  %s;\n};\n' "$plain" "$admin_password" \
  "org.apache.kafka.common.security.scram.ScramLoginModule required;" "$plain" > kafka-broker.jaas
printf 'KafkaClient {\n  %s;\n};\n' "$plain" > kafka-users/admin.jaas
for tool in kafka-broker-client.properties:/etc/kafka/secrets kafka-admin.properties:/run/secrets; do
  printf '%s\n' "security.protocol=SASL_SSL" "sasl.mechanism=PLAIN" "ssl.truststore.type=PEM" \
    "ssl.truststore.location=${tool#*:}/kafka-ca.crt" > "${tool%%:*}"
done

if command -v mosquitto_passwd >/dev/null; then
  mosquitto_passwd -U mqtt-passwords
else
  docker run --rm -v "$PWD:/s" eclipse-mosquitto:2 mosquitto_passwd -U /s/mqtt-passwords
fi
echo "Secrets written to $PWD"
