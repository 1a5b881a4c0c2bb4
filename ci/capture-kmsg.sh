#!/usr/bin/env bash
# Captures real kernel reports from a QEMU guest (lkdtm provokes each one)
# into Fixtures/kmsg/captured-<kind>.txt, with the kind the trigger is
# known to produce in the "# expect:" header: the classifier tests then run
# on real guest text. Needs a built legacy variant (run the matrix first).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/debug/vfio-conformance}
# trigger:kind pairs (arguments pick some); each kind is what that lkdtm
# entry makes the kernel print.
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(BUG:bug WARNING:warning EXCEPTION:oops REFCOUNT_INC_OVERFLOW:refcount
  REFCOUNT_DEC_ZERO:refcount SOFTLOCKUP:soft-lockup HUNG_TASK:hung-task PANIC:panic)
for pair in "${pairs[@]}"; do
  trigger=${pair%%:*} kind=${pair##*:}
  out=Fixtures/kmsg/captured-$(echo "$trigger" | tr 'A-Z_' 'a-z-').txt
  echo "capturing $trigger -> $out"
  { echo "# expect: $kind"
    echo "# Captured from a QEMU guest (Debian 6.12 source, legacy variant): lkdtm $trigger."
    "$bin" capture-log "$trigger"; } > "$out.tmp"
  mv "$out.tmp" "$out"
done
