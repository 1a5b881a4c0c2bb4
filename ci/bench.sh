#!/usr/bin/env bash
# Benchmark (not a test): every speed figure the project tracks, written to
# docs/performance.md with the date, the machine and, beside each figure,
# the one the file held before, so a regression in speed shows as a change
# in that file. Timings never go into tests or the README.
#
#   ci/bench.sh [STAGE...]     stages, in this order (default: all):
#     main-cold   the main job (ci/matrix.sh) on a fresh cache: each kernel's
#                 cold build, each further variant, guests, the whole job
#     main-warm   the same job again on that cache: cells only
#     estimate    how far the warm run's estimate was off at 10% of its cells
#     inner-loop  one scenario edited, the guest binary rebuilt, its one cell
#                 rerun (--scenarios X --variants legacy --topologies noiommu)
#     each-patch  a 3-patch series patch by patch (ci/bench-each-patch.sh)
#     tier        the checker tier's debug variant on 6.12
#     mutants     the whole kill table (vfio-conformance mutants), without
#                 debug info as ci/test.sh runs its subset (warm trees)
#     bare-boot   a guest run against a bare boot of the same kernel
#     races       each race's rounds a second against its bare C replay
#                 (ci/bench-races.sh: legacy with 2 vCPUs, and debug)
#
# BENCH_CACHE reuses a cache (its figures then say so); without it the
# stages share a fresh one under /tmp. KERNELS: the main job's kernels
# (default the main job's own). A stage not run keeps its rows from before.
set -euo pipefail
cd "$(dirname "$0")/.."
all="main-cold main-warm estimate inner-loop each-patch tier mutants bare-boot races"
stages=${*:-$all}
for stage in $stages; do
  case " $all " in *" $stage "*) ;; *) echo "ci/bench.sh: no stage $stage (stages: $all)" >&2; exit 2 ;; esac
done
bash ci/install-deps.sh >/dev/null
bin=.build-guest/release/vfio-conformance
guest() { swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest >/dev/null; }
guest
warmth=${BENCH_CACHE:+a warm cache}
cache=${BENCH_CACHE:-$(mktemp -d /tmp/vfio-conformance-bench.XXXXXX)}
mkdir -p "$cache"
figures=$cache/figures.txt
: > "$figures"
echo "cache: $cache (nproc $(nproc))"
row() { echo "$1: $2" | tee -a "$figures"; }
# The seconds a command took, its output in $cache/NAME.log.
timed() { local name=$1 start; shift; start=$(date +%s.%N)
  "$@" >"$cache/$name.log" 2>&1 || echo "(exit $?)" >>"$cache/$name.log"
  python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)"; }
clock() { python3 -c "import sys; s=int(sys.argv[1]); print(f'{s//60}m{s%60:02d}s' if s >= 60 else f'{s}s')" "$1"; }

