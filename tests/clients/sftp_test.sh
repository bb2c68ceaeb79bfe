#!/usr/bin/env bash
# The SFTP endpoint for match outputs, proven with two independent clients: OpenSSH's sftp in
# batch mode (through sshpass, as a password login) and paramiko. Both must fetch the same bytes
# that the job's result_url serves.
#   sftp_test.sh PATH/TO/reonomy-mock
set -euo pipefail
mock=$1
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fixtures=$clients_dir/../../fixtures/match
echo "client: $(ssh -V 2>&1 | cut -d, -f1)"
start_mock --clock manual --log-format off
auth=(-s -u demo-access-key:demo-secret-key)

# Two match jobs, so the listing has more than one file.
for name in documentation_extra_columns documentation_addresses; do
  curl "${auth[@]}" -o "$work/created.json" -F job_type=match \
    -F "metadata=<$fixtures/$name.metadata" -F "file=@$fixtures/$name.csv" "$base/v2/jobs/file"
  id=$(json_get "$work/created.json" 'd["id"]')
  advance 5
  curl "${auth[@]}" -o "$work/job.json" "$base/v2/jobs/file/$id"
  mkdir -p "$work/http"
  curl -s -o "$work/http/${id}_$name.csv" "$(json_get "$work/job.json" 'd["result_url"]')"
done
check "both result URLs served a CSV" test "$(cat "$work/http"/*.csv | grep -c '^reonomy_id,')" -eq 2

# OpenSSH sftp -b: a batch file, password through sshpass, the mock's fresh host key accepted.
ssh_opts=(-o BatchMode=no -o StrictHostKeyChecking=no -o "UserKnownHostsFile=$work/known_hosts"
  -o PreferredAuthentications=password -o PubkeyAuthentication=no -P "$sftp_port")
mkdir -p "$work/openssh"
printf 'cd jobs/match\nls -1\nlcd %s\nget *\n' "$work/openssh" >"$work/get.batch"
set +e
sshpass -p demo-secret-key sftp "${ssh_opts[@]}" -b "$work/get.batch" demo-access-key@127.0.0.1 \
  >"$work/sftp.out" 2>"$work/sftp.err"
code=$?
set -e
check "sftp -b get exits 0" test "$code" -eq 0 || cat "$work/sftp.err"
check "sftp fetched the same bytes as the result URLs" diff -r "$work/http" "$work/openssh"
printf 'put %s jobs/match/mine.csv\n' "$work/get.batch" >"$work/put.batch"
set +e
sshpass -p demo-secret-key sftp "${ssh_opts[@]}" -b "$work/put.batch" demo-access-key@127.0.0.1 \
  >"$work/put.out" 2>&1
code=$?
set -e
check "sftp put is refused (exit $code)" test "$code" -ne 0
check "... as permission denied" grep -qi "permission denied" "$work/put.out"
set +e
sshpass -p wrong sftp "${ssh_opts[@]}" -b "$work/get.batch" demo-access-key@127.0.0.1 \
  >"$work/wrong.out" 2>&1
code=$?
set -e
check "sftp with a wrong password fails (exit $code)" test "$code" -ne 0

"$py" "$clients_dir/python/paramiko_get.py" "$sftp_port" demo-access-key demo-secret-key \
  "$work/paramiko" 2 || failures=$((failures + 1))
check "paramiko fetched the same bytes as the result URLs" diff -r "$work/http" "$work/paramiko"
finish
