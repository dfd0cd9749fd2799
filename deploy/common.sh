# Shared by deploy/run.sh and deploy/test.sh: install what is missing from
# Debian 12's packages, then build. Safe to run again and again.
set -euo pipefail

JIAMEI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JIAMEI_BUILD="${JIAMEI_BUILD:-$JIAMEI_ROOT/build}"

JIAMEI_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev libgrpc-dev protobuf-compiler protobuf-compiler-grpc
  libprotobuf-dev libabsl-dev librocksdb-dev libssl-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev prometheus-cpp-dev
  libxlsxwriter-dev python3-openpyxl
)
# What deploy/test.sh's sanitized build adds: clang (which also checks the
# thread-safety annotations) and its ASan/UBSan runtimes.
JIAMEI_SANITIZE_PACKAGES=(clang libclang-rt-14-dev)

# Installs the missing ones of JIAMEI_PACKAGES and of any packages named.
jiamei_install_deps() {
  local missing=()
  for pkg in "${JIAMEI_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  echo "installing: ${missing[*]}"
  local sudo=""
  if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# Configures $JIAMEI_BUILD (with the extra cmake flags in
# JIAMEI_CMAKE_FLAGS), then builds it (the build tool's arguments given,
# e.g. --target jiamei-server).
JIAMEI_CMAKE_FLAGS=()
jiamei_build() {
  cmake -S "$JIAMEI_ROOT" -B "$JIAMEI_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE="${JIAMEI_BUILD_TYPE:-RelWithDebInfo}" \
    "${JIAMEI_CMAKE_FLAGS[@]}" >/dev/null
  cmake --build "$JIAMEI_BUILD" --parallel "$(nproc)" "$@"
}
