#!/usr/bin/env bash
# The whole test suite: unit tests (parsers, classifier, expectations,
# reporters, sysfs logic on fixtures), then the real matrix in one
# invocation over four kernels: the default variants on Debian's 6.1 and
# 6.12, on 7.2 (the tree before the noiommu cdev series) and on 7.3 (the
# kernel that carries it), 7.x pinned, built from source and run in QEMU
# guests, every cell passing or honestly skipped; then what 7.3 changed
# against 6.12 and against 7.2, cell by cell (diff --kernel). KERNELS and
# TIER_KERNELS override the lists. Ends with one
# "matrix: N passed, N failed" line. Then: the checker tier (debug) on
# 6.12, the reports' formats (KCIDB
# validated, the GitHub workflow audited by zizmor), a series that does not
# compile (a finding), a 3-patch series run patch by patch (the first failing
# patch and the per-patch gate), the kernel-repository CI path run on one
# machine (ci/kernel-repo.sh), a fixed subset of the mutant kernels (all must
# be killed) and interrupts at random moments. Results land in $OUT
# (default ./results).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/results}
KERNELS=${KERNELS:-debian-6.1,debian-6.12,debian-7.2=7.2.12-1~bpo13+1,debian-7.3=7.3.4-1~bpo13+1}
mkdir -p "$OUT"
bash ci/install-deps.sh --with-browser --kernels "$KERNELS"

echo "== unit tests"
swift build --build-tests
swift test --skip-build 2>&1 | tee "$OUT/unit-tests.log"

echo "== conformance matrix in QEMU (default variants on $KERNELS)"
# One static release build serves the host and the guests (the lab finds it up to date).
swift build -c release --static-swift-stdlib --product vfio-conformance --scratch-path .build-guest
echo "== bad input is refused before any work"
bash ci/bad-input.sh .build-guest/release/vfio-conformance

status=0
.build-guest/release/vfio-conformance --matrix --vm --kernels "$KERNELS" --results "$OUT/matrix.json" --format table \
  | tee "$OUT/matrix.txt" || status=$?
for format in ktap junit markdown mail; do
  .build-guest/release/vfio-conformance report "$OUT/matrix.json" --format "$format" > "$OUT/matrix.$format"
done
.build-guest/release/vfio-conformance report "$OUT/matrix.json" --format kcidb > "$OUT/matrix.kcidb.json"
.build-guest/release/vfio-conformance report "$OUT/matrix.json" --html "$OUT/matrix.html"
# The CLI's formats reach the reporters (a unit test cannot see option parsing).
head -1 "$OUT/matrix.ktap" | grep -qx 'KTAP version 1'
grep -q '<testsuites' "$OUT/matrix.junit"
# A Tested-by: trailer (git's name, on a machine that has one) is never wrapped.
awk '!/^Tested-by: / && length($0) > 72 { exit 1 }' "$OUT/matrix.mail"
bash ci/kcidb-validate.sh "$OUT/matrix.kcidb.json"
# The kernel-repository workflow passes zizmor: pinned actions, least permissions, no persisted credentials.
bash ci/zizmor.sh
# A report also reads its document from stdin (into a file: head would close the pipe early).
.build-guest/release/vfio-conformance report - --format ktap < "$OUT/matrix.json" > "$OUT/matrix.stdin.ktap"
cmp -s "$OUT/matrix.ktap" "$OUT/matrix.stdin.ktap"

echo "== what 7.3 changed, cell by cell: against 6.12, and against 7.2 (the tree before the series)"
# The release a kernel line ran as (7.3 -> 7.3.4), from the run's own record.
release() { python3 -c 'import json,sys; print(" ".join(k["release"] for k in json.load(open(sys.argv[1]))["run"]["kernels"] if k["source"].startswith("linux-source-" + sys.argv[2] + " ")))' "$OUT/matrix.json" "$1"; }
r72=$(release 7.2) r612=$(release 6.12) r73=$(release 7.3)
[ -n "$r612" ] && [ -n "$r73" ] || { echo "kernels diff: KERNELS ($KERNELS) lacks 6.12 or 7.3" >&2; exit 1; }
for base in $r72 $r612; do
  .build-guest/release/vfio-conformance diff "$OUT/matrix.json" --kernel "$base:$r73" > "$OUT/$base-vs-$r73.diff" || true
  python3 - "$OUT/$base-vs-$r73.diff" <<'PY'
