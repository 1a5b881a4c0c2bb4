#!/usr/bin/env bash
# CI step, run in the kernel repository with the branch under test checked
# out: turns the branch's commits since its base into a series (series/, one
# `git format-patch` file per commit) and checks the base out, detached, so the
# harness builds the base and then the tree after each patch. The base is
# the merge-base of HEAD and, first found:
#   KERNEL_BASE            an explicit commit (a pull request's base, a merge
#                          request's diff base, a BASE the user gave)
#   KERNEL_DEFAULT_BRANCH  the default branch (origin/NAME, else NAME; fetched
#                          from origin when the clone has neither)
# and when that is HEAD itself (a push to the default branch), KERNEL_BEFORE:
# the tip before the push. No base at all, or none behind HEAD: an empty
# series, and the harness runs the tree as it is.
# Merge commits are left out by format-patch; a series is linear.
set -euo pipefail

# A container's checkout is often owned by another uid; git then refuses the
# repository, and so would the harness's own git calls on the tree.
git rev-parse --git-dir >/dev/null 2>&1 || git config --global --add safe.directory "$PWD"

head=$(git rev-parse HEAD)
candidate=${KERNEL_BASE:-}
if [ -z "$candidate" ] && [ -n "${KERNEL_DEFAULT_BRANCH:-}" ]; then
  for ref in "refs/remotes/origin/$KERNEL_DEFAULT_BRANCH" "refs/heads/$KERNEL_DEFAULT_BRANCH"; do
    if git rev-parse -q --verify "$ref^{commit}" >/dev/null; then candidate=$ref; break; fi
  done
  if [ -z "$candidate" ]; then
    git fetch -q origin "+refs/heads/$KERNEL_DEFAULT_BRANCH:refs/remotes/origin/$KERNEL_DEFAULT_BRANCH"
    candidate=refs/remotes/origin/$KERNEL_DEFAULT_BRANCH
  fi
fi
base=$head
if [ -n "$candidate" ]; then
  git rev-parse -q --verify "$candidate^{commit}" >/dev/null \
    || { echo "ci/kernel/series: base $candidate is not a commit in this clone (is the history deep enough? fetch-depth 0)" >&2; exit 2; }
  base=$(git merge-base "$candidate" HEAD) \
    || { echo "ci/kernel/series: $candidate and HEAD have no common history" >&2; exit 2; }
fi
# An all-zero KERNEL_BEFORE is a new branch: no previous tip.
if [ "$base" = "$head" ] && [ -n "${KERNEL_BEFORE:-}" ] && [ "${KERNEL_BEFORE//0/}" != "" ] \
   && git merge-base --is-ancestor "$KERNEL_BEFORE" HEAD 2>/dev/null; then
  base=$(git rev-parse "$KERNEL_BEFORE")
fi

rm -rf series
mkdir series
if [ "$base" != "$head" ]; then
  git format-patch -q "$base..$head" -o series/
fi
count=$(find series -name '*.patch' | wc -l)
git checkout -q --detach "$base"
echo "ci/kernel/series: base $(git log -1 --format='%h %s' "$base"), $count patch(es) up to $(git log -1 --format=%h "$head")"
