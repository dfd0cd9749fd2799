#!/usr/bin/env bash
# Installs what is missing, builds, and runs jiamei-server on its embedded
# RocksDB. Any flag is passed on, e.g. to serve other machines (over TLS
# only; deploy/make-certs.sh makes the files):
#   bash deploy/run.sh --listen=0.0.0.0:7070 --data_dir=/var/lib/jiamei \
#     --tls_cert=/etc/jiamei/tls/server.pem --tls_key=/etc/jiamei/tls/server.key
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jiamei_install_deps
jiamei_build --target jiamei-server jiamei
data_dir="${JIAMEI_DATA_DIR:-$JIAMEI_ROOT/data}"
# The first admin is made only on request, never with a default password:
# with $JIAMEI_ADMIN_PASSWORD set, an empty data directory gets the admin
# $JIAMEI_ADMIN_LOGIN (default "admin"); one that has operators is left as
# it is (the bootstrap step refuses it, exit 3).
if [[ -n "${JIAMEI_ADMIN_PASSWORD:-}" ]]; then
  status=0
  printf '%s\n' "$JIAMEI_ADMIN_PASSWORD" |
    "$JIAMEI_BUILD/services/jiamei-server" --data_dir="$data_dir" \
      --bootstrap_admin="${JIAMEI_ADMIN_LOGIN:-admin}" || status=$?
  [[ $status == 0 || $status == 3 ]] || exit "$status"
fi
exec "$JIAMEI_BUILD/services/jiamei-server" \
  --listen="${JIAMEI_LISTEN:-127.0.0.1:7070}" \
  --data_dir="$data_dir" "$@"