import re, sys
series = open(sys.argv[1]).read()
checks = {
    "cdev-noiommu runs on 7.3 where the base could not": re.search(r"/cdev-noiommu/\S+: skip -> pass", series),
    "noiommu-cdev scenarios run on 7.3": re.search(r"/noiommu-cdev/\S+: skip -> pass", series),
    "no-container is dropped on 7.3 (VFIO_NOIOMMU's new dependency)": re.search(r"/no-container/\S+: pass -> skip", series),
}
bad = [name for name, ok in checks.items() if not ok]
print(series.splitlines()[0], "|", series.strip().splitlines()[-1])
print("kernels diff: " + ("ok" if not bad else "FAILED: " + "; ".join(bad)))
sys.exit(1 if bad else 0)
PY
done

echo "== the checker tier: the debug variant (KASAN, KFENCE, lockdep, UBSAN, ...) on 2 vCPUs, default scenarios, both topologies (TIER_KERNELS, default 6.12; with 7.3 the series' races)"
tier=0
TIER_KERNELS=${TIER_KERNELS:-debian-6.12}
.build-guest/release/vfio-conformance --matrix --vm --variants debug --kernels "$TIER_KERNELS" --results "$OUT/depth.json" --format table \
  | tee "$OUT/depth.txt" || tier=$?
python3 - "$OUT/depth.json" "$tier" "$TIER_KERNELS" <<'PY'
import json, sys
cells, status = json.load(open(sys.argv[1]))["cells"], int(sys.argv[2])
series_races = {c["scenario"] for c in cells if c["scenario"].startswith("race/noiommu-cdev-toggle") and c["outcome"] == "pass"}
outcomes = {c["outcome"] for c in cells}
cpus = {s.get("observed") for c in cells if c["scenario"].startswith("race/") and c["outcome"] == "pass"
        for s in c["evidence"].get("steps", []) if s.get("name") == "cpus online"}
checks = {
    "exit 0": status == 0,
    "both topologies": {c["topology"] for c in cells} == {"noiommu", "viommu"},
    "cells passed, none went wrong": "pass" in outcomes and not outcomes - {"pass", "skip"},
    "the races ran on 2 CPUs": cpus == {"2"},
    "the series' races ran (when 7.3 is in the tier)": "debian-7.3" not in sys.argv[3] or len(series_races) == 2,
}
bad = [name for name, ok in checks.items() if not ok]
print(f"depth: {len(cells)} cells, {sum(c['outcome'] == 'pass' for c in cells)} passed: " + ("ok" if not bad else "FAILED: " + "; ".join(bad)))
sys.exit(1 if bad else 0)
PY

echo "== a series that does not compile is a finding (exit 1, failed cells quoting the compiler), not a harness error"
broken=0
.build-guest/release/vfio-conformance --matrix --vm --variants legacy --topologies noiommu --scenarios group/taint \
  --patches Fixtures/patches/does-not-compile.patch --results "$OUT/does-not-compile.json" > "$OUT/does-not-compile.txt" || broken=$?
python3 - "$OUT/does-not-compile.json" "$broken" <<'PY'
import json, sys
cells, status = json.load(open(sys.argv[1]))["cells"], int(sys.argv[2])
ok = status == 1 and cells and all(c["outcome"] == "fail" and c["evidence"].get("step") == "build"
                                   and "drivers/vfio/vfio_main.c:" in c["evidence"].get("observed", "") for c in cells)
print(f"does-not-compile: exit {status}, {len(cells)} cell(s): " + ("ok" if ok else "NOT a build finding"))
sys.exit(0 if ok else 1)
PY

echo "== a series patch by patch: each step's cells, the first failing patch, the gate per patch"
series=0
.build-guest/release/vfio-conformance --matrix --vm --variants legacy --topologies noiommu --scenarios 'group/taint,group/open-twice,toggle/*' \
  --patches Fixtures/patches/taint-series.mbox --each-patch --results "$OUT/each-patch.json" > "$OUT/each-patch.txt" || series=$?
