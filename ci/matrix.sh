#!/usr/bin/env bash
# The main job: build the default kernel variants from Debian's
# linux-source-6.12, run the scenario matrix in QEMU guests, print the matrix.
# Extra arguments go to `vfio-conformance --matrix --vm` (e.g. --variants,
# --patches, --format mail, --results FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
# One static release build serves the host and the guests (the lab finds it up to date).
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
exec .build-guest/release/vfio-conformance --matrix --vm "$@"
