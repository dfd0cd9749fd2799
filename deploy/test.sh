#!/usr/bin/env bash
# Installs what is missing, builds, and runs the test suite (unit tests and
# integration tests against the real server binary) twice over:
#   1. the normal build (GCC, RelWithDebInfo) in build/;
#   2. a clang build with AddressSanitizer, UndefinedBehaviorSanitizer and
#      -Wthread-safety -Werror in build-sanitize/: every test again, and any
#      sanitizer report (in a test or in a server it starts) fails it.
# Usage: bash deploy/test.sh [--quick | --sanitize] [--help]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: bash deploy/test.sh [--quick | --sanitize]
  (no flag)   the normal build and its tests, then the sanitized build and
              its tests (what CI runs)
  --quick     only the normal build (build/) and its tests
  --sanitize  only the clang ASan/UBSan/thread-safety build
              (build-sanitize/) and its tests
  --help      this text
USAGE
}

normal=1
sanitize=1
for arg in "$@"; do
  case "$arg" in
    --quick) sanitize=0 ;;
    --sanitize) normal=0 ;;
    --help | -h) usage; exit 0 ;;
    *) echo "deploy/test.sh: unknown flag $arg" >&2; usage >&2; exit 2 ;;
  esac
done
if ((normal == 0 && sanitize == 0)); then
  echo "deploy/test.sh: --quick and --sanitize exclude each other" >&2
  exit 2
fi

run_tests() {
  (cd "$JIAMEI_BUILD" && ctest --output-on-failure --parallel "$(nproc)" \
    --timeout 600)
}

if ((sanitize)); then
  jiamei_install_deps "${JIAMEI_SANITIZE_PACKAGES[@]}"
else
  jiamei_install_deps
fi

if ((normal)); then
  echo "== normal build ($JIAMEI_BUILD)"
  jiamei_build
  run_tests
fi

if ((sanitize)); then
  JIAMEI_BUILD="$JIAMEI_ROOT/build-sanitize"
  echo "== clang build with ASan, UBSan and -Wthread-safety ($JIAMEI_BUILD)"
  # CXX is read when build-sanitize is first configured, then kept.
  # -O1 and line tables only: what ASan's reports need, at less build time.
  JIAMEI_CMAKE_FLAGS=(-DJIAMEI_SANITIZE=ON
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG")
  CXX=clang++ jiamei_build
  # Every report ends the process with a failure (halt_on_error; the build
  # has -fno-sanitize-recover=all). Leaks are checked; the suppressions
  # name only third-party libraries' objects that live until exit.
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  export LSAN_OPTIONS="suppressions=$JIAMEI_ROOT/deploy/lsan.supp:print_suppressions=0"
  run_tests
fi
