#!/usr/bin/env bash
# Fault injection: interrupts a patched lab run with SIGINT or SIGTERM at
# random moments (configure, build, guest boot, cell streaming, revert) and,
# once, during the first unpack of a kernel tarball, then checks after each:
# the tree is pristine (the patch not applied, no .orig/.rej files, no patch
# record left), no QEMU, make or tar of the run is left, the run said it was
# interrupted (exit 130). At the end an unpatched run must pass. Ends with
# "interrupt: N passed, N failed".
# Usage: ci/interrupt.sh [COUNT] [BINARY]   COUNT interrupts (default 20), SEED=n to repeat.
set -uo pipefail
cd "$(dirname "$0")/.."
count=${1:-20}
bin=${2:-.build-guest/release/vfio-conformance}
seed=${SEED:-$RANDOM}
RANDOM=$seed
patch=Fixtures/mutants/07-noiommu-check-extension-ignores-mode.patch
cache=${VFIO_CONFORMANCE_CACHE:-$HOME/.cache/vfio-conformance}
tree=$cache/source/linux-source-6.12
run=(--matrix --vm --variants legacy --topologies noiommu --scenarios 'group/*' --cache "$cache")
log=$(mktemp -d)
echo "interrupt: seed $seed, $count interrupts, logs in $log"

# Each run gets a series of its own: the mutant and a patch that touches
# vfio_main.c with the run's number, so nothing is cached and every run
# patches, configures, builds, boots, streams cells and reverts.
series() {
  local dir=$log/series-$1 file=drivers/vfio/vfio_main.c
  mkdir -p "$dir" "$log/touch-$1/a/drivers/vfio" "$log/touch-$1/b/drivers/vfio"
  cp "$patch" "$dir/0001-mutant.patch"
  cp "$tree/$file" "$log/touch-$1/a/$file"
  { echo "/* interrupt run $1 */"; cat "$tree/$file"; } > "$log/touch-$1/b/$file"
  (cd "$log/touch-$1" && diff -u "a/$file" "b/$file") > "$dir/0002-touch.patch"
  echo "$dir"
}

# A first run warms the cache; its duration bounds the moments drawn.
"$bin" "${run[@]}" > "$log/warm-base.txt" 2>&1
start=$(date +%s.%N)
"$bin" "${run[@]}" --patches "$(series 0)" > "$log/warm.txt" 2>&1
warm=$(echo "$(date +%s.%N) - $start" | bc)
echo "interrupt: a patched run with one rebuilt file takes ${warm%.*} s"

# Children of runs on CACHE (default: the one under test) still alive; other
# runs on this machine, on other caches, are not this run's.
leftovers() {
  local on=${1:-$cache}
  pgrep -f "qemu-system-x86_64.*$on/|make -C $on/source/|make -C $tree |tar -xf .* -C $on/source" | tr '\n' ' '
}
pristine() {
  local problems=()
  patch -p1 -d "$tree" --dry-run --forward --batch --quiet -i "$PWD/$patch" >/dev/null 2>&1 || problems+=("the patch is applied")
  head -1 "$tree/drivers/vfio/vfio_main.c" | grep -q '^/\* interrupt run' && problems+=("the touch patch is applied")
  [ -z "$(find "$tree/drivers" "$tree/include" \( -name '*.orig' -o -name '*.rej' \) -print -quit)" ] || problems+=(".orig/.rej files")
  # One journal directory per tree ever patched (the kernel-repo proof adds one): look for records, not directories.
  [ -z "$(find "$cache/applied" -type f 2>/dev/null)" ] || problems+=("a patch record is left")
  local left; left=$(leftovers)
  [ -z "$left" ] || problems+=("children left: $left")
  printf '%s' "${problems[*]}"
}

passed=0 failed=0
for i in $(seq 1 "$count"); do
  signal=$([ $((RANDOM % 2)) = 0 ] && echo INT || echo TERM)
  if [ "$i" = 1 ]; then
    # The unpack: a fresh cache, killed while tar writes.
    fresh=$(mktemp -d)
    "$bin" --matrix --vm --variants legacy --cache "$fresh" > "$log/$i.txt" 2>&1 &
    pid=$!
    for _ in $(seq 100); do [ -d "$fresh/source" ] && break; sleep 0.1; done
    sleep 2
    kill -s "$signal" "$pid"; wait "$pid"; status=$?
    sleep 0.5
    problems=$( [ -z "$(leftovers "$fresh")" ] || echo "tar left"; [ -e "$fresh/source/linux-source-6.12/.vfio-conformance-unpacked" ] && echo "a partial tree is stamped whole")
    rm -rf "$fresh"
    moment="unpack"
  else
    delay=$(echo "scale=2; $((RANDOM % 1000)) * $warm / 1000 + 0.5" | bc)
    dir=$(series "$i")
    "$bin" "${run[@]}" --patches "$dir" > "$log/$i.txt" 2>&1 &
    pid=$!
    sleep "$delay"
    kill -s "$signal" "$pid" 2>/dev/null; wait "$pid"; status=$?
    sleep 0.5
    problems=$(pristine)
    # What the run was doing: its last progress line before the signal.
    doing=$(grep -v '^vfio-conformance: interrupted\|^Error' "$log/$i.txt" | tail -1 | cut -c1-70)
    moment="after ${delay} s (${doing:-starting})"
  fi
  # 130: interrupted; 0 or 1: the run had finished (mutant killed) before the signal.
  case "$status" in 130|0|1) ;; *) problems="$problems exit $status";; esac
  if [ -z "$problems" ]; then
    passed=$((passed + 1)); echo "ok $i SIG$signal $moment (exit $status)"
  else
    failed=$((failed + 1)); echo "not ok $i SIG$signal $moment (exit $status): $problems"; tail -3 "$log/$i.txt" | sed 's/^/    /'
  fi
done

# The next run after all that is correct: the unpatched kernel passes.
"$bin" "${run[@]}" > "$log/after.txt" 2>&1; status=$?
if [ "$status" = 0 ] && [ -z "$(pristine)" ]; then passed=$((passed + 1)); echo "ok the next run passes"; else failed=$((failed + 1)); echo "not ok the next run: exit $status"; tail -5 "$log/after.txt"; fi
echo "interrupt: $passed passed, $failed failed (seed $seed)"
[ "$failed" = 0 ]
