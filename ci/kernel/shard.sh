#!/usr/bin/env bash
# CI step, run in the kernel repository after ci/kernel/series.sh: one shard of
# the matrix (shards are over config variants) on the base and after each
# patch of series/, into shard-I.json (and its KTAP in shard-I.ktap).
# The harness is the checkout this script is in, built by ci/kernel/install.sh.
# Optional: VFIO_CONFORMANCE_VARIANTS, _TOPOLOGIES, _SCENARIOS (comma lists,
# as --variants, --topologies, --scenarios), VFIO_CONFORMANCE_CACHE.
# Cells that fail are not this job's verdict: a cell failing on the base too
# is no regression, and the gate job decides that over all shards. So exit 0
# when the shard wrote its results (the harness said 0, 1 or 4), else the
# harness's status (2: a harness error or bad input, such as a patch that
# does not apply).
# Usage: ci/kernel/shard.sh I N
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: ci/kernel/shard.sh I N" >&2; exit 2; }
harness=$(cd "$(dirname "$0")/../.." && pwd)
bin=$harness/.build-guest/release/vfio-conformance
[ -x "$bin" ] || { echo "ci/kernel/shard: $bin is not built (run ci/kernel/install.sh)" >&2; exit 2; }

arguments=(--matrix --vm --source . --shard "$1/$2" --results "shard-$1.json" --format ktap)
if compgen -G 'series/*.patch' >/dev/null; then arguments+=(--patches series --each-patch); fi
[ -z "${VFIO_CONFORMANCE_VARIANTS:-}" ] || arguments+=(--variants "$VFIO_CONFORMANCE_VARIANTS")
[ -z "${VFIO_CONFORMANCE_TOPOLOGIES:-}" ] || arguments+=(--topologies "$VFIO_CONFORMANCE_TOPOLOGIES")
[ -z "${VFIO_CONFORMANCE_SCENARIOS:-}" ] || arguments+=(--scenarios "$VFIO_CONFORMANCE_SCENARIOS")

rm -f "shard-$1.json"
status=0
"$bin" "${arguments[@]}" > "shard-$1.ktap" || status=$?
tail -n 3 "shard-$1.ktap"
case "$status" in
  0|1|4) [ -s "shard-$1.json" ] || { echo "ci/kernel/shard: exit $status but no shard-$1.json" >&2; exit 2; }
         echo "ci/kernel/shard: shard $1/$2 exit $status, results in shard-$1.json" ;;
  *) echo "ci/kernel/shard: shard $1/$2 failed (exit $status)" >&2; exit "$status" ;;
esac
