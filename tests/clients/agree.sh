#!/usr/bin/env bash
# Every client, one server, the same inputs: curl, Python requests, Node's fetch and the
# reference client each run the documentation's sample property-details spec and match CSV on
# their own account (in parallel: one running job per account), and OpenSSH sftp and paramiko
# fetch the match output. All must get byte-identical files: the sha256 of each result file
# (by chunk number; object names carry per-job ids) is compared across clients.
#   agree.sh PATH/TO/reonomy-mock PATH/TO/reonomy-client
set -euo pipefail
mock=$1
client=$2
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
spec=$clients_dir/data/spec.json
csv=$clients_dir/../../fixtures/match/documentation_extra_columns.csv
metadata=${csv%.csv}.metadata
users=()
for who in curl python node client; do users+=(--user "$who-key:$who-secret"); done
# --chunk-size 4: the 10 ids come back as several files, each compared.
start_mock --pending-seconds 1 --started-seconds 1 --chunk-size 4 --log-format off "${users[@]}"

# curl: submit, poll every half second, download every URL.
curl_job() { # OUT_DIR, then the -F arguments
  local out=$1 id status="" url
  shift
  mkdir -p "$out"
  id=$(curl -s -u curl-key:curl-secret "$@" "$base/v2/jobs/file" | json_get /dev/stdin 'd["id"]')
  for _ in $(seq 60); do
    curl -s -u curl-key:curl-secret -o "$work/curl-job.json" "$base/v2/jobs/file/$id"
    status=$(json_get "$work/curl-job.json" 'd["status"]')
    [ "$status" = SUCCESS ] && break
    sleep 0.5
  done
  for url in $(json_get "$work/curl-job.json" '" ".join(d["result_urls"])'); do
    curl -s -o "$out/$(basename "${url%%\?*}")" "$url"
  done
}
run_curl() {
  curl_job "$work/curl" -F job_type=property-details -F "file=@$spec"
  curl_job "$work/curl" -F job_type=match -F "metadata=<$metadata" -F "file=@$csv"
}
run_client() {
  local common=(--base-url "$base" --access-key client-key --secret-key client-secret)
  "$client" "${common[@]}" run property-details --spec "$spec" --out "$work/client" &&
    "$client" "${common[@]}" run match --csv "$csv" --out "$work/client"
}

run_curl >"$work/curl.log" 2>&1 & pids=($!)
"$py" "$clients_dir/python/requests_samples.py" "$base" python-key python-secret "$work/python" \
  --spec "$spec" --csv "$csv" --metadata "$metadata" >"$work/python.log" 2>&1 & pids+=($!)
node "$clients_dir/node/clients_test.js" agree "$base" node-key node-secret "$work/node" "$spec" \
  "$csv" "$metadata" >"$work/node.log" 2>&1 & pids+=($!)
run_client >"$work/client.log" 2>&1 & pids+=($!)
names=(curl python node client)
for i in "${!pids[@]}"; do
  code=0
  wait "${pids[$i]}" || code=$?
  check "${names[$i]} ran both jobs (exit $code)" test "$code" -eq 0 || cat "$work/${names[$i]}.log"
done

# The match output over SFTP, from the curl account, with both SFTP clients.
mkdir -p "$work/openssh"
printf 'cd jobs/match\nlcd %s\nget *\n' "$work/openssh" >"$work/get.batch"
sshpass -p curl-secret sftp -o BatchMode=no -o StrictHostKeyChecking=no \
  -o "UserKnownHostsFile=$work/known_hosts" -o PubkeyAuthentication=no -P "$sftp_port" \
  -b "$work/get.batch" curl-key@127.0.0.1 >"$work/sftp.log" 2>&1 ||
  check "OpenSSH sftp fetched the match output" false
"$py" "$clients_dir/python/paramiko_get.py" "$sftp_port" curl-key curl-secret "$work/paramiko" 1 \
  >"$work/paramiko.log" 2>&1 || check "paramiko fetched the match output" false

# "label sha256" per file: details_N for the Nth NDJSON chunk, match for the CSV.
labelled() {
  local f name
  for f in "$1"/*; do
    name=$(basename "$f")
    case $name in
    *_[0-9]*.ndjson) name=${name##*_}; echo "details_${name%.ndjson} $(sha256sum <"$f" | cut -c1-64)" ;;
    *.csv) echo "match $(sha256sum <"$f" | cut -c1-64)" ;;
    esac
  done | LC_ALL=C sort
}
reference=$(labelled "$work/curl")
echo "curl's files:"; sed 's/^/  /' <<<"$reference"
check "curl got several property-details files and a match CSV" \
  test "$(grep -c -e "^details_[0-9]" -e "^match " <<<"$reference")" -ge 3
for who in python node client; do
  check "$who got the same bytes as curl" test "$(labelled "$work/$who")" = "$reference"
done
for who in openssh paramiko; do
  check "$who (SFTP) got the same match CSV as curl's result_url" \
    test "$(labelled "$work/$who")" = "$(grep '^match ' <<<"$reference")"
done
finish
