#!/usr/bin/env bash
# Benchmark (not a test): how close the harness's races come to the kernel's
# pace. For every race/* scenario, in one guest: the race as the matrix runs
# it (jitter, every answer kept, the state checked after every round), then
# the kernel calls of its last round where every call worked made again from C (--race-bare-loop: the
# same opens, ioctls, sysfs writes and the verdict's reads, on as many
# threads, from one barrier a round, nothing else between the calls) for
# as long. Each variant runs in RUNS guests (default 3): on two cores
# under TCG the same code's ratio differs between guests by up to a half,
# so a cell's figures are the medians over its guests, with each guest's
# ratio beside them. Prints both rates a second and their ratio per
# scenario and ends with `race rounds/s: worst ratio R (scenario S)`, the
# worst of the medians.
#
#   ci/bench-races.sh [VARIANT...]   default: legacy debug (plain and checker)
#
# KERNELS picks the kernels (default debian-6.12); BENCH_CACHE a cache.
# Plain variants get 2 vCPUs (--vcpus 2), as the checker tier has; one guest
# at a time (--jobs 1), so no guest takes another's CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
KERNELS=${KERNELS:-debian-6.12}
variants=${*:-legacy debug}
RUNS=${RUNS:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "ci/bench-races.sh: RUNS=$RUNS: give a whole number of guests per variant, 1 or more" >&2; exit 2; }
bash ci/install-deps.sh --kernels "$KERNELS" >/dev/null
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest >/dev/null
bin=.build-guest/release/vfio-conformance
out=$(mktemp -d /tmp/vfio-conformance-races.XXXXXX)
for variant in $variants; do
  for run in $(seq "$RUNS"); do
    "$bin" --matrix --vm --kernels "$KERNELS" --variants "$variant" --scenarios 'race/*' --vcpus 2 --jobs 1 --race-bare-loop \
      ${BENCH_CACHE:+--cache "$BENCH_CACHE"} --results "$out/$variant.$run.json" --format table --quiet > "$out/$variant.$run.txt" 2>&1 || true
  done
done
python3 - "$out" "$RUNS" $variants <<'PY'
import json, re, statistics, sys
out, runs, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
cells = {}
for variant in variants:
    for run in range(1, runs + 1):
        try:
            document = json.load(open(f"{out}/{variant}.{run}.json"))["cells"]
        except (OSError, ValueError) as error:
            sys.exit(f"ci/bench-races.sh: {variant}, run {run}: no results ({error}); see {out}/{variant}.{run}.txt")
        for cell in document:
            steps = {step["name"]: step["observed"] for step in cell["evidence"].get("steps", [])}
            bare = re.search(r": ([\d.]+)/s, the harness ([\d.]+)/s, ratio ([\d.]+)", steps.get("bare loop", ""))
            if cell["outcome"] == "skip" or not bare:
                continue
            name = f'{cell["kernel"]}/{cell["variant"]}/{cell["topology"]}/{cell["scenario"]}'
            bare_rate, harness_rate, ratio = map(float, bare.groups())
            cells.setdefault(name, []).append((harness_rate, bare_rate, ratio, cell["outcome"]))
if not cells:
    sys.exit("ci/bench-races.sh: no race cell ran with a bare loop (all skipped?): nothing measured")
rows = []
for name, seen in cells.items():
    median = lambda column: statistics.median(run[column] for run in seen)
    rows.append((name, median(0), median(1), median(2), "/".join(sorted({run[3] for run in seen})), ",".join(f"{run[2]:.2f}" for run in seen)))
worst = max(rows, key=lambda row: row[3])
width = max(len(row[0]) for row in rows)
print(f'{"cell":<{width}}  harness/s    bare/s   ratio  outcome  ratio per guest')
for name, harness_rate, bare_rate, ratio, outcome, each in rows:
    print(f"{name:<{width}}  {harness_rate:9.1f}  {bare_rate:8.1f}  {ratio:6.2f}  {outcome:<7}  {each}")
print(f"race rounds/s: worst ratio {worst[3]:.2f} (scenario {worst[0]}), medians over {runs} guests")
PY