main_job() { VFIO_CONFORMANCE_CACHE=$cache ${KERNELS:+KERNELS=$KERNELS} bash ci/matrix.sh --results "$cache/main.json" --format table; }
# Per kernel: the first variant's build and the mean of the others.
builds() {
  python3 - "$cache/$1.log" "$2" <<'PY'
import re, statistics, sys
text, label = open(sys.argv[1]).read(), sys.argv[2]
def seconds(s):
    m = re.fullmatch(r"(?:(\d+)m)?(\d+)s", s)
    return int(m.group(1) or 0) * 60 + int(m.group(2))
kernels = {}
for kernel, variant, took in re.findall(r"kernel ([^/\s]+)/(\S+): built in (\S+)", text):
    kernels.setdefault(kernel, []).append((variant, seconds(took)))
for kernel, built in kernels.items():
    print(f"{label} {kernel}, first variant ({built[0][0]}): {built[0][1] // 60}m{built[0][1] % 60:02d}s")
    if len(built) > 1:
        print(f"{label} {kernel}, further variants: mean {statistics.mean(s for _, s in built[1:]):.0f}s over {len(built) - 1}")
guests = re.findall(r"guest \S+: .* first cell after ([\d.]+)s", text)
if guests:
    firsts = sorted(map(float, guests))
    print(f"{label} guest boot to first cell: median {statistics.median(firsts):.1f}s (min {firsts[0]:.1f}, max {firsts[-1]:.1f}, {len(firsts)} guests)")
PY
}
cells() { python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['cells']; print(len(c), 'cells,', sum(x['outcome']=='pass' for x in c), 'pass')" "$1"; }

for stage in $stages; do
  echo "== $stage"
  case $stage in
    main-cold)
      [ -z "${BENCH_CACHE:-}" ] || { echo "main-cold: skipped, BENCH_CACHE is warm"; continue; }
      s=$(timed main-cold main_job)
      row "main job, fresh cache (${KERNELS:-the default kernels}; apt packages already installed)" "$(clock "$s") ($(cells "$cache/main.json"))"
      builds main-cold "cold build" | tee -a "$figures" ;;
    main-warm)
      s=$(timed main-warm main_job)
      row "main job, ${warmth:-the cache main-cold left}" "$(clock "$s") ($(cells "$cache/main.json"))" ;;
    estimate)
      line=$(grep -ho "estimate: at 10% .*" "$cache/main-warm.log" | tail -1 || true)
      row "estimate on the warm main job" "${line#estimate: }" ;;
    inner-loop)
      file=Sources/Engine/Scenarios/GroupScenarios.swift first=${KERNELS:-debian-6.12}; first=${first%%,*}
      cp "$file" "$cache/scenario.swift"
      trap 'cp "$cache/scenario.swift" '"$file" EXIT
      # The README's inner loop: one static debug build serves the host and the guest.
      swift build --static-swift-stdlib --product vfio-conformance --scratch-path .build-dev >/dev/null
      sed -i 's/a noiommu group taints the kernel with TAINT_USER/&, bench '"$(date +%s)"'/' "$file"
      s=$(timed inner-loop sh -c "swift build --static-swift-stdlib --product vfio-conformance --scratch-path .build-dev \
        && .build-dev/debug/vfio-conformance --matrix --vm --guest-binary .build-dev/debug/vfio-conformance --cache '$cache' \
           --scenarios group/taint --variants legacy --topologies noiommu --kernels '$first'")
      cp "$cache/scenario.swift" "$file"; trap - EXIT
      guest
      row "inner loop (one scenario edited, Swift rebuilt, its cell rerun)" "${s}s" ;;
    each-patch)
      BENCH_CACHE=$cache bash ci/bench-each-patch.sh > "$cache/each-patch.log" 2>&1 || true
      row "each-patch, 3 patches, legacy, warm" "$(grep -o 'per patch.*' "$cache/each-patch.log" || echo 'not measured: see '"$cache/each-patch.log")" ;;
    tier)
      s=$(timed tier "$bin" --matrix --vm --variants debug --kernels debian-6.12 --cache "$cache" --results "$cache/tier.json" --format table)
      row "checker tier on 6.12 (${warmth:-a fresh cache})" "$(clock "$s") ($(cells "$cache/tier.json"))" ;;
    mutants)
      s=$(timed mutants "$bin" mutants --no-debug-info --cache "$cache" --results "$cache/mutants.json")
      row "the whole kill table ($(ls Fixtures/mutants/*.patch | wc -l) mutants, no debug info)" "$(clock "$s") ($(grep -o '[0-9]* of [0-9]* mutants killed' "$cache/mutants.log" || echo 'no kill table: see the log'))" ;;
    bare-boot)
      "$bin" bare-boot --cache "$cache" --variant legacy --count 5 > "$cache/bare.txt" 2>&1 || true
      row "bare boot (init powers off), 5 boots" "$(tail -1 "$cache/bare.txt")" ;;
    races)
      BENCH_CACHE=$cache bash ci/bench-races.sh > "$cache/races.log" 2>&1 || true
      for variant in legacy debug; do
        row "race rounds/s against the bare loop, 6.12 $variant (worst, best)" "$(python3 - "$cache/races.log" "$variant" <<'PY'
import re, sys
rows = [l.split() for l in open(sys.argv[1]) if re.match(r"\S+/" + sys.argv[2] + r"/", l)]
if not rows: print("not measured: see the races log"); sys.exit()
rows.sort(key=lambda r: float(r[3]))
# ci/bench-races.sh prints its last line, which says over how many guests, with its rows.
guests = re.search(r"medians over \d+ guests", open(sys.argv[1]).read())[0]
print(f"ratio {rows[-1][3]} ({rows[-1][0].split('/', 3)[-1]}), {rows[0][3]} ({rows[0][0].split('/', 3)[-1]}); {len(rows)} cells, {guests}")
PY
)"
      done ;;
  esac
done

# docs/performance.md: this run's rows beside the ones they replace; rows of stages not run stay.
mkdir -p docs
python3 - "$figures" docs/performance.md "$(date -u +%Y-%m-%d)" "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" <<'PY'
import os, re, sys
figures, target, date, machine = sys.argv[1:]
rows = {}
if os.path.exists(target):
    for line in open(target):
        m = re.match(r"\| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$", line)
        if m and m.group(1) != "figure":
            rows[m.group(1)] = [m.group(2), m.group(3), m.group(4)]
for line in open(figures):
    if ": " not in line: continue
    name, value = line.rstrip("\n").split(": ", 1)
    before = rows.get(name, ["-", "-", "-"])
    rows[name] = [value, date, before[0] if before[0] != "-" else "-"]
with open(target, "w") as out:
    out.write("# Performance figures\n\nGenerated by `ci/bench.sh` (last on %s, on %s). Do not edit: rerun the script.\n\n" % (date, machine))
    out.write("| figure | value | measured | the value before |\n|---|---|---|---|\n")
    for name, (value, measured, before) in rows.items():
        out.write("| %s | %s | %s | %s |\n" % (name, value, measured, before))
PY
echo "wrote docs/performance.md"
