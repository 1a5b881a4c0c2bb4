#!/usr/bin/env bash
# Validates a `report --format kcidb` document against the schema KernelCI
# itself validates submissions with: kcidb-io from PyPI (a pinned release), in a
# venv of its own (Debian's python refuses pip installs outside one). On a
# fresh Debian 12 machine it installs python3-venv first (as root).
# Ends with "kcidb: valid (N checkouts, N builds, N tests)".
# Usage: ci/kcidb-validate.sh DOCUMENT
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: ci/kcidb-validate.sh DOCUMENT" >&2; exit 2; }
venv=${KCIDB_VENV:-$HOME/.cache/vfio-conformance-venv}

if [ ! -x "$venv/bin/pip" ]; then
  if ! command -v python3 >/dev/null || ! python3 -m venv "$venv" >/dev/null 2>&1; then
    echo "ci/kcidb-validate: installing python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
fi
# Pinned: a schema release changes what validates; raise it on purpose.
"$venv/bin/pip" install -q --disable-pip-version-check "kcidb-io==${KCIDB_IO_VERSION:-141}"

"$venv/bin/python" - "$1" <<'PY'
import json, sys
import jsonschema, kcidb_io
document = json.load(open(sys.argv[1]))
try:
    kcidb_io.schema.LATEST.validate(document)
except jsonschema.exceptions.ValidationError as error:
    where = "/".join(map(str, error.absolute_path)) or "the document"
    sys.exit(f"kcidb: invalid against schema v{kcidb_io.schema.LATEST.major}.{kcidb_io.schema.LATEST.minor}: {where}: {error.message}")
count = lambda kind: len(document.get(kind, []))
print(f"kcidb: valid ({count('checkouts')} checkouts, {count('builds')} builds, {count('tests')} tests)")
PY
