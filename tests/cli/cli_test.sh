#!/usr/bin/env bash
# Drives the reonomy-mock executable as a user would: --help, --config, bad flags, and the
# README's curl commands through a whole job on the manual clock. Loopback only.
#   cli_test.sh PATH/TO/reonomy-mock
set -euo pipefail
mock=$1
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=check.sh
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"

# --help names every flag of the documented command line.
help=$("$mock" --help)
for flag in --host --port --port-file --public-url --config --user --clock --pending-seconds \
  --started-seconds --rate-limit --url-ttl-seconds --object-ttl-seconds --chunk-size --seed \
  --corpus-size --max-upload-bytes --threads --log-format --sftp-port --sftp-host-key \
  --tls-cert --tls-key --tls-self-signed --tls-cert-out --admin-token --state-dir \
  --state-quarantine --faults --journal-size --fixtures --spool-dir --spool-bytes; do
  check "--help lists $flag" grep -q -- "$flag" <<<"$help"
done

# Bad values exit 2 with a message naming the flag.
set +e
out=$("$mock" --clock sometimes 2>&1); code=$?
set -e
check "a bad --clock exits 2" test "$code" -eq 2
check "a bad --clock is named" grep -q -- "--clock" <<<"$out"
set +e
out=$("$mock" --sftp-port 70000 2>&1); code=$?
set -e
check "a bad --sftp-port exits 2" test "$code" -eq 2
for bytes in lots 12T 5GB -1 99999999999G; do
  set +e
  out=$("$mock" --spool-bytes "$bytes" 2>&1); code=$?
  set -e
  check "--spool-bytes $bytes exits 2" test "$code" -eq 2
  check "... naming the flag" grep -q -- "--spool-bytes takes a byte count" <<<"$out"
done
touch "$work/a-file"
set +e
out=$("$mock" --port 0 --sftp-port off --spool-dir "$work/a-file/spool" 2>&1); code=$?
set -e
check "a --spool-dir that cannot be made exits 1" test "$code" -eq 1
check "... naming it" grep -q -- "--spool-dir $work/a-file/spool cannot be made" <<<"$out"
set +e
out=$("$mock" --user nocolon 2>&1); code=$?
set -e
check "a --user without ':' exits 2" test "$code" -eq 2
set +e
out=$("$mock" --port 0 --tls-cert "$work/none.pem" --tls-key "$work/none.key" 2>&1); code=$?
set -e
check "an unreadable --tls-cert exits 1" test "$code" -eq 1
check "... naming the file" grep -q "none.pem" <<<"$out"

# --config supplies options; the command line wins over it.
cat >"$work/mock.conf" <<CONF
port = 0
clock = manual
pending-seconds = 2
started-seconds = 3
rate-limit = 0
user = cli-key:cli-secret
log-format = off
corpus-size = 2000
sftp-port = 0
CONF
"$mock" --config "$work/mock.conf" --port-file "$work/ports.json" --started-seconds 4 \
  >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 200); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
port=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$work/ports.json")
check "the port file has an http port" test -n "$port"
check "the port file has an sftp port" grep -qE '"sftp":[0-9]+' "$work/ports.json"
sleep 0.1
check "one listening line on stdout" grep -qx "reonomy-mock listening on http://127.0.0.1:$port" "$work/stdout"

base="http://127.0.0.1:$port"
auth=(-s -u cli-key:cli-secret)
echo '{"detail_type": ["basic", "ownership"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]}' >"$work/spec.json"
created=$(curl "${auth[@]}" -w ' %{http_code}' -F job_type=property-details -F "file=@$work/spec.json" "$base/v2/jobs/file")
check "curl -F submission answers 201" grep -q ' 201$' <<<"$created"
check "the creation response has status null" grep -q '"status":null' <<<"$created"
id=$(sed -E 's/.*"id":"([^"]+)".*/\1/' <<<"$created")
status() { curl "${auth[@]}" "$base/v2/jobs/file/$id" | sed -E 's/.*"status":"([A-Z]+)".*/\1/'; }
advance() { curl -s -o /dev/null -X POST -d "{\"seconds\": $1}" "$base/_mock/clock/advance"; }
check "then PENDING" test "$(status)" = PENDING
advance 2
check "then STARTED" test "$(status)" = STARTED
advance 3
check "still STARTED: --started-seconds 4 from the command line beat the config's 3" test "$(status)" = STARTED
advance 1
check "then SUCCESS" test "$(status)" = SUCCESS
url=$(curl "${auth[@]}" "$base/v2/jobs/file/$id" | sed -E 's/.*"result_urls":\["([^"]+)"\].*/\1/')
lines=$(curl -s "$url" | wc -l)
check "the result file has the one record" test "$lines" -eq 1
check "the demo account is replaced by --user" test "$(curl -s -o /dev/null -w '%{http_code}' -u demo-access-key:demo-secret-key "$base/v2/jobs/file")" = 401

