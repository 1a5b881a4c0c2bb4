#!/usr/bin/env bash
# Audits the GitHub workflow with zizmor (PyPI, a pinned release, in the venv
# of ci/venv.sh): offline, so the audits that ask GitHub (impostor commits,
# tags that moved) are left to a machine that can reach it. Any finding fails.
# Usage: ci/zizmor.sh [WORKFLOW ...]   (default: ci/github/vfio-conformance.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/venv.sh
# Pinned: a new release brings new audits; raise it on purpose and fix what it finds.
ci_venv "zizmor==${ZIZMOR_VERSION:-1.32.0}"
[ $# -gt 0 ] || set -- ci/github/vfio-conformance.yml
"$venv/bin/zizmor" --offline --no-progress "$@"
