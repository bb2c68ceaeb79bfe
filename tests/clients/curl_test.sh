#!/usr/bin/env bash
# curl against reonomy-mock over loopback: a whole property-details job and a match job the way
# the README writes them (submit, wait on the manual clock, download every URL), then the common
# mistakes, each with the status and error type the README documents.
#   curl_test.sh PATH/TO/reonomy-mock
set -euo pipefail
mock=$1
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
data=$clients_dir/data
fixtures=$clients_dir/../../fixtures/match
echo "client: $(curl --version | head -1 | cut -d' ' -f1-2)"

# Manual clock: the job moves when the test says. No rate limit: the mistakes below come faster
# than 5 a second, and the limit is not what this test is about (the conformance suite checks it).
start_mock --clock manual --rate-limit 0 --log-format off
auth=(-s -u demo-access-key:demo-secret-key)
jobs="$base/v2/jobs/file"

# submit NAME CURL-ARGS...: the body in $work/NAME.json, the status code printed.
submit() { local name=$1; shift; curl "${auth[@]}" -o "$work/$name.json" -w '%{http_code}' "$@" "$jobs"; }
error_type() { json_get "$work/$1.json" 'd["type"]'; }
# wait_success ID: walks the job through PENDING and STARTED (1 s + 2 s by default) to SUCCESS.
wait_success() {
  local seen=""
  for _ in 1 2 3; do
    curl "${auth[@]}" -o "$work/job.json" "$jobs/$1"
    seen+="$(json_get "$work/job.json" 'd["status"]') "
    advance 1
  done
  curl "${auth[@]}" -o "$work/job.json" "$jobs/$1"
  seen+=$(json_get "$work/job.json" 'd["status"]')
  echo "$seen"
}
# download_all DIR: every result URL of $work/job.json into DIR, named by object key.
download_all() {
  mkdir -p "$1"
  local url code
  for url in $(json_get "$work/job.json" '" ".join(d["result_urls"])'); do
    code=$(curl -s -o "$1/$(basename "${url%%\?*}")" -w '%{http_code}' "$url")
    check "result URL answers 200" test "$code" = 200
  done
}

# A whole property-details job: the README's command with the documentation's sample spec.
code=$(submit details -F job_type=property-details -F "file=@$data/spec.json")
check "curl -F job_type=... -F file=@spec.json answers 201" test "$code" = 201
check "... with status null" test "$(json_get "$work/details.json" 'd["status"]')" = null
check "... and the file name" test "$(json_get "$work/details.json" 'd["filename"]')" = spec.json
id=$(json_get "$work/details.json" 'd["id"]')
check "the job goes PENDING, STARTED, SUCCESS" test "$(wait_success "$id")" = "PENDING STARTED STARTED SUCCESS"
download_all "$work/details"
check "result_url is result_urls joined with commas" test \
  "$(json_get "$work/job.json" 'd["result_url"] == ",".join(d["result_urls"])')" = true
