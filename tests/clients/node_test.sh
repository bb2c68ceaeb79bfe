#!/usr/bin/env bash
# Node.js clients (request, axios + form-data, fetch + FormData) against reonomy-mock on a manual
# clock, after recording what each puts on the wire. npm packages: tests/clients/node (npm ci).
#   node_test.sh PATH/TO/reonomy-mock
set -euo pipefail
mock=$1
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -d "$clients_dir/node/node_modules" ] || { echo "run scripts/bootstrap first (npm ci in tests/clients/node)"; exit 1; }
start_mock --clock manual --rate-limit 0 --log-format off
node "$clients_dir/node/clients_test.js" test "$base" "$clients_dir/data"
