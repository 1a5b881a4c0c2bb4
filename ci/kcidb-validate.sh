#!/usr/bin/env bash
# Validates a `report --format kcidb` document against the schema KernelCI
# itself validates submissions with: kcidb-io from PyPI (a pinned release), in
# the venv of ci/venv.sh.
# Ends with "kcidb: valid (N checkouts, N builds, N tests)".
# Usage: ci/kcidb-validate.sh DOCUMENT
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: ci/kcidb-validate.sh DOCUMENT" >&2; exit 2; }
source "$(dirname "$0")/venv.sh"
# Pinned: a schema release changes what validates; raise it on purpose.
ci_venv "kcidb-io==${KCIDB_IO_VERSION:-141}"

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
