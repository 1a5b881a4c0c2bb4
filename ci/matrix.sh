#!/usr/bin/env bash
# The main job: build the default kernel variants from Debian's
# linux-source-6.12, run the scenario matrix in QEMU guests, print the matrix.
# Extra arguments go to `vfio-conformance --matrix --vm` (e.g. --variants,
# --patches, --format mail, --results FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
swift build -c release --product vfio-conformance
exec .build/release/vfio-conformance --matrix --vm "$@"
