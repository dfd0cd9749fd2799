#!/usr/bin/env bash
# Makes, with openssl, what a first install of jiamei needs for TLS: a
# county CA, a server certificate and terminal certificates signed by it.
# Run it again to make what is missing: existing keys and certificates are
# kept unless --renew or --force says otherwise.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: deploy/make-certs.sh [options] [DIR]

Writes into DIR (default /etc/jiamei/tls):
  ca.pem, ca.key                the county CA (10 years); give ca.pem to
                                every client (jiamei --tls_ca=ca.pem) and to
                                the server (--tls_client_ca=ca.pem) to
                                require terminal certificates
  server.pem, server.key        the server's certificate (--tls_cert, --tls_key)
  terminal-N.pem, terminal-N.key  a desk terminal's certificate, N = 1, 2, ...
                                (jiamei --tls_cert=... --tls_key=...)
Keys are EC P-256, readable by their owner only (server.key also by
--group). Files are written whole (a temporary file, then rename), so a
running server never reads half of one.

options:
  --name=NAME     a DNS name or IP address clients reach the server by; repeat
                  for several (default: localhost and 127.0.0.1)
  --terminals=N   make terminal certificates terminal-1 ... terminal-N
                  (default 0; existing ones are kept)
  --county=TEXT   the CA's name (default "jiamei county CA")
  --days=N        life of server and terminal certificates (default 825)
  --group=GROUP   make server.key readable by GROUP too (e.g. jiamei, the
                  service's user)
  --renew         make new server and terminal certificates (new serial and
                  dates, the --name list given) for their existing keys; the
                  CA stays. A running server picks them up within
                  --tls_reload_seconds.
  --force         make everything anew, the CA and every key included (every
                  client then needs the new ca.pem)
  -h, --help      this text
EOF
}

dir=/etc/jiamei/tls
names=()
terminals=0
county="jiamei county CA"
days=825
group=""
renew=false
force=false
for arg in "$@"; do
  case "$arg" in
    --name=*) names+=("${arg#*=}") ;;
    --terminals=*) terminals="${arg#*=}" ;;
    --county=*) county="${arg#*=}" ;;
    --days=*) days="${arg#*=}" ;;
    --group=*) group="${arg#*=}" ;;
    --renew) renew=true ;;
    --force) force=true ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "make-certs.sh: unknown option $arg" >&2; usage >&2; exit 2 ;;
    *) dir="$arg" ;;
  esac
done
if ((${#names[@]} == 0)); then names=(localhost 127.0.0.1); fi
if ! [[ "$terminals" =~ ^[0-9]+$ && "$days" =~ ^[1-9][0-9]*$ ]]; then
  echo "make-certs.sh: --terminals and --days take whole numbers" >&2
  exit 2
fi
command -v openssl >/dev/null || {
  echo "make-certs.sh: openssl is missing (apt-get install openssl)" >&2
  exit 2
}

mkdir -p "$dir"
umask 077
work="$(mktemp -d "$dir/.make-certs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# subjectAltName for the --name list: IP:... for addresses, DNS:... others.
alt_names() {
  local list=() name
  for name in "${names[@]}"; do
    if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then
      list+=("IP:$name")
    else
      list+=("DNS:$name")
    fi
  done
  local IFS=,
  echo "${list[*]}"
}

cat >"$work/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $(alt_names)
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[terminal_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# Moves the finished files from the work folder into $dir.
install_files() {
  local file
  for file in "$@"; do mv -f "$work/$file" "$dir/$file"; done
}

# make NAME SUBJECT EXTENSIONS LIFE_DAYS [SIGNER]: NAME.key (made unless it
# exists and --force is not given) and NAME.pem, signed by SIGNER's key, or
# self-signed without one.
make() {
  local name="$1" subject="$2" ext="$3" life="$4" signer="${5:-}"
  local key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout "$work/$name.key")
  local made_key=true
  if [[ -f "$dir/$name.key" ]] && ! $force; then
    key=(-key "$dir/$name.key")
    made_key=false
  fi
  local sign=()
  if [[ -n "$signer" ]]; then sign=(-CA "$dir/$signer.pem" -CAkey "$dir/$signer.key"); fi
  openssl req -new -x509 -noenc -config "$work/openssl.cnf" -extensions "$ext" \
    -subj "$subject" -days "$life" "${key[@]}" "${sign[@]}" \
    -out "$work/$name.pem" 2>"$work/openssl.err" || {
    cat "$work/openssl.err" >&2
    exit 1
  }
  if $made_key; then
    install_files "$name.key" "$name.pem"
    echo "made $dir/$name.key and $dir/$name.pem"
  else
    install_files "$name.pem"
    echo "made $dir/$name.pem (for the existing $name.key)"
  fi
}

# Whether NAME.pem is to be made: missing, or asked for with --renew (if
# RENEWABLE) or --force.
wanted() {
  local name="$1" renewable="$2"
  if [[ ! -f "$dir/$name.pem" ]] || $force || { $renewable && $renew; }; then
    return 0
  fi
  echo "kept $dir/$name.pem"
  return 1
}

remade_ca=false
if wanted ca false; then
  make ca "/O=$county/CN=$county" ca_ext 3650
  remade_ca=true
fi
# A new CA has not signed the old certificates: they are made again.
if $remade_ca; then force=true; fi
if wanted server true; then
  make server "/O=$county/CN=${names[0]}" server_ext "$days" ca
fi
if [[ -n "$group" ]]; then
  chgrp "$group" "$dir/server.key"
  chmod 0640 "$dir/server.key"
fi
for ((i = 1; i <= terminals; i++)); do
  if wanted "terminal-$i" true; then
    make "terminal-$i" "/O=$county/CN=terminal-$i" terminal_ext "$days" ca
  fi
done
chmod 0644 "$dir"/*.pem
