#!/usr/bin/env python3
"""SIGKILL durability test for reonomy-mock --state-dir.

Several accounts submit jobs in a stream while the mock is killed with SIGKILL at random points
(seeded; the seed is printed). After each kill the mock is restarted on the same state directory
and the test checks that:
  - every job acknowledged with 201 is there, with the filename and type sent, reaches SUCCESS,
    and its result files hash the same as the same spec's results on a reference mock that keeps
    its state in memory and is never killed (the spec came back intact);
  - a job the client never saw acknowledged (the connection died first) is either absent or
    whole: it carries the filename of one of those submissions and its results are that spec's.
Some kills land while the mock is still loading its state. Loopback only; bounded in time.

  kill_test.py PATH/TO/reonomy-mock [--kills N] [--seed S] [--max-seconds T]
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

ACCOUNTS = [(f"durable-key-{i}", f"durable-secret-{i}") for i in range(4)]
COMMON = ["--host", "127.0.0.1", "--port", "0", "--sftp-port", "off", "--log-format", "off",
          "--rate-limit", "0", "--pending-seconds", "0", "--started-seconds", "0",
          "--corpus-size", "2000", "--chunk-size", "7", "--seed", "5", "--threads", "8"]
for key, secret in ACCOUNTS:
    COMMON += ["--user", f"{key}:{secret}"]
DETAIL_TYPES = ["basic", "mortgages", "ownership", "reported_owner", "sales", "taxes", "tenants"]
STATES = ["NY", "CA", "TX", "FL", "IL", "WA", "MA", "PA"]
ADDRESSES = [("767 3rd Ave", "New York", "NY", "10017"), ("20 W 34th St", "New York", "NY", "10001"),
             ("1 Main St", "Springfield", "IL", "62701"), ("500 Nowhere Rd", "Austin", "TX", "78701"),
             ("12 Elm Street", "Boston", "MA", "02108")]


class Failure(Exception):
    pass


def make_specs(rng):
    """A pool of distinct specs: (job_type, content bytes, metadata str or None)."""
    specs = []
    for i in range(24):
        types = rng.sample(DETAIL_TYPES, rng.randint(1, 3))
        ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(rng.randint(1, 30))]
        spec = {"detail_type": types, "property_ids": ids}
        if i % 3 == 0:
            spec["filters"] = {"filter_pii": True}
        if i % 4 == 1:
            spec["updated"] = f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        specs.append(("property-details", json.dumps(spec).encode(), None))
    for i in range(12):
        settings = {"state": rng.sample(STATES, rng.randint(1, 2))}
        if i % 2:
            settings["year_built"] = {"min": 1900 + rng.randint(0, 60)}
        specs.append(("search", json.dumps({"settings": settings}).encode(), None))
    for i in range(12):
        if i % 3 == 0:
            rows = [f"{40.7 + rng.random() / 10:.6f},{-74 + rng.random() / 10:.6f}"
                    for _ in range(rng.randint(1, 6))]
            csv = "Latitude,Longitude\r\n" + "\r\n".join(rows) + "\r\n"
            meta = {"headers": ["Latitude", "Longitude"],
                    "mapping": {"latitude": "Latitude", "longitude": "Longitude"}}
        else:
            rows = [",".join(rng.choice(ADDRESSES)) + f",{i}-{n}" for n in range(rng.randint(1, 8))]
            csv = "Address1,City,State,Zip,Ref\r\n" + "\r\n".join(rows) + "\r\n"
            meta = {"headers": ["Address1", "City", "State", "Zip", "Ref"],
                    "mapping": {"address_line_1": "Address1", "address_city": "City",
                                "address_state": "State", "address_postal": "Zip"}}
        specs.append(("match", csv.encode(), json.dumps(meta)))
    return specs


def multipart(job_type, content, metadata, filename):
    boundary = "----durable" + uuid.uuid4().hex
    parts = [(b'Content-Disposition: form-data; name="job_type"\r\n\r\n', job_type.encode())]
    if metadata is not None:
        parts.append((b'Content-Disposition: form-data; name="metadata"\r\n\r\n', metadata.encode()))
    parts.append((f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                  'Content-Type: application/octet-stream\r\n\r\n'.encode(), content))
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + head + value + b"\r\n"
                    for head, value in parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, "multipart/form-data; boundary=" + boundary


def headers_for(account):
    key, secret = account
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return {"Authorization": "Basic " + token, "User-Agent": "reonomy-mock-kill-test"}


class Mock:
    """One reonomy-mock process; the port is read from its --port-file."""

    def __init__(self, binary, workdir, extra):
        self.port_file = os.path.join(workdir, "ports.json")
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.stderr_path = os.path.join(workdir, "stderr.log")
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen([binary, *COMMON, "--port-file", self.port_file, *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        self.port = None

    def wait_listening(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stderr.flush()
                with open(self.stderr_path, "rb") as f:
                    tail = f.read()[-2000:].decode(errors="replace")
                raise Failure(f"the mock exited with {self.proc.returncode} at start:\n{tail}")
            try:
                with open(self.port_file) as f:
                    self.port = json.load(f)["http"]
                return
            except (FileNotFoundError, ValueError):
                time.sleep(0.005)
        raise Failure("the mock did not write its port file in time")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.stderr.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.stderr.close()

    def request(self, method, path, account=None, body=None, content_type=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = headers_for(account) if account else {}
            if content_type:
                headers["Content-Type"] = content_type
            conn.request(method, path, body=body, headers=headers)
            res = conn.getresponse()
            return res.status, res.read()
        finally:
            conn.close()


def results_digest(mock, job):
    """SHA-256 over every result file of a finished job, in order."""
    digest = hashlib.sha256()
    for url in job["result_urls"]:
        parsed = urllib.parse.urlsplit(url)
        status, body = mock.request("GET", parsed.path + "?" + parsed.query)
        if status != 200:
            raise Failure(f"result {url} answered {status}: {body[:300]!r}")
        digest.update(len(body).to_bytes(8, "big"))
        digest.update(body)
    return digest.hexdigest()


def fetch_job(mock, account, job_id):
    status, body = mock.request("GET", f"/v2/jobs/file/{job_id}", account)
    if status != 200:
        raise Failure(f"job {job_id} ({account[0]}) answered {status}: {body[:300]!r}")
    return json.loads(body)


class Reference:
    """The results each spec of the pool gives on a mock that is never killed."""

    def __init__(self, mock, specs):
        self.mock, self.specs, self.digests = mock, specs, {}

    def digest(self, index):
        if index not in self.digests:
            job_type, content, metadata = self.specs[index]
            body, ctype = multipart(job_type, content, metadata, f"reference-{index}")
            status, reply = self.mock.request("POST", "/v2/jobs/file", ACCOUNTS[0], body, ctype)
            if status != 201:
                raise Failure(f"reference submission of spec {index} answered {status}: {reply[:300]!r}")
            job = fetch_job(self.mock, ACCOUNTS[0], json.loads(reply)["id"])
            if job["status"] != "SUCCESS":
                raise Failure(f"reference job of spec {index} is {job['status']}")
            self.digests[index] = (results_digest(self.mock, job), job["metadata"])
        return self.digests[index]


def submitter(mock, account, specs, rng, tag, stop, acked, unacked, errors):
    """Submits until the connection dies or `stop` is set."""
    n = 0
    conn = http.client.HTTPConnection("127.0.0.1", mock.port, timeout=30)
    try:
        while not stop.is_set():
            index = rng.randrange(len(specs))
            filename = f"{tag}-{account[0]}-{n}.spec"
            n += 1
            job_type, content, metadata = specs[index]
            body, ctype = multipart(job_type, content, metadata, filename)
            headers = headers_for(account)
            headers["Content-Type"] = ctype
            unacked[filename] = (account, index)  # sent; moved to acked on a 201
            try:
                conn.request("POST", "/v2/jobs/file", body=body, headers=headers)
                res = conn.getresponse()
                reply = res.read()
            except (OSError, http.client.HTTPException):
                return  # killed: this submission was never acknowledged
            if res.status != 201:
                errors.append(f"{filename}: {res.status} {reply[:300]!r}")
                return
            del unacked[filename]
            acked[filename] = (account, index, json.loads(reply)["id"], job_type)
    finally:
        conn.close()


def check_acked(mock, reference, acked):
    for filename, (account, index, job_id, job_type) in acked.items():
        job = fetch_job(mock, account, job_id)
        if job["status"] != "SUCCESS" or job["filename"] != filename or job["job_type"] != job_type:
            raise Failure(f"acknowledged job {job_id} came back as {job['status']} "
                          f"{job['job_type']} {job['filename']!r}, sent as {job_type} {filename!r}")
        want_digest, want_metadata = reference.digest(index)
        if job["metadata"] != want_metadata or results_digest(mock, job) != want_digest:
            raise Failure(f"acknowledged job {job_id} ({filename}, spec {index}): its results "
                          "differ from the reference's for the same spec")


def check_listing(mock, reference, known, unacked, limit):
    """Every listed job is known, or a whole job from an unacknowledged submission."""
    whole = 0
    for account in ACCOUNTS:
        status, body = mock.request("GET", f"/v2/jobs/file?limit={limit}", account)
        if status != 200:
            raise Failure(f"listing for {account[0]} answered {status}")
        for item in json.loads(body)["items"]:
            if item["id"] in known:
                continue
            origin = unacked.get(item["filename"])
            if origin is None or origin[0] != account:
                raise Failure(f"job {item['id']} ({item['filename']!r}) is listed but was never "
                              "acknowledged nor sent by this account")
            job = fetch_job(mock, account, item["id"])
            want_digest, want_metadata = reference.digest(origin[1])
            if job["status"] != "SUCCESS" or job["metadata"] != want_metadata or \
                    results_digest(mock, job) != want_digest:
                raise Failure(f"unacknowledged job {item['id']} ({item['filename']}) is half-made: "
                              f"{job['status']}, results differ from its spec's")
            known.add(item["id"])
            whole += 1
    return whole


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mock")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-seconds", type=float, default=240)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    print(f"kill_test: seed {seed} (rerun with --seed {seed})", flush=True)
    rng = random.Random(seed)
    specs = make_specs(rng)
    work = tempfile.mkdtemp(prefix="reonomy-kill-test-")
    state_dir = os.path.join(work, "state")
    os.makedirs(os.path.join(work, "ref"))
    os.makedirs(os.path.join(work, "durable"))
    reference_mock = Mock(args.mock, os.path.join(work, "ref"), [])
    mock = None
    started = time.monotonic()
    stats = {"acked": 0, "whole": 0, "loading": 0}
    known, unacked_all, acked = set(), {}, {}
    kills = 0

    def start_durable():
        return Mock(args.mock, os.path.join(work, "durable"), ["--state-dir", state_dir])

    try:
        reference_mock.wait_listening()
        reference = Reference(reference_mock, specs)
        while True:
            if time.monotonic() - started > args.max_seconds:
                raise Failure(f"only {kills} kills in {args.max_seconds:.0f} s")
            mock = start_durable()
            if kills < args.kills and rng.random() < 0.1:
                # A kill while the mock loads its state (or before it even opened it).
                time.sleep(rng.uniform(0, 0.03))
                mock.kill()
                kills += 1
                stats["loading"] += 1
                continue
            mock.wait_listening()
            # What the last round left: its acknowledged jobs whole and right, and jobs of its
            # cut submissions either absent or whole.
            check_acked(mock, reference, acked)
            known.update(job_id for (_, _, job_id, _) in acked.values())
            stats["acked"] += len(acked)
            full = kills % 25 == 0 or kills >= args.kills
            stats["whole"] += check_listing(mock, reference, known, unacked_all,
                                            limit=10**6 if full else len(acked) + 16)
            if kills >= args.kills:
                break
            stop = threading.Event()
            acked, unacked, errors = {}, {}, []
            threads = [threading.Thread(target=submitter, args=(
                mock, account, specs, random.Random(rng.random()), f"k{kills}", stop, acked,
                unacked, errors)) for account in ACCOUNTS]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0, 0.15))
            mock.kill()
            kills += 1
            stop.set()
            for t in threads:
                t.join()
            if errors:
                raise Failure("submissions refused: " + "; ".join(errors[:3]))
            unacked_all.update(unacked)
        # The end: every job acknowledged in any round is listed, and nothing else but whole
        # jobs of cut submissions.
        listed = 0
        for account in ACCOUNTS:
            status, body = mock.request("GET", "/v2/jobs/file?limit=1000000", account)
            listed += json.loads(body)["count"]
        if listed != len(known):
            raise Failure(f"{listed} jobs listed at the end, {len(known)} known "
                          "(acknowledged, or unacknowledged and whole)")
        mock.stop()
        mock = None
        elapsed = time.monotonic() - started
        print(f"kill_test: {kills} SIGKILLs ({stats['loading']} while loading) in {elapsed:.1f} s; "
              f"{stats['acked']} acknowledged jobs all restored with their results; "
              f"{len(unacked_all)} submissions cut before their 201, {stats['whole']} of them "
              f"restored whole, none half-made", flush=True)
        return 0
    except Failure as e:
        print(f"kill_test: FAILED (seed {seed}): {e}", flush=True)
        print(f"kill_test: state kept in {work}", flush=True)
        work = None
        return 1
    finally:
        for m in (mock, reference_mock):
            if m is not None and m.proc.poll() is None:
                m.kill()
        if work:
            shutil.rmtree(work, ignore_errors=True)



if __name__ == "__main__":
    sys.exit(main())
