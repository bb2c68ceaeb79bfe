#!/usr/bin/env bash
# HTTPS end to end with the binaries: reonomy-mock --tls-self-signed writes its certificate,
# curl and reonomy-client trust it with --cacert/--ca-file and run a whole job; a client without
# it fails at once with a clear message. Loopback only.
#   tls_cli_test.sh PATH/TO/reonomy-client PATH/TO/reonomy-mock
set -euo pipefail
client=$1
mock=$2
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=check.sh
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"

"$mock" --port 0 --sftp-port off --port-file "$work/ports.json" --tls-self-signed \
  --tls-cert-out "$work/cert.pem" --pending-seconds 0.2 --started-seconds 0.3 --log-format off \
  --corpus-size 2000 >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 200); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/ports.json")
base="https://127.0.0.1:$port"
check "the certificate was written before the port file" grep -q "BEGIN CERTIFICATE" "$work/cert.pem"
sleep 0.1
check "the listening line says https" grep -qx "reonomy-mock listening on $base" "$work/stdout"
check "health reports the https scheme" \
  bash -c "curl -s --cacert '$work/cert.pem' '$base/_mock/health' | grep -q '\"scheme\":\"https\"'"
check "the certificate is valid for localhost too" \
  test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" "https://localhost:$port/_mock/clock")" = 200

export REONOMY_BASE_URL=$base REONOMY_ACCESS_KEY=demo-access-key REONOMY_SECRET_KEY=demo-secret-key
printf '51e2200a-5160-5ab1-8f98-20a17fedbb87\n60a041c1-06e9-5b56-9468-2d398b07de75\n' >"$work/ids.txt"
set +e
timeout 60 "$client" --ca-file "$work/cert.pem" run property-details --ids "$work/ids.txt" \
  --detail-type basic --out "$work/results" >"$work/out" 2>"$work/err"
code=$?
set -e
check "reonomy-client --ca-file runs a whole job over HTTPS" test "$code" -eq 0
check "... and downloads both records" grep -q "1 file(s), 2 records" "$work/out"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' \
  <("$client" --ca-file "$work/cert.pem" list --limit 1) 2>/dev/null || true)
url=$("$client" --ca-file "$work/cert.pem" status "$id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["result_urls"][0])')
check "presigned URLs use https" grep -q "^$base/job_cache/" <<<"$url"

set +e
start=$(date +%s)
timeout 60 "$client" list >"$work/out" 2>"$work/err"
code=$?
elapsed=$(($(date +%s) - start))
set -e
check "a client without the certificate fails (exit 7, unavailable)" test "$code" -eq 7
check "... at once, without retrying (${elapsed}s)" test "$elapsed" -lt 10
check "... saying how to trust the server" grep -q -- "--ca-file" "$work/err"
set +e
curl -s -o /dev/null "$base/_mock/health"
code=$?
set -e
check "curl without --cacert refuses the certificate (exit 60)" test "$code" -eq 60

kill "$pid"
wait "$pid" || true
pid=""
if ((failures)); then echo "$failures failed"; exit 1; fi
