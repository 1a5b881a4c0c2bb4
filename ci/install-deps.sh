#!/usr/bin/env bash
# Installs everything vfio-conformance needs on a fresh Debian 12 machine:
# libkmod for the Kmod layer, the kernel source and its build tools for the
# lab, QEMU and busybox for the guests; with --with-browser also chromium,
# which the HTML report test renders in. Idempotent: a second run is quick.
set -euo pipefail

packages=(
  pkg-config libkmod-dev kmod
  linux-source-6.12
  build-essential bc bison flex libelf-dev libssl-dev ccache cpio xz-utils zstd
  patch rsync zlib1g-dev
  qemu-system-x86 busybox-static
)
[ "${1:-}" = --with-browser ] && packages+=(chromium)

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
