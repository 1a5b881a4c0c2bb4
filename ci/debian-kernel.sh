#!/usr/bin/env bash
# Installs Debian's linux-source-X.Y for each debian-X.Y[=VERSION] named,
# from whichever suite of this machine's own Debian mirror carries it,
# and nothing else from that suite. Usage: ci/debian-kernel.sh debian-7.3 debian-6.1=6.1.192-3
#
# The machine's own suites are tried first (apt-get install). Otherwise the
# mirror that serves this machine's release is read from its apt sources
# (never written here) and its other suites are searched with a private apt
# state under $CACHE: the system's sources and lists are never changed, so
# `apt-get -s upgrade` finds nothing new. The one package is fetched with
# `apt-get download` and installed with dpkg (it needs only binutils and
# xz-utils). A kernel no suite carries is refused with the suites searched.
set -euo pipefail

CACHE=${VFIO_CONFORMANCE_APT:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-conformance-apt}
# Aliases, not codenames: the search follows the archive as releases move on.
other_suites=(stable stable-backports testing unstable experimental)

installed_version() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null | awk '$3 == "installed" {print $4}' || true; }

private_apt=()
private_suites=()
setup_private_apt() {
  [ ${#private_apt[@]} -eq 0 ] || return 0
  . /etc/os-release
  local mirror
  mirror=$(apt-get indextargets --format '$(RELEASE) $(REPO_URI) $(COMPONENT)' 2>/dev/null \
             | awk -v r="$VERSION_CODENAME" '$1 == r && $3 == "main" {print $2; exit}')
  [ -n "$mirror" ] || { echo "ci/debian-kernel: no apt source of this machine serves $VERSION_CODENAME main: cannot tell which mirror to search" >&2; exit 2; }
  private_suites=("$VERSION_CODENAME-backports" "${other_suites[@]}")
  # apt's _apt user cannot write under root's home: the private apt runs as root.
  mkdir -p "$CACHE/lists/partial"
  : > "$CACHE/sources.list"
  for suite in "${private_suites[@]}"; do echo "deb $mirror $suite main" >> "$CACHE/sources.list"; done
  private_apt=(-o Dir::Etc::SourceList="$CACHE/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o Dir::State::Lists="$CACHE/lists" -o Dir::Cache="$CACHE/cache" -o Dir::State::Status=/var/lib/dpkg/status
               -o APT::Sandbox::User=root)
  mkdir -p "$CACHE/cache/archives/partial"
  echo "ci/debian-kernel: searching ${private_suites[*]} of $mirror"
  apt-get "${private_apt[@]}" -qq update
}

# Whether apt (with the options given) has the package, at the version if one is pinned.
carries() {
  local package=$1 version=$2; shift 2
  local versions
  versions=$(apt-cache "$@" madison "$package" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}')
  [ -n "$versions" ] || return 1
  [ -z "$version" ] || grep -qxF "$version" <<< "$versions"
}

for kernel in "$@"; do
  case "$kernel" in
    debian-*) ;;
    *) continue ;;
  esac
  spec=${kernel#debian-}
  series=${spec%%=*}
  version=
  [ "$spec" = "$series" ] || version=${spec#*=}
  [[ "$series" =~ ^[0-9]+\.[0-9]+$ ]] || { echo "ci/debian-kernel: $kernel: a Debian kernel is debian-MAJOR.MINOR[=VERSION], e.g. debian-7.3 or debian-7.3=7.3.4-1~bpo13+1" >&2; exit 2; }
  package=linux-source-$series
  have=$(installed_version "$package")
  if [ -n "$have" ] && { [ -z "$version" ] || [ "$have" = "$version" ]; }; then continue; fi
  want=$package${version:+=$version}
  export DEBIAN_FRONTEND=noninteractive
  if ! carries "$package" "$version" && [ -z "${own_lists_fresh:-}" ]; then
    apt-get update -qq
    own_lists_fresh=1
  fi
  if carries "$package" "$version"; then
    echo "ci/debian-kernel: installing $want from this machine's own suites"
    apt-get install -y -qq --no-install-recommends --allow-downgrades "$want"
    continue
  fi
  setup_private_apt
  if ! carries "$package" "$version" "${private_apt[@]}"; then
    echo "ci/debian-kernel: no suite carries $want (searched this machine's own and ${private_suites[*]})" >&2
    exit 2
  fi
  # What the package depends on comes from this machine's own suites.
  depends=$(apt-cache "${private_apt[@]}" show "$want" 2>/dev/null | awk -F': ' '/^Depends:/ {print $2; exit}' \
              | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | grep -v '^$' || true)
  missing=()
  for d in $depends; do [ -n "$(installed_version "$d")" ] || missing+=("$d"); done
  [ ${#missing[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${missing[@]}"
  rm -f "$CACHE"/linux-source-*.deb
  echo "ci/debian-kernel: fetching $want alone"
  (cd "$CACHE" && apt-get "${private_apt[@]}" -qq download "$want")
  dpkg -i "$CACHE"/linux-source-*.deb >/dev/null
  rm -f "$CACHE"/linux-source-*.deb
  echo "ci/debian-kernel: $package $(installed_version "$package") installed"
done
