#!/usr/bin/env bash
# Benchmark (not a test): what --each-patch costs per patch on a warm cache.
# Makes a fresh 3-patch series touching drivers/vfio (harmless edits with a
# token of this run, so every step really builds), runs it patch by patch
# on one variant, then the base alone (cached: boot and cells only), and
# prints each step's build and guest times and the cost per patch:
# (series run - base run) / 3. Uses the default cache unless BENCH_CACHE is
# set; the base variant must be built there already (run the matrix once).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build-guest/release/vfio-conformance}
cache=${BENCH_CACHE:-$HOME/.cache/vfio-conformance}
variant=${VARIANT:-legacy}
tree=$cache/source/linux-source-6.12
[ -x "$bin" ] || { echo "bench-each-patch: no $bin: build it first (see ci/test.sh)" >&2; exit 2; }
[ -e "$tree/.vfio-conformance-unpacked" ] || { echo "bench-each-patch: no unpacked tree at $tree: run the matrix once" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
token=$(date +%s%N)

# The series, made with git from the tree's own files.
mkdir -p "$work/git/drivers/vfio/pci"
for file in drivers/vfio/vfio_main.c drivers/vfio/group.c drivers/vfio/pci/vfio_pci.c; do cp "$tree/$file" "$work/git/$file"; done
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
git -C "$work/git" init -q && git -C "$work/git" add -A && git -C "$work/git" commit -qm base
for file in drivers/vfio/vfio_main.c drivers/vfio/group.c drivers/vfio/pci/vfio_pci.c; do
  printf '\n/* bench %s: %s */\n' "$token" "$file" >> "$work/git/$file"
  git -C "$work/git" commit -qam "vfio: bench $token in $(basename "$file")"
done
git -C "$work/git" format-patch -q --stdout -3 HEAD > "$work/series.mbox"

run() { # name, extra arguments...
  local name=$1; shift
  local start=$SECONDS
  "$bin" --matrix --vm --cache "$cache" --variants "$variant" --results "$work/$name.json" "$@" >/dev/null 2>"$work/$name.log" || true
  echo $((SECONDS - start)) > "$work/$name.seconds"
}
run series --patches "$work/series.mbox" --each-patch
run base

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
log = open(f"{work}/series.log").read()
series, base = (int(open(f"{work}/{n}.seconds").read()) for n in ("series", "base"))
step = "base"
for line in log.replace("\r", "\n").split("\n"):
    if m := re.search(r" at (patch \d+/\d+)", line): step = m.group(1)
    if m := re.search(r"kernel \S+: (built in \S+|cached)", line): print(f"build at {step}: {m.group(1)}")
for place, took in re.findall(r"guest (\S+): .* in (\S+), \d+ boot", log):
    print(f"guest {place}: {took}")
cells = json.load(open(f"{work}/series.json"))["cells"]
steps = sorted({c["patch"]["index"] for c in cells})
print(f"series run: {series}s for {len(cells)} cells over steps {steps}; base alone: {base}s")
print(f"per patch (series - base) / 3: {(series - base) / 3:.0f}s")
PY
