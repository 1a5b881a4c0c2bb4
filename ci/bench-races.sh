#!/usr/bin/env bash
# Benchmark (not a test): how close the harness's races come to the kernel's
# pace. For every race/* scenario, in one guest: the race as the matrix runs
# it (jitter, every answer kept, the state checked after every round), then
# the kernel calls of its last round where every call worked made again from C (--race-bare-loop: the
# same opens, ioctls, sysfs writes and the verdict's reads, on as many
# threads, from one barrier a round, nothing else between the calls) for
# as long. Prints both rates a second and their ratio per scenario and
# ends with `race rounds/s: worst ratio R (scenario S)`.
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
bash ci/install-deps.sh --kernels "$KERNELS" >/dev/null
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest >/dev/null
bin=.build-guest/release/vfio-conformance
out=$(mktemp -d /tmp/vfio-conformance-races.XXXXXX)
for variant in $variants; do
  "$bin" --matrix --vm --kernels "$KERNELS" --variants "$variant" --scenarios 'race/*' --vcpus 2 --jobs 1 --race-bare-loop \
    ${BENCH_CACHE:+--cache "$BENCH_CACHE"} --results "$out/$variant.json" --format table --quiet > "$out/$variant.txt" 2>&1 || true
done
python3 - "$out" $variants <<'PY'
import json, re, sys
out, variants = sys.argv[1], sys.argv[2:]
rows, worst = [], None
for variant in variants:
    try:
        cells = json.load(open(f"{out}/{variant}.json"))["cells"]
    except (OSError, ValueError) as error:
        sys.exit(f"ci/bench-races.sh: {variant}: no results ({error}); see {out}/{variant}.txt")
    for cell in cells:
        steps = {step["name"]: step["observed"] for step in cell["evidence"].get("steps", [])}
        bare = re.search(r": ([\d.]+)/s, the harness ([\d.]+)/s, ratio ([\d.]+)", steps.get("bare loop", ""))
        if cell["outcome"] == "skip" or not bare:
            continue
        name = f'{cell["kernel"]}/{cell["variant"]}/{cell["topology"]}/{cell["scenario"]}'
        bare_rate, harness_rate, ratio = map(float, bare.groups())
        rows.append((name, harness_rate, bare_rate, ratio, cell["outcome"]))
        if worst is None or ratio > worst[1]:
            worst = (name, ratio)
if not rows:
    sys.exit("ci/bench-races.sh: no race cell ran with a bare loop (all skipped?): nothing measured")
width = max(len(row[0]) for row in rows)
print(f'{"cell":<{width}}  harness/s    bare/s   ratio  outcome')
for name, harness_rate, bare_rate, ratio, outcome in rows:
    print(f"{name:<{width}}  {harness_rate:9.1f}  {bare_rate:8.1f}  {ratio:6.2f}  {outcome}")
print(f"race rounds/s: worst ratio {worst[1]:.2f} (scenario {worst[0]})")
PY
