#!/usr/bin/env bash
# Builds and installs jiamei as a systemd service on this machine.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jiamei_install_deps
jiamei_build --target jiamei-server jiamei
install -m 0755 "$JIAMEI_BUILD/services/jiamei-server" "$JIAMEI_BUILD/clients/jiamei" /usr/local/bin/
id jiamei >/dev/null 2>&1 || useradd --system --home /var/lib/jiamei --shell /usr/sbin/nologin jiamei
install -d -o jiamei -g jiamei -m 0750 /var/lib/jiamei
install -d -m 0755 /etc/jiamei
[[ -f /etc/jiamei/jiamei.env ]] || install -m 0644 "$JIAMEI_ROOT/deploy/jiamei.env" /etc/jiamei/jiamei.env
install -m 0644 "$JIAMEI_ROOT/deploy/jiamei.service" /etc/systemd/system/jiamei.service
systemctl daemon-reload
systemctl enable --now jiamei
