#!/usr/bin/env bash
# Builds and installs jiamei as a systemd service on this machine, serving
# TLS on 0.0.0.0:7070 (see deploy/jiamei.env).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jiamei_install_deps
jiamei_build --target jiamei-server jiamei
install -m 0755 "$JIAMEI_BUILD/services/jiamei-server" "$JIAMEI_BUILD/clients/jiamei" /usr/local/bin/
id jiamei >/dev/null 2>&1 || useradd --system --home /var/lib/jiamei --shell /usr/sbin/nologin jiamei
install -d -o jiamei -g jiamei -m 0750 /var/lib/jiamei
install -d -m 0755 /etc/jiamei
[[ -f /etc/jiamei/jiamei.env ]] || install -m 0644 "$JIAMEI_ROOT/deploy/jiamei.env" /etc/jiamei/jiamei.env
# TLS for a first install: the county CA and the server's certificate for
# the names clients use ($JIAMEI_TLS_NAMES, default localhost, 127.0.0.1 and
# this host's name); existing files are kept.
read -r -a tls_names <<<"${JIAMEI_TLS_NAMES:-localhost 127.0.0.1 $(hostname -f 2>/dev/null || hostname)}"
bash "$JIAMEI_ROOT/deploy/make-certs.sh" --group=jiamei "${tls_names[@]/#/--name=}" /etc/jiamei/tls
install -m 0644 "$JIAMEI_ROOT/deploy/jiamei.service" /etc/systemd/system/jiamei.service
systemctl daemon-reload
systemctl enable --now jiamei
