"""The one check helper of the Python client tests: prints ok/FAILED lines and counts failures."""
import sys

failures = 0


def check(what, ok):
    global failures
    print(("ok: " if ok else "FAILED: ") + what, flush=True)
    if not ok:
        failures += 1


def finish():
    """Prints the summary and exits 1 when any check failed."""
    print(f"{failures} failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)
