#!/usr/bin/env bash
# Table-driven bad-input check: each row is a command line that must be
# refused with exit 2 and a message naming the option, before any work:
# the fresh --cache directory it names is never created, no journal next
# to --results is touched, no kernel tree is unpacked. Ends with
# "bad-input: N passed, N failed".
# Usage: ci/bad-input.sh [BINARY]   (default: the release build in .build-guest)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build-guest/release/vfio-conformance}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=$work/cache
echo '{}' > "$work/garbage.json"
echo 'not json' > "$work/garbage.jsonl"
echo 'notes' > "$work/notes.txt"
echo '{"schema": 3, "run": {}, "cells": [{"schema": 3, "variant": "legacy", "topology": "noiommu", "scenario": "group/taint", "outcome": "pass", "evidence": {"invariants": [], "kernelReports": [], "steps": []}, "duration": 1, "kernel": "7.3.4"}]}' > "$work/one.json"
echo '{"precious": 1}' > "$work/keep.cells.jsonl"
# Kernel command lines for the guest verb: a plan for no catalog, and none of the host's words.
echo 'console=ttyS0 vfioc.cpus=1 vfioc.variant=legacy vfioc.topology=noiommu vfioc.plan=x vfioc.getpa=none vfioc.raceseconds=1.0 vfioc.raceseed=random vfioc.raceiterations=0 vfioc.racebare=0 vfioc.calls=0' > "$work/cmdline-bad-plan"
echo 'console=ttyS0 quiet' > "$work/cmdline-no-words"