records=$(cat "$work/details"/*.ndjson | wc -l)
check "the download has one record per line ($records)" test "$records" -ge 1
check "every line is a JSON object with a property_id among the spec's" "$py" -c '
import json, sys, glob
ids = set(json.load(open(sys.argv[2]))["property_ids"])
for path in glob.glob(sys.argv[1] + "/*.ndjson"):
    for line in open(path):
        assert json.loads(line)["property_id"] in ids, line[:80]' "$work/details" "$data/spec.json"

# A match job: metadata as a JSON form field, the CSV as the file.
code=$(submit match -F job_type=match -F "metadata=<$fixtures/documentation_extra_columns.metadata" \
  -F "file=@$fixtures/documentation_extra_columns.csv")
check "a match upload with metadata answers 201" test "$code" = 201
id=$(json_get "$work/match.json" 'd["id"]')
check "the match job reaches SUCCESS" grep -q 'SUCCESS$' <<<"$(wait_success "$id")"
download_all "$work/match"
check "the match CSV is the documentation's expected output" \
  diff <(tr -d '\r' <"$work/match"/*.csv) <(tr -d '\r' <"$fixtures/documentation_extra_columns.expected.csv")

# The common mistakes. Each is a request a user really types; the answers are the README's.
code=$(submit hand_header -H 'Content-Type: multipart/form-data' -F job_type=property-details \
  -F "file=@$data/spec.json")
check "-H 'Content-Type: multipart/form-data' with -F is repaired by curl (boundary appended): 201" \
  test "$code" = 201
advance 10 # let that job finish: one job at a time per account
# The same hand-set header on a body curl does not build itself has no boundary at all.
printf -- '--b0546582662\r\nContent-Disposition: form-data; name="job_type"\r\n\r\nproperty-details\r\n--b0546582662\r\nContent-Disposition: form-data; name="file"; filename="spec.json"\r\n\r\n%s\r\n--b0546582662--\r\n' \
  "$(cat "$data/spec.json")" >"$work/body.multipart"
code=$(submit no_boundary -H 'Content-Type: multipart/form-data' --data-binary "@$work/body.multipart")
check "a hand-set Content-Type without boundary: 400" test "$code" = 400
check "... FileNotFoundAtPathError" test "$(error_type no_boundary)" = FileNotFoundAtPathError
check "... naming the missing boundary" grep -q "no boundary parameter" "$work/no_boundary.json"
code=$(submit wrong_boundary -H 'Content-Type: multipart/form-data; boundary=0546582662' \
  -F job_type=property-details -F "file=@$data/spec.json")
check "a hand-set Content-Type with another boundary: 400" test "$code" = 400
check "... FileNotFoundAtPathError" test "$(error_type wrong_boundary)" = FileNotFoundAtPathError
code=$(submit data_json --data "@$data/spec.json")
check "--data @spec.json (urlencoded, no file part): 400" test "$code" = 400
check "... FileNotFoundAtPathError naming the urlencoded form" grep -q \
  '"type":"FileNotFoundAtPathError"' "$work/data_json.json"
check "... and the urlencoded form" grep -q 'urlencoded' "$work/data_json.json"
code=$(submit field_file -F job_type=property-details -F "file=<$data/spec.json")
check "-F file=<spec.json (the file as a plain field): 400" test "$code" = 400
check "... FileNotFoundAtPathError" test "$(error_type field_file)" = FileNotFoundAtPathError
check "... saying it was sent as a plain form field" grep -q 'plain form field' "$work/field_file.json"
code=$(submit no_agent -A '' -F job_type=property-details -F "file=@$data/spec.json")
check "-A '' (no User-Agent): 403" test "$code" = 403
check "... ForbiddenException naming the header" test "$(error_type no_agent)" = ForbiddenException
check "... naming the header" grep -q 'User-Agent' "$work/no_agent.json"
code=$(curl -s -o "$work/wrong_secret.json" -w '%{http_code}' -u demo-access-key:wrong \
  -F job_type=property-details -F "file=@$data/spec.json" "$jobs")
check "a wrong password: 401" test "$code" = 401
check "... AuthorizationException" test "$(error_type wrong_secret)" = AuthorizationException
code=$(submit chunked -H 'Transfer-Encoding: chunked' -F job_type=property-details \
  -F "file=@$data/spec.json")
check "a chunked upload (-H 'Transfer-Encoding: chunked'): 400" test "$code" = 400
check "... FileNotFoundAtPathError" test "$(error_type chunked)" = FileNotFoundAtPathError
check "... naming chunked transfer encoding" grep -q 'Transfer-Encoding: chunked' "$work/chunked.json"
code=$(curl "${auth[@]}" -o "$work/list.json" -w '%{http_code}' "$jobs")
check "the refused uploads made no job: 3 in the list" test "$(json_get "$work/list.json" 'd["count"]')" = 3
finish
