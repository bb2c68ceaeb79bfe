"""The documentation's Python samples, run with requests against reonomy-mock on loopback.

    requests_samples.py BASE_URL ACCESS_KEY SECRET_KEY OUT_DIR [--spec FILE --csv FILE --metadata FILE]

Without --spec: the documentation's own flow (ids from POST /v2/search/summaries, the spec as a
file-like io.StringIO with file_obj.name, polling once a second until SUCCESS, the NDJSON read line
by line with json.loads), a match upload with metadata as a JSON string, and the upload mistakes a
requests user makes, each checked. With --spec/--csv/--metadata: the same calls on those inputs,
results saved under OUT_DIR for tests/clients/agree.sh to compare. Exit status 1 if a check failed.
"""
import base64
import io
import json
import os
import sys
import time

import requests

import checks
from checks import check


base_url, access_key, secret_key, out_dir = sys.argv[1:5]
options = dict(zip(sys.argv[5::2], sys.argv[6::2]))
url = base_url + "/v2/jobs/file"
# Basic credentials, as the documentation's samples build them; requests adds its User-Agent.
token = base64.b64encode(f"{access_key}:{secret_key}".encode()).decode()
headers = {"Authorization": "Basic " + token}
print("client: python-requests " + requests.__version__, flush=True)


def wait_for_success(job_id):
    """Polls once a second until SUCCESS, as the documentation advises; returns the job and the
    statuses seen."""
    seen = []
    for _ in range(60):
        job = requests.get(url + "/" + job_id, headers=headers).json()
        if not seen or seen[-1] != job["status"]:
            seen.append(job["status"])
        if job["status"] == "SUCCESS":
            return job, seen
        time.sleep(1)
    raise SystemExit("job " + job_id + " did not succeed within 60 s: " + str(seen))


def download(job, name):
    """Every result URL saved under OUT_DIR with its object key's file name; the paths."""
    paths = []
    for result_url in job["result_urls"]:
        response = requests.get(result_url)
        check("result URL answers 200", response.status_code == 200)
        path = os.path.join(out_dir, result_url.split("?")[0].rsplit("/", 1)[1])
        with open(path, "wb") as out:
            out.write(response.content)
        paths.append(path)
    check(name + ": every result URL downloaded", len(paths) >= 1)
    return paths


def property_details(payload):
    # The documentation's sample, verbatim from `file_obj = io.StringIO(payload)` on.
    file_obj = io.StringIO(payload)
    file_obj.name = "payload.json"
    files = [
        ("file", file_obj)
    ]
    data = {
        "job_type": "property-details"
    }
    response = requests.post(url, data=data, files=files, headers=headers).json()
    check("the creation response has status null", response["status"] is None)
    check("the file-like object's name is the job's filename", response["filename"] == "payload.json")
    job, seen = wait_for_success(response["id"])
    check("polling once a second saw PENDING, STARTED, SUCCESS in order: " + str(seen),
          [s for s in seen if s != "PENDING"] == ["STARTED", "SUCCESS"] and seen[-1] == "SUCCESS")
    return job


def match(csv_path, metadata):
    # A match upload as working Python clients send it: metadata as a JSON string.
    data = {"job_type": "match", "metadata": json.dumps(metadata)}
    with open(csv_path, "rb") as csv_file:
        files = [("file", (os.path.basename(csv_path), csv_file.read()))]
    created = requests.post(url, data=data, files=files, headers=headers)
    check("the match upload answers 201", created.status_code == 201)
    check("metadata.headers is the CSV's header row",
          created.json()["metadata"]["headers"] == metadata["headers"])
    job, _ = wait_for_success(created.json()["id"])
    return job


def refused(what, status, error_type, **kwargs):
    response = requests.post(url, headers=kwargs.pop("headers", headers), **kwargs)
    body = response.json()
    check(f"{what}: {status} {error_type} (got {response.status_code} {body.get('type')})",
          response.status_code == status and body.get("type") == error_type)
    return body