# expected-message substring | arguments (one string, word-split; @W@ is the work directory)
rows=(
  "--variants ''|--matrix --vm --variants ''"
  "--variants ','|--matrix --vm --variants ,"
  "unknown variant \`legacyy\`|--matrix --vm --variants legacyy"
  "--topologies ''|--matrix --vm --topologies ''"
  "unknown topology \`vm\`|--matrix --vm --topologies vm"
  "--scenarios ''|--matrix --vm --scenarios ''"
  "matches no scenario|--matrix --vm --scenarios nosuch/*"
  "selects no variant|--matrix --vm --shard 9/9"
  "--shard 0/3|--matrix --vm --shard 0/3"
  "--shard x|--matrix --vm --shard x"
  "--guest-timeout 0.0|--matrix --vm --guest-timeout 0"
  "--guest-timeout -5.0|--matrix --vm --guest-timeout -5"
  "--guest-timeout nan|--matrix --vm --guest-timeout nan"
  "--jobs 0|--matrix --vm --jobs 0"
  "--vcpus 0: want a number of vCPUs from 1 to 8|--matrix --vm --vcpus 0"
  "--vcpus 9: want a number of vCPUs from 1 to 8|--matrix --vm --vcpus 9"
  "--repro $work: exists and is not empty|--matrix --vm --repro $work"
  "--repro $work/notes.txt: exists and is not a directory|--matrix --vm --repro $work/notes.txt"
  "--jobs -1|--matrix --vm --jobs -1"
  "--kernels ''|--matrix --vm --kernels ''"
  "--kernels 'debian-6.12,'|--matrix --vm --kernels debian-6.12,"
  "debian-MAJOR.MINOR|--matrix --vm --kernels debian-six"
  "install-deps.sh --kernels debian-9.9|--matrix --vm --kernels debian-9.9"
  "not a kernel tree|--matrix --vm --kernels @W@"
  "--source @W@/none|--matrix --vm --source @W@/none"
  "--source and --kernels|--matrix --vm --source @W@ --kernels debian-6.12"
  "--patches @W@/none|--matrix --vm --patches @W@/none"
  "--each-patch needs --patches|--matrix --vm --each-patch"
  "--guest-binary @W@/none|--matrix --vm --guest-binary @W@/none"
  "cannot write into @W@/none|--matrix --vm --results @W@/none/r.json"
  "not a vfio-conformance results document|--matrix --vm --results @W@/notes.txt"
  "--vm goes with --matrix|--vm"
  "--device applies to a run against the running kernel|--matrix --vm --device 0000:00:02.0"
  "--allow-host applies to a run against the running kernel|--matrix --vm --allow-host"
  "--kernels applies to building kernels and running guests: add --vm|--matrix --kernels debian-6.12"
  "--patches applies to building kernels|--matrix --patches @W@"
  "notes.txt: no diff in it|--matrix --vm --patches @W@/notes.txt"
  "legacy is named twice|--matrix --vm --variants legacy,legacy"
  "debian-6.12 is named twice|--matrix --vm --kernels debian-6.12,debian-6.12"
  "--race-seconds -1.0: want seconds above 0|--matrix --vm --race-seconds -1"
  "--race-iterations -3: want 0|--matrix --vm --race-iterations -3"
  "not a vfio-conformance results document|report @W@/garbage.json"
  "garbage.jsonl:1: not a cell|report @W@/garbage.jsonl"
  "--tested-by 'Ada <ada.example.org>': want one line \`Name <addr@host>\`|report @W@/garbage.json --format mail --tested-by 'Ada <ada.example.org>'"
  "--tested-by goes with --format mail|report @W@/garbage.json --tested-by 'Ada <ada@example.org>'"
  "unknown variant|--matrix --vm --results @W@/keep --variants legacyy"
  "not a vfio-conformance results document|diff @W@/garbage.json @W@/garbage.json"
  "--kernel: @W@/one.json has no cells of kernel 9.9.9|diff @W@/one.json --kernel 9.9.9:7.3.4"
  "The value '7.2' is invalid for '--kernel|diff @W@/one.json --kernel 7.2"
  "is installed, not the pinned 6.12.1-1|--matrix --vm --kernels debian-6.12=6.12.1-1"
  "not a vfio-conformance results document|merge @W@/garbage.json --results @W@/m.json"
  "not a vfio-conformance results document|merge @W@/garbage.json --results @W@/notes.txt"
  "--jobs 0|mutants --jobs 0"
  "--guest-timeout 0.0|mutants --guest-timeout 0"
  "--only zz: no mutant name starts with that|mutants --only zz"
  "--only '': an empty item|mutants --only ''"
  "Unknown option '--format'|mutants --format ktap"
  "Unknown option '--status-file'|--matrix --vm --status-file @W@/status"
  "Unknown option '--plan'|--matrix --vm --plan x"
  "Unknown option '--guest'|--matrix --vm --guest"
  "vfioc.plan=x: not a plan for this binary|guest --boot @W@/cmdline-bad-plan --expectations @W@/notes.txt --status-file @W@/status"
  "the kernel command line has no vfioc.cpus=|guest --boot @W@/cmdline-no-words --expectations @W@/notes.txt --status-file @W@/status"
  "--boot: |guest --boot @W@/none --expectations @W@/notes.txt --status-file @W@/status"
  "Missing expected argument '--status-file|guest --boot @W@/cmdline-no-words --expectations @W@/notes.txt"
  "Unknown option '--device'|guest --device 0000:00:02.0 --boot @W@/cmdline-no-words --expectations @W@/notes.txt --status-file @W@/status"
)

passed=0 failed=0
for row in "${rows[@]}"; do
  want=${row%%|*}
  want=${want//@W@/$work}
  args=${row#*|}
  args=${args//@W@/$work}
  eval "set -- $args"
  output=$(VFIO_CONFORMANCE_CACHE=$cache "$bin" "$@" --cache "$cache" 2>&1 </dev/null)
  status=$?
  # Subcommands without --cache reject it; run those without it.
  if grep -q "Unknown option '--cache'" <<<"$output"; then
    output=$(VFIO_CONFORMANCE_CACHE=$cache "$bin" "$@" 2>&1 </dev/null); status=$?
  fi
  problems=()
  [ "$status" = 2 ] || problems+=("exit $status, want 2")
  grep -qF -- "$want" <<<"$output" || problems+=("message lacks: $want")
  [ -e "$cache" ] && problems+=("work started: $cache was created") && rm -rf "$cache"
  [ "$(cat "$work/notes.txt")" = notes ] || problems+=("notes.txt was overwritten")
  [ -s "$work/keep.cells.jsonl" ] || problems+=("the journal keep.cells.jsonl was deleted")
  if [ ${#problems[@]} -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: vfio-conformance $args: ${problems[*]}"
    printf '%s\n' "$output" | head -3 | sed 's/^/    /'
  fi
done
echo "bad-input: $passed passed, $failed failed"
[ "$failed" = 0 ]