kill "$pid"
set +e
wait "$pid"; code=$?
set -e
pid=""
check "SIGTERM stops the server with exit status 0" test "$code" -eq 0

# --state-dir: a job survives a restart; a damaged job file stops the start with its name, and
# --state-quarantine moves it aside and starts.
state=(--port 0 --port-file "$work/ports.json" --sftp-port off --log-format off --corpus-size 2000
  --pending-seconds 0 --started-seconds 0 --state-dir "$work/state")
start_durable() {
  rm -f "$work/ports.json"
  "$mock" "${state[@]}" "$@" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  for _ in $(seq 400); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
  base="http://127.0.0.1:$(sed -E 's/.*"http":([0-9]+).*/\1/' "$work/ports.json")"
}
stop_durable() { kill "$pid"; wait "$pid" || true; pid=""; }
start_durable
id=$(curl -s -u demo-access-key:demo-secret-key -F job_type=property-details -F "file=@$work/spec.json" "$base/v2/jobs/file" | sed -E 's/.*"id":"([^"]+)".*/\1/')
stop_durable
start_durable
check "a job submitted before a restart is there after it" \
  test "$(curl -s -o /dev/null -w '%{http_code}' -u demo-access-key:demo-secret-key "$base/v2/jobs/file/$id")" = 200
stop_durable
job_file=$(find "$work/state/jobs" -name "$id.job")
truncate -s -5 "$job_file"
set +e
"$mock" "${state[@]}" >/dev/null 2>"$work/stderr"; code=$?
set -e
check "a truncated job file stops the start (exit 1)" test "$code" -eq 1
check "the message names the file" grep -qF "$job_file" "$work/stderr"
start_durable --state-quarantine
check "--state-quarantine starts without the damaged job" \
  test "$(curl -s -o /dev/null -w '%{http_code}' -u demo-access-key:demo-secret-key "$base/v2/jobs/file/$id")" = 404
check "--state-quarantine says where the file went" grep -q "quarantine" "$work/stderr"
stop_durable

# A binary away from the tree it was built in: its copy has the compiled-in fixtures path changed
# (same length) to one that does not exist, as on another machine.
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$work/moved/bin"
# The path's tail is kept: the linker may share "fixtures" (an option's name) with it.
gone="/_${src:2}"
SRC=$src GONE=$gone perl -0777 -pe 's/\Q$ENV{SRC}\E\/fixtures\0/$ENV{GONE}\/fixtures\0/g' "$mock" \
  >"$work/moved/bin/reonomy-mock"
chmod +x "$work/moved/bin/reonomy-mock"
check "the moved copy no longer holds the source tree's fixtures path" \
  bash -c '! grep -qaF "$1/fixtures" "$2"' _ "$src" "$work/moved/bin/reonomy-mock"
moved=("$work/moved/bin/reonomy-mock" --port 0 --sftp-port off --log-format off --corpus-size 100)
set +e
out=$(timeout 60 "${moved[@]}" 2>&1); code=$?
set -e
check "a moved binary without fixtures exits 1" test "$code" -eq 1
check "... naming the compiled-in place" grep -qF "$gone/fixtures" <<<"$out"
check "... fixtures/ next to the executable" grep -qF "$work/moved/bin/fixtures" <<<"$out"
check "... the installed layout" grep -qF "$work/moved/share/reonomy-mock/fixtures" <<<"$out"
check "... and --fixtures" grep -qF -- "--fixtures" <<<"$out"
set +e
out=$(timeout 60 "${moved[@]}" --fixtures "$work" 2>&1); code=$?
set -e
check "a --fixtures directory without the tables exits 1 naming it" \
  bash -c '[ "$1" -eq 1 ] && grep -qF "$2" <<<"$3"' _ "$code" "$work" "$out"
start_moved() {
  rm -f "$work/ports.json"
  "${moved[@]}" --port-file "$work/ports.json" "$@" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  for _ in $(seq 400); do [ -s "$work/ports.json" ] && break; sleep 0.05; done
  base="http://127.0.0.1:$(sed -E 's/.*"http":([0-9]+).*/\1/' "$work/ports.json")"
}
healthy() { test "$(curl -s -o /dev/null -w '%{http_code}' "$base/_mock/health")" = 200; }
start_moved --fixtures "$src/fixtures"
check "the moved binary starts with --fixtures" healthy
stop_durable
ln -s "$src/fixtures" "$work/moved/bin/fixtures"
start_moved
check "the moved binary finds fixtures/ next to it" healthy
stop_durable
rm "$work/moved/bin/fixtures"
mkdir -p "$work/moved/share/reonomy-mock"
ln -s "$src/fixtures" "$work/moved/share/reonomy-mock/fixtures"
start_moved
check "the moved binary finds ../share/reonomy-mock/fixtures" healthy
stop_durable

if ((failures)); then echo "$failures failed"; exit 1; fi
