#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the test suite
# (unit tests and integration tests against the real server binary).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jiamei_install_deps
jiamei_build
cd "$JIAMEI_BUILD"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
