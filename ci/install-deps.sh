#!/usr/bin/env bash
# Installs everything vfio-conformance needs on a fresh Debian 12 machine:
# libkmod for the Kmod layer, the kernel source and its build tools for the
# lab, QEMU and busybox for the guests. Options:
#   --with-browser      also chromium, which the HTML report test renders in
#   --kernels LIST      the Debian kernels of a --kernels list (debian-6.1,
#                       debian-7.3=7.3.4-1~bpo13+1, ...: linux-source-X.Y from
#                       whichever suite carries it, ci/debian-kernel.sh); paths
#                       are skipped
# Idempotent: a second run is quick.
set -euo pipefail

kernels=()
packages=(
  pkg-config libkmod-dev kmod
  linux-source-6.12
  build-essential bc bison flex libelf-dev libssl-dev ccache cpio xz-utils zstd
  patch rsync zlib1g-dev python3
  qemu-system-x86 busybox-static
)
while [ $# -gt 0 ]; do
  case "$1" in
    --with-browser) packages+=(chromium) ;;
    --kernels)
      [ $# -ge 2 ] || { echo "ci/install-deps: --kernels needs a list, e.g. --kernels debian-6.1,debian-6.12" >&2; exit 2; }
      IFS=, read -ra kernels <<< "$2"
      shift ;;
    *) echo "ci/install-deps: unknown option $1 (known: --with-browser, --kernels LIST)" >&2; exit 2 ;;
  esac
  shift
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci/install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
bash "$(dirname "$0")/debian-kernel.sh" "${kernels[@]}"
