#!/usr/bin/env bash
# The main job: build the default kernel variants from Debian's 6.12 and
# from Debian's 7.3, the kernel that carries the noiommu cdev series (pinned,
# so results do not move when the archive does), run the scenario matrix in
# QEMU guests, print the matrix. KERNELS overrides the list; extra arguments
# go to `vfio-conformance --matrix --vm` (e.g. --variants, --patches,
# --format mail, --results FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
KERNELS=${KERNELS:-debian-6.12,debian-7.3=7.3.4-1~bpo13+1}
bash ci/install-deps.sh --kernels "$KERNELS"
# One static release build serves the host and the guests (the lab finds it up to date).
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
exec .build-guest/release/vfio-conformance --matrix --vm --kernels "$KERNELS" "$@"
