#!/usr/bin/env bash
# Benchmark (not a test): cold kernel build, each further variant in the
# shared tree, guest boot to first cell, full matrix wall time, and a guest
# run against a bare boot of the same kernel whose init only powers off.
# Uses a fresh cache (so the build is really cold, ccache included) unless
# BENCH_CACHE is set. Prints the figures; timings never go into tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh >/dev/null
swift build -c release --product vfio-conformance >/dev/null
bin=.build/release/vfio-conformance
cache=${BENCH_CACHE:-$(mktemp -d /tmp/vfio-conformance-bench.XXXXXX)}
log=$cache/bench.log
mkdir -p "$cache"
echo "cache: $cache (nproc $(nproc))"

start=$(date +%s.%N)
"$bin" --matrix --vm --cache "$cache" --results "$cache/results.json" --format table >"$cache/matrix.txt" 2>"$log" || true
end=$(date +%s.%N)
"$bin" bare-boot --cache "$cache" --variant legacy --count 5 >"$cache/bare.txt"

python3 - "$log" "$cache/bare.txt" "$start" "$end" "$cache/results.json" <<'PY'
import json, re, statistics, sys
log, bare, start, end, results = sys.argv[1:]
text = open(log).read()
def seconds(s):
    m = re.fullmatch(r"(?:(\d+)m)?(\d+)s", s)
    return int(m.group(1) or 0) * 60 + int(m.group(2))
builds = re.findall(r"kernel (\S+): built in (\S+)", text)
guests = re.findall(r"guest (\S+): .* in (\S+), (\d+) boot\(s\), first cell after ([\d.]+)s", text)
bare_times = [float(x) for x in re.findall(r"[\d.]+", open(bare).read().split(":", 1)[1])]
cells = json.load(open(results))["cells"]
print("cold build (first variant, empty ccache): %s (%s)" % (builds[0][1], builds[0][0]) if builds else "no build seen")
for name, took in builds[1:]:
    print("further variant %-16s %s" % (name + ":", took))
if len(builds) > 1:
    print("further variant mean: %.1fs" % statistics.mean(seconds(t) for _, t in builds[1:]))
firsts = [float(f) for _, _, _, f in guests]
if firsts:
    print("guest boot to first cell: median %.2fs (min %.2f, max %.2f, %d guests)" % (statistics.median(firsts), min(firsts), max(firsts), len(firsts)))
runs = [seconds(t) for _, t, _, _ in guests]
print("full matrix wall time: %.0fs for %d cells in %d guests" % (float(end) - float(start), len(cells), len(guests)))
if bare_times and runs:
    b = statistics.median(bare_times)
    print("bare boot (init powers off): median %.2fs over %d boots" % (b, len(bare_times)))
    print("guest run / bare boot: median %.1fx (guest runs %s s)" % (statistics.median(runs) / b, " ".join(map(str, runs))))
PY