gate=0
.build-guest/release/vfio-conformance diff "$OUT/each-patch.json" > "$OUT/each-patch.diff" || gate=$?
.build-guest/release/vfio-conformance report "$OUT/each-patch.json" --format mail > "$OUT/each-patch.mail"
.build-guest/release/vfio-conformance report "$OUT/each-patch.json" --format kcidb > "$OUT/each-patch.kcidb.json"
bash ci/kcidb-validate.sh "$OUT/each-patch.kcidb.json"   # a checkout and builds per patch step
python3 - "$OUT" "$series" "$gate" <<'PY'
import json, sys
out, status, gate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cells = json.load(open(f"{out}/each-patch.json"))["cells"]
steps = sorted({(c["patch"]["index"], c["patch"]["subject"]) for c in cells})
taint = {c["patch"]["index"]: c["outcome"] for c in cells if c["scenario"] == "group/taint"}
others = {c["outcome"] for c in cells if c["scenario"] != "group/taint"} - {"pass", "skip"}
diff, mail = open(f"{out}/each-patch.diff").read(), open(f"{out}/each-patch.mail").read()
checks = {
    "exit 1": status == 1,
    "steps 0-3 with subjects": [s[0] for s in steps] == [0, 1, 2, 3] and steps[2][1] == "vfio: defer the noiommu taint to the first device open",
    "group/taint passes before patch 2 and fails from it": taint == {0: "pass", 1: "pass", 2: "fail", 3: "fail"},
    "nothing else went wrong": not others,
    "the gate fails at patch 2 only": gate == 1 and "regressed at: patch 2/3: vfio: defer the noiommu taint" in diff and "patch 3/3" not in diff.split("regressed at:")[1],
    "the mail names the first failing patch": "group/taint: first fails at patch 2/3: vfio: defer the" in mail,
}
bad = [name for name, ok in checks.items() if not ok]
print(f"each-patch: {len(cells)} cells over {len(steps)} steps: " + ("ok" if not bad else "FAILED: " + "; ".join(bad)))
sys.exit(1 if bad else 0)
PY

echo "== CI in a kernel repository: the jobs' steps in order on one machine (shards, merge, gate, JUnit/KCIDB/HTML)"
kernelrepo=0
# The harness checkout the jobs make is kept beside the cache, so a warm machine rebuilds only what changed.
HARNESS_DIR=${KERNEL_REPO_HARNESS:-$HOME/.cache/vfio-conformance-harness} OUT="$OUT/kernel-repo" bash ci/kernel-repo.sh \
  | tee "$OUT/kernel-repo.txt" || kernelrepo=$?

echo "== mutation check (fixed subset; ci/mutants.sh runs them all)"
mutants=0
# 19-21 only the checker tier sees: killed on debug, surviving legacy in the same table.
# 22 hangs and releases: its guest goes on, and its reproducer times the unbind.
# Without debug info the plain variants come from the matrix's tree: a cold machine
# does not build a debug-info tree as well (ci/mutants.sh decodes frames).
# Each kill's reproducer is proven too: built against the tree's uapi headers, it must
# show the kill on the mutant kernel and pass on the unmodified one.
.build-guest/release/vfio-conformance mutants --no-debug-info --prove-reproducers --only "${MUTANTS:-03,04,07,14,17,18,19,20,21,22}" \
  --results "$OUT/mutants.json" | tee "$OUT/mutants.txt" || mutants=$?
python3 - "$OUT/mutants.json" <<'PY' || mutants=1
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
# A mutant kernel's cells name their mutant beside the variant.
proofs = [((c["mutant"] + ":" if "mutant" in c else "") + c["variant"], c["scenario"], c["evidence"]["reproducer"]["proof"]) for c in cells
          if (c["evidence"].get("reproducer") or {}).get("proof")]
bad = [p for p in proofs if not p[2].startswith("proven")]
print(f"reproducers: {len(proofs) - len(bad)} of {len(proofs)} proven" + ("" if not bad else ": NOT PROVEN: " + "; ".join(f"{v} {s}: {p}" for v, s, p in bad)))
sys.exit(1 if bad or not proofs else 0)
PY

echo "== interrupts at random moments leave the tree pristine (ci/interrupt.sh runs 20)"
interrupts=0
bash ci/interrupt.sh "${INTERRUPTS:-5}" .build-guest/release/vfio-conformance | tee "$OUT/interrupt.txt" || interrupts=$?

python3 - "$OUT/matrix.json" <<'PY'
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
count = lambda *o: sum(c["outcome"] in o for c in cells)
for kernel in sorted({c.get("kernel") or "?" for c in cells}):
    mine = [c for c in cells if (c.get("kernel") or "?") == kernel]
    print(f"  {kernel}: {sum(c['outcome'] == 'pass' for c in mine)} passed, {sum(c['outcome'] == 'skip' for c in mine)} skipped of {len(mine)}")
print(f"matrix: {count('pass')} passed, {count('fail', 'crash', 'hang', 'error')} failed, {count('skip')} skipped")
PY
[ "$status" = 0 ] && [ "$tier" = 0 ] && [ "$mutants" = 0 ] && [ "$interrupts" = 0 ] && [ "$kernelrepo" = 0 ]
