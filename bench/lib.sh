# Shell helpers shared by the scripts in bench/ (results_bench, compare, load). Source it after
# `set -euo pipefail` and setting `root`; it creates $work (a temporary directory) and stops every
# server started through it when the script exits.
# shellcheck shell=bash

work=$(mktemp -d "/tmp/$(basename "$0").XXXXXX")
chmod 755 "$work" # nginx workers run unprivileged and must read the files served from here
bench_pids=()      # servers to stop on exit
bench_stops=()     # commands that stop a server (nginx -s stop)

bench_cleanup() {
  local cmd pid
  for cmd in "${bench_stops[@]}"; do eval "$cmd" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# Installs the Debian packages among "$@" that are missing.
bench_need() {
  local p need=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  ((${#need[@]})) || return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing ${need[*]} (Debian)" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
}

# Builds the mock (Release, with the bench targets) through the project's bootstrap.
# BENCH_NO_BUILD=1 skips it (a rerun against a build made by hand).
bench_build() {
  [ -z "${BENCH_NO_BUILD:-}" ] || return 0
  BUILD_DIR="$root/build" CMAKE_ARGS="-DREONOMY_BUILD_BENCH=ON ${CMAKE_ARGS:-}" \
    "$root/scripts/bootstrap" >/dev/null
}

now() { date +%s.%N; }
# The median of the numbers on stdin, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
calc() { echo "$*" | bc -l; }
free_port() {
  python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"
}
machine() {
  echo "$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk \
    '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo \
    "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Peak resident memory (VmHWM, MB) of a process and its children (nginx: master + worker).
peak_rss_mb() {
  local pids total=0 p kb
  pids="$1 $(pgrep -P "$1" || true)"
  for p in $pids; do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  calc "$total / 1024" | xargs printf '%.0f\n'
}
# Starts a new peak for peak_rss_mb (Linux: writing 5 to clear_refs resets VmHWM).
reset_peak_rss() {
  local p
  for p in $1 $(pgrep -P "$1" || true); do echo 5 >"/proc/$p/clear_refs" 2>/dev/null || true; done
}

# Polls `curl ARGS...` until it succeeds; fails after $2 seconds. Usage: wait_http SECONDS ARGS...
wait_http() {
  local deadline
  deadline=$(calc "$(now) + $1")
  shift
  until curl -sf -o /dev/null "$@"; do
    (($(calc "$(now) > $deadline"))) && {
      echo "no answer from $* within the time allowed" >&2
      return 1
    }
    sleep 0.01
  done
}

# Starts reonomy-mock on a free loopback port with the flags given; sets mock_pid, mock_port,
# mock_base. Prints its command line.
start_mock() {
  rm -f "$work/mock-ports.json"
  local cmd=("$root/build/mock_server/reonomy-mock" --port 0 --port-file "$work/mock-ports.json"
    --sftp-port off --log-format off "$@")
  # Many --user flags are shown as the first, "...", and the last.
  echo "command: ${cmd[*]}" | sed -E 's/(--user [^ ]+)( --user [^ ]+)+( --user [^ ]+)/\1 ... \3/'
  "${cmd[@]}" >/dev/null &
  mock_pid=$!
  bench_pids+=("$mock_pid")
  for _ in $(seq 200); do [ -s "$work/mock-ports.json" ] && break; sleep 0.05; done
  mock_port=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['http'])" \
    "$work/mock-ports.json")
  mock_base="http://127.0.0.1:$mock_port"
}

stop_mock() {
  kill "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
}

# Starts nginx (Debian's nginx-light) with a config written here: 2 workers (one per core of the
# machine the figures are for), sendfile, no access
# log, serving directory $1 on a free loopback port. Sets nginx_port, nginx_pid.
start_nginx() {
  local root_dir=$1 dir="$work/nginx"
  nginx_port=$(free_port)
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<NGX
worker_processes 2;
error_log $dir/logs/error.log;
pid $dir/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  types { application/x-ndjson ndjson; application/json json; }
  default_type application/json;
  server { listen 127.0.0.1:$nginx_port; root $root_dir; }
}
NGX
  echo "reference: nginx -c $dir/nginx.conf -p $dir (nginx-light, 2 workers, sendfile on)"
  nginx -c "$dir/nginx.conf" -p "$dir"
  bench_stops+=("nginx -c '$dir/nginx.conf' -p '$dir' -s stop")
  nginx_pid=$(cat "$dir/nginx.pid")
}

# Writes property-details specs: name, detail types (comma-separated), number of ids. The ids are
# UUID v5 of "bench/<i>", the same in every run.
write_spec() {
  python3 - "$work/$1.json" "$2" "$3" <<'PY'
import json, sys, uuid
path, types, n = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{i}")) for i in range(n)]
json.dump({"detail_type": types, "property_ids": ids}, open(path, "w"))
PY
}

bench_auth=(-u demo-access-key:demo-secret-key -A reonomy-bench)
# Submits spec file $1 to the mock (zero phase delays expected) and prints the job id.
submit_job() {
  curl -sf "${bench_auth[@]}" -F job_type=property-details -F "file=@$1" "$mock_base/v2/jobs/file" |
    python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"
}
# Prints the result URLs of finished job $1, one a line (each call signs fresh URLs).
result_urls() {
  curl -sf "${bench_auth[@]}" "$mock_base/v2/jobs/file/$1" |
    python3 -c "import json,sys; j=json.load(sys.stdin); assert j['status']=='SUCCESS', j['status']; print('\n'.join(j['result_urls']))"
}
# Downloads every URL on stdin with one curl process (one kept-alive connection, one file after
# another), to the files named by $1_<n> or, without $1, to /dev/null.
fetch_all() {
  local n=0 url out cfg="$work/fetch.curlrc"
  : >"$cfg"
  while read -r url; do
    [ -n "$url" ] || continue
    out=/dev/null
    [ -z "${1:-}" ] || out="$1_$n.ndjson"
    printf 'url = "%s"\noutput = "%s"\n' "$url" "$out" >>"$cfg"
    n=$((n + 1))
  done
  curl -sf --fail-early -K "$cfg"
}
