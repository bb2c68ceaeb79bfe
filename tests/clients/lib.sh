# Sourced by the client tests: a reonomy-mock on a free loopback port, checks, and the JSON and
# checksum helpers they share. The caller sets $mock (the binary) before start_mock.
# shellcheck source=../cli/check.sh
. "$(dirname "${BASH_SOURCE[0]}")/../cli/check.sh"
clients_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
mock_pid=""
trap '[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"' EXIT
# Debian's interpreter: python3-requests and python3-paramiko are installed for it, whatever
# python3 comes first on PATH.
py=${CLIENTS_PYTHON:-/usr/bin/python3}

# start_mock [FLAGS...]: runs the mock with SFTP on free ports; sets base, http_port, sftp_port.
start_mock() {
  rm -f "$work/ports.json"
  "$mock" --port 0 --sftp-port 0 --port-file "$work/ports.json" --corpus-size 2000 \
    --sftp-host-key "$work/host_key" "$@" >"$work/mock.out" 2>"$work/mock.err" &
  mock_pid=$!
  for _ in $(seq 200); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
  http_port=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$work/ports.json")
  sftp_port=$(sed -E 's/.*"sftp":([0-9]+).*/\1/' "$work/ports.json")
  base="http://127.0.0.1:$http_port"
}

# json_get FILE EXPR: a value from a JSON document, EXPR applied to `d` (e.g. 'd["id"]').
json_get() { "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); v='"$2"'; print(v if isinstance(v,str) else json.dumps(v))' "$1"; }

# advance SECONDS: moves a --clock manual mock forward.
advance() { curl -s -o /dev/null -X POST -d "{\"seconds\": $1}" "$base/_mock/clock/advance"; }

# sums DIR: "sha256  name" for every file in DIR, sorted by name (what the clients compare).
sums() { (cd "$1" && find . -maxdepth 1 -type f ! -name '*.part' -printf '%f\n' | LC_ALL=C sort | xargs -r sha256sum); }

finish() {
  if ((failures)); then echo "$failures failed"; exit 1; fi
  echo "all checks passed"
}
