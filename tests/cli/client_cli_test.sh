#!/usr/bin/env bash
# Drives reonomy-client as a user would against a reonomy-mock on loopback: a whole job with
# `run`, the single commands, and the exit codes --help promises.
#   client_cli_test.sh PATH/TO/reonomy-client PATH/TO/reonomy-mock
set -euo pipefail
client=$1
mock=$2
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=check.sh
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"
exit_code() { # the exit code of a command, whatever it is
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local code=$?
  set -e
  echo "$code"
}

help=$("$client" --help)
for word in "submit property-details" "submit match" "submit search" status list wait download \
  run conformance "Exit codes" "5  the job ended with status FAILURE"; do
  check "--help mentions '$word'" grep -q -- "$word" <<<"$help"
done

# Short phases on a real clock: the client's own polling (once a second) walks the job.
"$mock" --port 0 --sftp-port 0 --port-file "$work/ports.json" --pending-seconds 0.2 \
  --started-seconds 0.3 --log-format off --corpus-size 2000 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/ports.json")
sftp_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sftp"])' "$work/ports.json")
export REONOMY_BASE_URL="http://127.0.0.1:$port"
export REONOMY_ACCESS_KEY=demo-access-key REONOMY_SECRET_KEY=demo-secret-key

printf '51e2200a-5160-5ab1-8f98-20a17fedbb87\n\n60a041c1-06e9-5b56-9468-2d398b07de75\n' >"$work/ids.txt"
code=$(exit_code "$client" run property-details --ids "$work/ids.txt" --detail-type basic \
  --detail-type ownership --out "$work/results")
check "run exits 0" test "$code" -eq 0
check "run reports 2 records" grep -q "1 file(s), 2 records" "$work/out"
check "run shows the statuses it saw" grep -q ": SUCCESS" "$work/err"
check "run saved the file under its object name" \
  test "$(find "$work/results" -name '*_0.ndjson' | wc -l)" -eq 1
check "run left no partial file" test "$(find "$work/results" -name '*.part' | wc -l)" -eq 0
check "every saved line is a JSON object" python3 -c '
import json, sys, glob
for path in glob.glob(sys.argv[1] + "/*.ndjson"):
    for line in open(path):
        assert isinstance(json.loads(line), dict)' "$work/results"

code=$(exit_code "$client" list --limit 1)
check "list exits 0" test "$code" -eq 0
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$work/out")
check "status exits 0 and shows SUCCESS" bash -c "'$client' status $id | grep -q '\"status\": \"SUCCESS\"'"
code=$(exit_code "$client" download "$id" --out "$work/again" --expect-records 3)
check "download with the wrong --expect-records exits 6" test "$code" -eq 6
check "... and says what it counted" grep -q "downloaded 2 records, expected 3" "$work/err"

printf 'Address,Street,City,State,Zip\n1 Main St,1 Main St,Town,NY,10001\n' >"$work/amb.csv"
code=$(exit_code "$client" submit match --csv "$work/amb.csv")
check "an ambiguous CSV mapping exits 2" test "$code" -eq 2
check "... naming the columns" grep -q "'Address', 'Street'" "$work/err"
code=$(exit_code "$client" submit match --csv "$work/amb.csv" --map address_line_1=Street)
check "the same CSV with --map is submitted (exit 0)" test "$code" -eq 0
check "... with the mapping asked for" grep -q '"address_line_1": "Street"' "$work/out"
match_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/out")
code=$(exit_code "$client" wait "$match_id" --timeout 30)
check "the match job finishes" test "$code" -eq 0
sftp=(--sftp "sftp://127.0.0.1:$sftp_port")
code=$(exit_code "$client" sftp-get "${sftp[@]}" --job "$match_id" --out "$work/sftp")
check "sftp-get refuses the mock's unknown host key (exit 7)" test "$code" -eq 7
code=$(exit_code "$client" sftp-get "${sftp[@]}" --accept-new-host-key --job "$match_id" \
  --out "$work/sftp")
