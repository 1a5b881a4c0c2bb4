#!/usr/bin/env bash
# The whole mutation check: every patch in Fixtures/mutants built in the
# shared tree and run on the variants its header names, the unmodified
# kernel alongside. Prints the kill table; exits 1 if a mutant survived,
# 2 if the unmodified kernel was not clean. Extra arguments go to
# `vfio-conformance mutants` (e.g. --only 03,07).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
exec .build-guest/release/vfio-conformance mutants "$@"
