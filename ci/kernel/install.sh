#!/usr/bin/env bash
# CI step: makes the harness checkout this script is in ready to run as a
# tool: its dependencies (ci/install-deps.sh), then the one static release
# binary that serves the host and the guests, in .build-guest where the lab
# looks for it (so it does not build a second one).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash ci/install-deps.sh
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
echo "ci/kernel/install: $PWD/.build-guest/release/vfio-conformance ($(git rev-parse HEAD 2>/dev/null || echo 'not a git checkout'))"
