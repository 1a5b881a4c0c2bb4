#!/usr/bin/env bash
# Captures real kernel reports from a QEMU guest into
# Fixtures/kmsg/captured-<name>.txt, with the kinds the trigger is known to
# produce in the "# expect:" header: the classifier tests then run on real
# guest text. Each entry is "TRIGGER KINDS": an lkdtm crash type, or
# MODULE:PARAM=VALUE,... for a self-test module that provokes its checker on
# load. VARIANT=debug captures the checkers' reports on the checker tier's
# kernel (2 vCPUs); either variant must be built first (run the matrix,
# with --depth for debug).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/debug/vfio-conformance}
variant=${VARIANT:-legacy}
suffix=$([ "$variant" = legacy ] || echo "-$variant")
entries=("$@")
if [ ${#entries[@]} -eq 0 ] && [ "$variant" = debug ]; then
  entries=("READ_AFTER_FREE kasan" "KFENCE_READ_AFTER_FREE kfence" "ARRAY_BOUNDS ubsan"
    "CORRUPT_LIST_ADD list-corruption" "SPINLOCKUP lockdep,sleep-in-atomic"
    "rcutorture:object_debug=1 odebug")
elif [ ${#entries[@]} -eq 0 ]; then
  entries=("BUG bug" "WARNING warning" "EXCEPTION oops" "REFCOUNT_INC_OVERFLOW refcount"
    "REFCOUNT_DEC_ZERO refcount" "SOFTLOCKUP soft-lockup" "HUNG_TASK hung-task" "PANIC panic")
fi
for entry in "${entries[@]}"; do
  trigger=${entry%% *} kinds=${entry#* }
  name=$(echo "${trigger%%:*}" | tr 'A-Z_' 'a-z-')
  out=Fixtures/kmsg/captured-$name$suffix.txt
  echo "capturing $trigger -> $out"
  { echo "# expect: $kinds"
    echo "# Captured from a QEMU guest (Debian 6.12 source, $variant variant): $trigger."
    "$bin" capture-log --variant "$variant" "$trigger"; } > "$out.tmp"
  mv "$out.tmp" "$out"
done