os.makedirs(out_dir, exist_ok=True)
if "--spec" in options:
    with open(options["--spec"]) as spec:
        download(property_details(spec.read()), "property-details")
    with open(options["--metadata"]) as meta:
        download(match(options["--csv"], json.load(meta)), "match")
    sys.exit(1 if checks.failures else 0)

# Create list of IDs from POST /search/summaries response (the documentation's settings).
search = {"settings": {"city": ["New York"], "state": ["NY"], "building_area": {"min": 100000}},
          "limit": 10}
response = requests.post(base_url + "/v2/search/summaries", json=search, headers=headers).json()
property_ids = [item["id"] for item in response["items"]]
check(f"search/summaries gave ids to request ({len(property_ids)})", len(property_ids) >= 1)
payload = json.dumps({
    "detail_type": ["basic", "ownership"],
    "property_ids": property_ids
})
job = property_details(payload)
check("result_url is result_urls joined with commas",
      job["result_url"] == ",".join(job["result_urls"]))
(path,) = download(job, "property-details")
os.chdir(out_dir)
os.replace(path, "results.ndjson")
# The documentation's NDJSON reader, verbatim.
with open('./results.ndjson') as ndjson:
    results = [json.loads(line) for line in ndjson]
check("one record per requested id, in order",
      [r["property_id"] for r in results] == property_ids)
check("basic fields at the top level, ownership contacts under ownership.contacts",
      all("ownership" in r and "contacts" in r["ownership"] for r in results))

headers_csv = ["Address1", "City", "State", "Zip"]
with open("addresses.csv", "w") as csv_file:
    csv_file.write("Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n"
                   "20 W 34th St,New York,NY,10001\n")
job = match("addresses.csv", {"headers": headers_csv,
                              "mapping": {"address_line_1": "Address1", "address_city": "City",
                                          "address_state": "State", "address_postal": "Zip"}})
(path,) = download(job, "match")
with open(path, newline="") as out:
    rows = out.read().splitlines()
check("the match CSV has the documented ids in front",
      rows == ["reonomy_id,status,miss_reason,Address1,City,State,Zip",
               "19cd94b6-0b51-543d-bfc1-3ed3205d13ae,OK,,767 3rd Ave,New York,NY,10017",
               "66258e65-0022-5af5-831e-22443f6dd854,OK,,20 W 34th St,New York,NY,10001"])

# What a requests user gets wrong, each with the documented answer.
spec = {"detail_type": ["basic"], "property_ids": property_ids[:1]}
body = refused("headers={'Content-Type': 'multipart/form-data'} by hand", 400,
               "FileNotFoundAtPathError", data={"job_type": "property-details"},
               files=[("file", ("spec.json", json.dumps(spec)))],
               headers={**headers, "Content-Type": "multipart/form-data"})
check("... naming the missing boundary", "no boundary" in body["message"])
body = refused("json=spec instead of files=", 400, "FileNotFoundAtPathError", json=spec)
check("... naming JSON", "JSON" in body["message"])
body = refused("data={'file': ...} (the spec as a form field)", 400, "FileNotFoundAtPathError",
               data={"job_type": "property-details", "file": json.dumps(spec)})
check("... naming the missing file part", "`file`" in body["message"])
refused("a wrong secret", 401, "AuthorizationException", data={"job_type": "property-details"},
        files=[("file", ("spec.json", json.dumps(spec)))],
        headers={"Authorization": "Basic " + base64.b64encode(b"demo-access-key:x").decode()})
# requests cannot leave the User-Agent out: without its own, urllib3 adds one.
response = requests.get(url, headers={**headers, "User-Agent": None})
check("requests with User-Agent None still sends one (urllib3's): 200",
      response.status_code == 200 and response.request.headers.get("User-Agent") is None)
checks.finish()
