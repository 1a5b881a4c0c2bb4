#!/usr/bin/env bash
# The whole mutation check: every patch in Fixtures/mutants built in the
# shared tree and run on the variants its header names (each guest stops
# at its first kill; --every-cell runs them all), the unmodified kernel
# alongside; 19-21 also on the plain variants they must survive. Prints
# the kill table; exits 1 if a mutant survived or a tier-only one was
# killed by a plain kernel, 2 if the unmodified kernel was not clean. Extra arguments go to
# `vfio-conformance mutants` (e.g. --only 03,07).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
exec .build-guest/release/vfio-conformance mutants "$@"
