#!/usr/bin/env bash
# Python requests (Debian's python3-requests) running the documentation's samples against
# reonomy-mock on a real clock with short phases, so "poll once a second until SUCCESS" is real.
#   python_test.sh PATH/TO/reonomy-mock
set -euo pipefail
mock=$1
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_mock --pending-seconds 1 --started-seconds 1 --log-format off
"$py" "$clients_dir/python/requests_samples.py" "$base" demo-access-key demo-secret-key "$work/out"
