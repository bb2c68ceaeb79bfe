#!/usr/bin/env python3
"""Launches a server and times, from the launch, its first answers (bench/startup, bench/compare).

    startup_probe.py health PORT -- COMMAND...     prints "<first 200 ms> <ready ms> <peak RSS MB>"
    startup_probe.py submit PORT SPEC -- COMMAND...  prints "<first 201 ms>"

health polls GET /_mock/health until it answers 200, then until its JSON says "ready": true (a
server whose health has no "ready" field is ready at its first 200), then reads the server's peak
resident memory (VmHWM). submit sends POST /v2/jobs/file (property-details, SPEC as the file, the
demo account) until one is answered 201. Requests go one after another on fresh connections,
0.5 ms apart (2 ms while waiting for ready). The clock starts in this process right before the
fork that execs COMMAND, so Python's own start-up does not count; the server is stopped (SIGTERM)
before this exits.
"""
import http.client
import json
import subprocess
import sys
import time

AUTH = "Basic ZGVtby1hY2Nlc3Mta2V5OmRlbW8tc2VjcmV0LWtleQ=="  # demo-access-key:demo-secret-key
BOUNDARY = "reonomy-bench-startup"
GIVE_UP_S = 60


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=GIVE_UP_S)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


def until(t0, answered, pause_s=0.0005):
    """Calls answered() until it returns true, pause_s apart; the ms from t0 to that answer."""
    while True:
        try:
            if answered():
                return (time.perf_counter_ns() - t0) / 1e6
        except (ConnectionError, OSError, http.client.HTTPException):
            pass
        if time.perf_counter_ns() - t0 > GIVE_UP_S * 1e9:
            raise SystemExit(f"startup_probe: no answer within {GIVE_UP_S} s")
        time.sleep(pause_s)


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    return kb / 1024


def health(port, t0):
    first = until(t0, lambda: request(port, "GET", "/_mock/health")[0] == 200)

    def ready():
        status, body = request(port, "GET", "/_mock/health")
        return status == 200 and json.loads(body).get("ready", True) is True

    # Every 2 ms: a tighter poll would take CPU from the build it waits for.
    return [first, until(t0, ready, 0.002)]


def submit(port, spec, t0):
    with open(spec, "rb") as f:
        content = f.read()
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="job_type"\r\n\r\n'
        f"property-details\r\n--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="spec.json"\r\n'
        f"Content-Type: application/json\r\n\r\n"
    ).encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    headers = {
        "Authorization": AUTH,
        "User-Agent": "reonomy-bench",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
    }
    return [until(t0, lambda: request(port, "POST", "/v2/jobs/file", body, headers)[0] == 201)]


def main():
    args = sys.argv[1:]
    split = args.index("--")
    mode, port, rest, command = args[0], int(args[1]), args[2:split], args[split + 1 :]
    t0 = time.perf_counter_ns()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if mode == "health":
            figures = health(port, t0) + [peak_rss_mb(server.pid)]
        else:
            figures = submit(port, rest[0], t0)
    finally:
        server.terminate()
        server.wait()
    print(" ".join(f"{ms:.1f}" for ms in figures))


if __name__ == "__main__":
    main()
