#!/usr/bin/env bash
# CI step, the gate job: merges the shards' results into merged.json, renders
# junit.xml, kcidb.json, matrix.html and summary.md (appended to
# $GITHUB_STEP_SUMMARY when there is one), then gates:
#   - `diff merged.json`: each patch against the step before it (patch 0 is
#     the base); a patch that breaks a cell that passed before it fails the
#     gate;
#   - `diff BASELINE merged.json` when VFIO_CONFORMANCE_BASELINE names a file
#     that exists (a results document kept in the kernel repository).
# The reports are written before the gate so a failing gate still publishes
# them. VFIO_CONFORMANCE_KCIDB_VALIDATE=1 also checks kcidb.json against the
# KCIDB schema (ci/kcidb-validate.sh, from PyPI).
# Exit: 0 the gate passed; otherwise the first failing diff's status (1 a
# regression or a new crash, 4 no cells in common), or 2 on bad input.
# Usage: ci/kernel/gate.sh SHARD.json ...
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: ci/kernel/gate.sh SHARD.json ..." >&2; exit 2; }
harness=$(cd "$(dirname "$0")/../.." && pwd)
bin=$harness/.build-guest/release/vfio-conformance
[ -x "$bin" ] || { echo "ci/kernel/gate: $bin is not built (run ci/kernel/install.sh)" >&2; exit 2; }

"$bin" merge "$@" --results merged.json --format table > merged.txt || true
"$bin" report merged.json --format junit > junit.xml
"$bin" report merged.json --format kcidb > kcidb.json
"$bin" report merged.json --html matrix.html
"$bin" report merged.json --format markdown > summary.md
if [ "${VFIO_CONFORMANCE_KCIDB_VALIDATE:-0}" = 1 ]; then bash "$harness/ci/kcidb-validate.sh" kcidb.json; fi

# With no patch after the base there is nothing to compare it with.
steps=$(python3 -c 'import json, sys; print(len({(c.get("patch") or {}).get("index", 0) for c in json.load(open(sys.argv[1]))["cells"]}))' merged.json)
gate=0
{
  echo
  echo "## Gate"
  echo
  echo '```'
  if [ "$steps" -gt 1 ]; then
    echo "\$ vfio-conformance diff merged.json   # each patch against the step before it"
    status=0; "$bin" diff merged.json || status=$?
    echo "exit $status"; [ "$gate" != 0 ] || gate=$status
  else
    echo "no patches on top of the base: nothing to compare it with"
  fi
  baseline=${VFIO_CONFORMANCE_BASELINE:-}
  if [ -n "$baseline" ] && [ -f "$baseline" ]; then
    echo "\$ vfio-conformance diff $baseline merged.json"
    status=0; "$bin" diff "$baseline" merged.json || status=$?
    echo "exit $status"; [ "$gate" != 0 ] || gate=$status
  elif [ -n "$baseline" ]; then
    echo "no baseline at $baseline: not compared"
  fi
  echo '```'
} > gate.md 2>&1 || true
cat gate.md
cat gate.md >> summary.md
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat summary.md >> "$GITHUB_STEP_SUMMARY"; fi
echo "ci/kernel/gate: $([ "$gate" = 0 ] && echo passed || echo "failed (exit $gate)")"
exit "$gate"
