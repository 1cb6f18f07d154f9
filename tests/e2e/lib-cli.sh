# Sourced by command-line end-to-end tests: a fresh folder to work in
# (removed on exit), a frozen clock in UTC, no database from the
# environment, and the checks every such test uses. After sourcing, $T is
# the folder (the current one), $BATON the binary under test and $E2E_DIR
# the folder of the tests (for the other lib-*.sh).
#   run CMD...        runs CMD with stdout in ./out, stderr in ./err, $rc
#   expect_rc N WHAT  fails unless the last run exited N
#   expect_err TEXT / expect_out TEXT   fails unless stderr / stdout has TEXT
#   no_out TEXT       fails if stdout has TEXT
set -u
BATON=${BATON:-${1:?usage: bash $0 /path/to/baton}}
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=${BATON_NOW:-2026-11-26T09:00:00Z}
export TZ=${TZ:-UTC}
unset BATON_DB
cd "$T" || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 900 out)"; }
no_out() { ! grep -qF -- "$1" out || fail "expected stdout without '$1', saw: $(head -c 900 out)"; }
