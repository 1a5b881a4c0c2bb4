#!/usr/bin/env bash
# Proves the kernel-repository CI path (ci/github/vfio-conformance.yml,
# ci/gitlab/vfio-conformance.gitlab-ci.yml) on one machine: the jobs' steps in
# order, through the same ci/kernel/*.sh scripts the jobs call.
#   1. A kernel git repository, kept under the cache ($CACHE/kernel-repo) so
#      only the first run pays for it: Debian's
#      6.12 tree committed as the base on `master`, and a branch `series`
#      with three small real commits to drivers/vfio (a comment, a const, a
#      pr_debug; each compiles and changes no behaviour).
#   2. The harness as the jobs install it: its own checkout at a pinned
#      revision (this checkout's HEAD, so commit first), ci/kernel/install.sh.
#   3. Each shard job: the branch checked out, ci/kernel/series.sh (base =
#      merge-base with the default branch), ci/kernel/shard.sh I 2.
#   4. The gate job: ci/kernel/gate.sh over both shards' results, with the
#      KCIDB document validated.
# Then checks what the jobs would publish: every cell carries its patch
# (index 0 the base, 1..3 the patches, all four present), both shards are in
# the merged document, junit.xml and kcidb.json exist, and the gate passed
# (exit 0) on this harmless series. Ends with "kernel-repo: N passed, N failed".
# Env: VFIO_CONFORMANCE_CACHE (default ~/.cache/vfio-conformance),
# HARNESS_DIR (default a temporary directory, removed after), OUT (default
# ./results/kernel-repo), VARIANTS, SCENARIOS.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${VFIO_CONFORMANCE_CACHE:-$HOME/.cache/vfio-conformance}
OUT=${OUT:-$here/results/kernel-repo}
# The jobs get a cache of their own with the repository where that cache
# would unpack Debian's 6.12, and share CACHE's ccache: the kernel's
# Makefile hands the compiler absolute source paths, ccache hashes them
# relative to the cache, so the repository's base compiles to the objects
# a matrix of Debian's 6.12 already made instead of a second cold build.
export VFIO_CONFORMANCE_CACHE=$CACHE/kernel-repo
export VFIO_CONFORMANCE_CCACHE=${VFIO_CONFORMANCE_CCACHE:-$CACHE/ccache}
repo=$VFIO_CONFORMANCE_CACHE/source/linux-source-6.12
export VFIO_CONFORMANCE_VARIANTS=${VARIANTS:-legacy,cdev-only}
export VFIO_CONFORMANCE_TOPOLOGIES=noiommu
export VFIO_CONFORMANCE_SCENARIOS=${SCENARIOS:-modules/load-noiommu-on,modules/cycles,toggle/before-bind,toggle/off-before-unbind,group/taint}
export VFIO_CONFORMANCE_KCIDB_VALIDATE=1
identity=(-c user.name="vfio-conformance CI" -c user.email="ci@vfio-conformance.invalid")
started=$SECONDS
step() { echo "== $* ($((SECONDS - started)) s)"; }
rm -rf "$OUT"; mkdir -p "$OUT"

# edit FILE before|replace ANCHOR TEXT: puts TEXT before the line ANCHOR, or
# in its place; the anchor must be there exactly once.
edit() {
  python3 - "$repo/$1" "$2" "$3" "$4" <<'PY'
import sys
path, mode, anchor, text = sys.argv[1:]
lines = open(path).read().split("\n")
hits = [i for i, line in enumerate(lines) if line == anchor]
if len(hits) != 1: sys.exit(f"{path}: anchor {anchor!r} found {len(hits)} times")
lines[hits[0]:hits[0] + 1] = text.split("\n") + ([anchor] if mode == "before" else [])
open(path, "w").write("\n".join(lines))
PY
}
commit() { git -C "$repo" "${identity[@]}" commit -q -a -m "$1" -m "$2"; }

# The stamp says the repository is whole: an interrupted first run starts over.
if [ ! -e "$repo/.git/vfio-conformance-series" ]; then
  step "making the kernel repository $repo (once)"
  rm -rf "$repo" "$repo.tmp"
  mkdir -p "$(dirname "$repo")"
  bash "$here/ci/install-deps.sh" --kernels debian-6.12
  unpacked=$CACHE/source/linux-source-6.12
  if [ -e "$unpacked/.vfio-conformance-unpacked" ]; then
    rsync -a --exclude=/.vfio-conformance-unpacked "$unpacked/" "$repo.tmp/"
  else
    mkdir -p "$repo.tmp"
    tar -xf /usr/src/linux-source-6.12.tar.xz -C "$repo.tmp" --strip-components=1
  fi
  mv "$repo.tmp" "$repo"
  git -C "$repo" init -q -b master
  # Debian's .gitignore ignores the whole top level (its packaging repository
  # holds only debian/): add the tree regardless.
  git -C "$repo" add -A -f
  git -C "$repo" "${identity[@]}" commit -q -m "Debian's linux-source-6.12 as the base"
  git -C "$repo" checkout -q -b series
  edit drivers/vfio/vfio_main.c before 'static struct file_system_type vfio_fs_type = {' '/*
 * A pseudo filesystem, so that each device gets an inode of its own and its
 * mmaps can be zapped through that inode'"'"'s address space.
 */'
  commit "vfio: Say why the device files live on a pseudo filesystem" "A comment only."
  edit drivers/vfio/group.c before 'static struct vfio_group *vfio_noiommu_group_alloc(struct device *dev,' \
    'static const char vfio_noiommu_group_name[] = "vfio-noiommu";
