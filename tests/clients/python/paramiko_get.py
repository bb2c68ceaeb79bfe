"""Match outputs over SFTP with paramiko (Debian's python3-paramiko), a second SFTP client
implementation besides OpenSSH's sftp.

    paramiko_get.py PORT USER PASSWORD OUT_DIR [EXPECTED_COUNT]

Lists jobs/match on 127.0.0.1:PORT, saves every file into OUT_DIR, and checks that a write is
refused and a wrong password is rejected. Exit status 1 if a check failed.
"""
import os
import stat
import sys

import paramiko

import checks
from checks import check


port, user, password, out_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
expected = int(sys.argv[5]) if len(sys.argv) > 5 else None
print("client: paramiko " + paramiko.__version__, flush=True)


def connect(secret):
    transport = paramiko.Transport(("127.0.0.1", port))
    # The mock makes its host key at start; the test trusts whatever key it offers.
    transport.connect(username=user, password=secret)
    return transport


transport = connect(password)
sftp = paramiko.SFTPClient.from_transport(transport)
names = sorted(sftp.listdir("jobs/match"))
check(f"jobs/match lists the match outputs ({len(names)})",
      len(names) >= 1 if expected is None else len(names) == expected)
os.makedirs(out_dir, exist_ok=True)
for name in names:
    attrs = sftp.stat("jobs/match/" + name)
    check(name + " is a regular file", stat.S_ISREG(attrs.st_mode))
    sftp.get("jobs/match/" + name, os.path.join(out_dir, name))
    check(name + ": the whole file arrived",
          os.path.getsize(os.path.join(out_dir, name)) == attrs.st_size)
try:
    with sftp.open("jobs/match/new.csv", "w") as f:
        f.write("x")
    check("a write is refused", False)
except (IOError, PermissionError) as e:
    check("a write is refused (" + str(e) + ")", True)
sftp.close()
transport.close()
try:
    connect(password + "-wrong").close()
    check("a wrong password is rejected", False)
except paramiko.AuthenticationException:
    check("a wrong password is rejected", True)
checks.finish()
