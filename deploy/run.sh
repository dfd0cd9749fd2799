#!/usr/bin/env bash
# Installs what is missing, builds, and runs jiamei-server on its embedded
# RocksDB. Any flag is passed on, e.g.:
#   bash deploy/run.sh --listen=0.0.0.0:7070 --data_dir=/var/lib/jiamei
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jiamei_install_deps
jiamei_build --target jiamei-server jiamei
exec "$JIAMEI_BUILD/services/jiamei-server" \
  --listen="${JIAMEI_LISTEN:-127.0.0.1:7070}" \
  --data_dir="${JIAMEI_DATA_DIR:-$JIAMEI_ROOT/data}" "$@"