'
  edit drivers/vfio/group.c replace '	ret = iommu_group_set_name(iommu_group, "vfio-noiommu");' \
    '	ret = iommu_group_set_name(iommu_group, vfio_noiommu_group_name);'
  commit "vfio/group: Spell the noiommu group name once, as a const" "The same name; no change in behaviour."
  edit drivers/vfio/group.c before '	ret = iommu_group_add_device(iommu_group, dev);' \
    '	dev_dbg(dev, "adding to a new noiommu IOMMU group\n");'
  commit "vfio/group: dev_dbg when a device gets a noiommu group" "Silent unless dynamic debug turns it on."
  touch "$repo/.git/vfio-conformance-series"
fi
# Whatever happens below, the repository is left on its branch, without the
# jobs' files, for the next run.
cleanup() {
  git -C "$repo" checkout -q -f series 2>/dev/null || true
  rm -rf "$repo/series" "$repo"/shard-*.json "$repo"/shard-*.ktap
  [ -z "${temporary:-}" ] || rm -rf "$temporary"
}
trap cleanup EXIT

# The jobs' harness step: its own checkout at a pinned revision, then install.
HARNESS_URL=file://$here
HARNESS_REV=$(git -C "$here" rev-parse HEAD)
git -C "$here" diff --quiet HEAD || echo "kernel-repo: note: uncommitted changes in $here are not in the harness under test ($HARNESS_REV)"
if [ -z "${HARNESS_DIR:-}" ]; then temporary=$(mktemp -d); HARNESS_DIR=$temporary/vfio-conformance; fi
step "harness at $HARNESS_REV in $HARNESS_DIR"
git init -q "$HARNESS_DIR"
git -C "$HARNESS_DIR" fetch -q --depth 1 "$HARNESS_URL" "$HARNESS_REV"
git -C "$HARNESS_DIR" checkout -q --detach FETCH_HEAD
test "$(git -C "$HARNESS_DIR" rev-parse HEAD)" = "$HARNESS_REV"
bash "$HARNESS_DIR/ci/kernel/install.sh"

# The shard jobs, one after the other: each checks out the branch, makes the
# series, checks out the base and runs its shard.
for shard in 1 2; do
  step "shard $shard/2"
  git -C "$repo" checkout -q -f series
  (cd "$repo" && KERNEL_DEFAULT_BRANCH=master bash "$HARNESS_DIR/ci/kernel/series.sh" \
              && bash "$HARNESS_DIR/ci/kernel/shard.sh" "$shard" 2)
  mv "$repo/shard-$shard.json" "$repo/shard-$shard.ktap" "$OUT/"
done
cp -r "$repo/series" "$OUT/series"

# The gate job, on the shards' uploaded results.
step "gate"
mkdir -p "$OUT/gate"
cp "$OUT"/shard-*.json "$OUT/gate/"
gate=0
(cd "$OUT/gate" && bash "$HARNESS_DIR/ci/kernel/gate.sh" shard-*.json) || gate=$?

step "checking what the jobs publish"
git -C "$repo" log --reverse --format=%s master..series > "$OUT/subjects.txt"
status=0
python3 - "$OUT" "$gate" <<'PY' || status=$?
import json, os, sys
out, gate = sys.argv[1], int(sys.argv[2])
subjects = open(f"{out}/subjects.txt").read().splitlines()
merged = json.load(open(f"{out}/gate/merged.json"))["cells"]
shards = [json.load(open(f"{out}/shard-{i}.json"))["cells"] for i in (1, 2)]
passed = failed = 0
def check(ok, what):
    global passed, failed
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if ok: passed += 1
    else: failed += 1
patches = [c.get("patch") for c in merged]
check(merged and all(isinstance(p, dict) and p.get("index") in range(len(subjects) + 1) for p in patches),
      f"every one of {len(merged)} merged cells carries a patch with index 0..{len(subjects)}")
check({p.get("index") for p in patches if isinstance(p, dict)} == set(range(len(subjects) + 1)),
      "the base and every patch ran")
named = {p["index"]: p.get("subject", "") for p in patches if isinstance(p, dict) and p.get("index")}
check(all(subjects[i - 1] in named.get(i, "") for i in range(1, len(subjects) + 1)),
      "each patch step carries its commit's subject")
variants = [{c["variant"] for c in cells} for cells in shards]
check(all(variants) and not variants[0] & variants[1] and {c["variant"] for c in merged} == variants[0] | variants[1]
      and len(merged) == sum(map(len, shards)),
      f"the merged document holds both shards ({' + '.join(','.join(sorted(v)) for v in variants)}, {len(merged)} cells)")
check(b"<testsuites" in open(f"{out}/gate/junit.xml", "rb").read(), "junit.xml is JUnit")
check(os.path.getsize(f"{out}/gate/kcidb.json") > 0 and "tests" in json.load(open(f"{out}/gate/kcidb.json")),
      "kcidb.json is a KCIDB document (validated by the gate step)")
check(os.path.getsize(f"{out}/gate/matrix.html") > 0, "matrix.html written")
check(gate == 0, f"the gate passed on a harmless series (exit {gate})")
count = lambda *o: sum(c["outcome"] in o for c in merged)
print(f"  cells: {count('pass')} passed, {count('fail', 'crash', 'hang', 'error')} failed, {count('skip')} skipped, per step: "
      + ", ".join(f"{i}: {sum((p or {}).get('index') == i for p in patches)}" for i in range(len(subjects) + 1)))
print(f"kernel-repo: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
step "done"
exit $status
