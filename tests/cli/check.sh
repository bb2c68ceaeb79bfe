# Sourced by the CLI test scripts: `check DESCRIPTION COMMAND...` prints ok/FAILED and counts
# failures in $failures, which the script turns into its exit status at the end.
failures=0
check() { # description, then a command that must succeed
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
