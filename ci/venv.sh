# Sourced, not run: the one venv the PyPI tools of ci/ share (kcidb-io for
# ci/kcidb-validate.sh, zizmor for ci/zizmor.sh). Debian's python refuses pip
# installs outside a venv; on a fresh Debian 12 machine python3-venv is
# installed first (as root).
# ci_venv PACKAGE==VERSION ...: makes the venv if needed, installs the pinned
# packages into it and leaves its path in $venv.
ci_venv() {
  venv=${VFIO_CONFORMANCE_VENV:-${KCIDB_VENV:-$HOME/.cache/vfio-conformance-venv}}
  if [ ! -x "$venv/bin/pip" ]; then
    if ! command -v python3 >/dev/null || ! python3 -m venv "$venv" >/dev/null 2>&1; then
      echo "$(basename "$0" .sh): installing python3-venv"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
      rm -rf "$venv"
      python3 -m venv "$venv"
    fi
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "$@"
}