check "sftp-get --accept-new-host-key saves the match output (exit 0)" test "$code" -eq 0
check "... under its SFTP name" test -s "$work/sftp/${match_id}_amb.csv"
check "... with the added columns" grep -q '^reonomy_id,status,miss_reason,Address,Street' \
  "$work/sftp/${match_id}_amb.csv"
code=$(exit_code "$client" --secret-key wrong sftp-get "${sftp[@]}" --accept-new-host-key \
  --out "$work/sftp")
check "sftp-get with a wrong secret exits 4" test "$code" -eq 4

code=$(exit_code "$client" status 6ba7b810-9dad-11d1-80b4-00c04fd430c8)
check "an unknown job exits 3" test "$code" -eq 3
code=$(exit_code "$client" --secret-key wrong list)
check "a wrong secret exits 4" test "$code" -eq 4
check "... with the API's error" grep -q AuthorizationException "$work/err"
code=$(exit_code "$client" wait "$id" --timeout 5)
check "wait on a finished job exits 0" test "$code" -eq 0
code=$(exit_code env -u REONOMY_ACCESS_KEY "$client" list)
check "no credentials exits 2" test "$code" -eq 2
code=$(exit_code "$client" frobnicate)
check "an unknown command exits 2" test "$code" -eq 2
code=$(exit_code env REONOMY_BASE_URL=http://127.0.0.1:1 "$client" --retries 1 list)
check "an unreachable server exits 7 after its retries" test "$code" -eq 7


# HTTPS: reonomy-mock --tls-self-signed writes its certificate; curl and the client trust it with
# --cacert/--ca-file and run a whole job; a client without it fails at once with a clear message.
kill "$pid"
wait "$pid" || true
"$mock" --port 0 --sftp-port off --port-file "$work/tls-ports.json" --tls-self-signed \
  --tls-cert-out "$work/cert.pem" --pending-seconds 0.2 --started-seconds 0.3 --log-format off \
  --corpus-size 2000 >"$work/tls-stdout" 2>/dev/null &
pid=$!
for _ in $(seq 200); do [ -s "$work/tls-ports.json" ] && break; sleep 0.05; done
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/tls-ports.json")
export REONOMY_BASE_URL="https://127.0.0.1:$port"
check "the certificate is written before the port file" grep -q "BEGIN CERTIFICATE" "$work/cert.pem"
sleep 0.1
check "the listening line says https" \
  grep -qx "reonomy-mock listening on $REONOMY_BASE_URL" "$work/tls-stdout"
check "health reports the https scheme" bash -c \
  "curl -s --cacert '$work/cert.pem' '$REONOMY_BASE_URL/_mock/health' | grep -q '\"scheme\":\"https\"'"
check "the certificate is valid for localhost too" test "$(curl -s -o /dev/null -w '%{http_code}' \
  --cacert "$work/cert.pem" "https://localhost:$port/_mock/clock")" = 200
code=$(exit_code "$client" --ca-file "$work/cert.pem" run property-details --ids "$work/ids.txt" \
  --detail-type basic --out "$work/tls-results")
check "run over HTTPS with --ca-file exits 0" test "$code" -eq 0
check "... and downloads both records" grep -q "1 file(s), 2 records" "$work/out"
code=$(exit_code "$client" --ca-file "$work/cert.pem" list --limit 1)
check "presigned URLs use https" grep -q "\"$REONOMY_BASE_URL/job_cache/" "$work/out"
start=$(date +%s)
code=$(exit_code "$client" list)
check "a client without the certificate exits 7" test "$code" -eq 7
check "... at once, without retrying" test $(($(date +%s) - start)) -lt 10
check "... saying how to trust the server" grep -q -- "--ca-file" "$work/err"
code=$(exit_code curl -s "$REONOMY_BASE_URL/_mock/health")
check "curl without --cacert refuses the certificate (exit 60)" test "$code" -eq 60

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
