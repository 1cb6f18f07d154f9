#!/bin/bash
# The command line's surface: help, version, and one-line refusals with
# exit code 2 and a suggestion for typos. Usage: bash cli_basics.sh BATON
set -u
BATON=${1:?usage: bash cli_basics.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
# run CMD...: captures stdout, stderr and the exit code
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
one_line_err() { [ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr, saw: $(cat err)"; }

run "$BATON" --version
expect_rc 0 "--version"
[ "$(cat out)" = "baton 0.1.0" ] || fail "--version printed '$(cat out)'"

run "$BATON" --help
expect_rc 0 "--help"
for cmd in "init" "demo" "import FILE.yaml" "export" "config check [FILE]" "check" "whoami" \
    "blocker list" "blocker show KEY" "blocker add" "project list" "indicator show KEY"; do
    expect_out "  $cmd "
done
expect_out "--db PATH"
expect_out "Exit codes:"

run "$BATON" blocker list --help
expect_rc 0 "blocker list --help"
for opt in --state --dept --waiting-on --severity --breached --project --limit --format; do
    expect_out "$opt"
done
run "$BATON" blocker --help
expect_rc 0 "blocker --help"
expect_out "show KEY"
# --help wins over mistakes elsewhere on the line.
run "$BATON" blocker list --bogus --help
expect_rc 0 "--help with a bad option"

run "$BATON" blocker list --foo
expect_rc 2 "unknown option"
[ "$(cat err)" = "baton: unknown option '--foo' for 'blocker list' (did you mean '--format'?)" ] ||
    fail "unknown option message: $(cat err)"
run "$BATON" blocker list --sevrity 2
expect_rc 2 "misspelt option"
expect_err "(did you mean '--severity'?)"
run "$BATON" blokcer list
expect_rc 2 "unknown command"
expect_err "unknown command 'blokcer' (did you mean 'blocker'?)"
run "$BATON" blocker lst
expect_rc 2 "unknown verb"
expect_err "did you mean 'list'?"
run "$BATON" blocker
expect_rc 2 "missing verb"
expect_err "'blocker' needs a verb"
one_line_err

# Values are checked before anything is opened.
run "$BATON" blocker list --limit
expect_rc 2 "missing value"
expect_err "option '--limit' needs a value"
one_line_err
run "$BATON" blocker list --severity 5
expect_rc 2 "severity out of range"
expect_err "--severity wants a whole number from 1 to 4, not '5'"
run "$BATON" blocker list --limit 12abc
expect_rc 2 "junk number"
run "$BATON" blocker add --project P --title T --needed-by 2026-02-30
expect_rc 2 "bad date"
expect_err "--needed-by: '2026-02-30' is not a date; type YYYY-MM-DD, or tomorrow"
one_line_err
run "$BATON" blocker list --state opne
expect_rc 2 "bad choice"
expect_err "did you mean 'open'?"
run "$BATON" blocker list --format xml
expect_rc 2 "bad format"
expect_err "--format must be one of table, json, csv, md"
run "$BATON" init --format json
expect_rc 2 "format on a command without output"
run "$BATON" blocker show
expect_rc 2 "missing argument"
expect_err "'blocker show' needs KEY"
run "$BATON" blocker show B-1 B-2
expect_rc 2 "extra argument"
expect_err "unexpected argument 'B-2'"
run "$BATON" blocker add --title "no project"
expect_rc 2 "missing required option"
expect_err "needs --project KEY"

# Global options before or after the command, and --opt=value.
run "$BATON" --db "$T/none.db" blocker list
expect_rc 2 "missing database"
expect_err "none.db"
run "$BATON" blocker list --db="$T/none.db"
expect_rc 2 "missing database, option after the command"
expect_err "baton init"
one_line_err

# The configuration checker reads files without a database.
run "$BATON" config check "$SRC/config/baton.yaml"
expect_rc 0 "config check of the default configuration"
[ "$(cat out)" = "$SRC/config/baton.yaml: ok" ] || fail "config check printed '$(cat out)'"
printf 'theme: default\nrefresh_msx: 300\n' >bad.yaml
run "$BATON" config check bad.yaml
expect_rc 2 "config check of a bad file"
expect_err "bad.yaml:2:1:"
expect_err "did you mean 'refresh_ms'?"
one_line_err
# A bad configuration stops every command, with its position.
mkdir -p "$XDG_CONFIG_HOME/baton"
cp bad.yaml "$XDG_CONFIG_HOME/baton/config.yaml"
run "$BATON" blocker list
expect_rc 2 "bad user configuration"
expect_err "config.yaml:2:1:"
run "$BATON" config check
expect_rc 2 "config check of the user's configuration"
rm "$XDG_CONFIG_HOME/baton/config.yaml"
run "$BATON" config check
expect_rc 0 "config check without files"

# Only root may act as another login.
if [ "$(id -u)" = 0 ]; then
    run "$BATON" --as somebody whoami
    expect_rc 0 "root acting as another login"
    expect_out "somebody"
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        chmod 755 "$T"
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$BATON" --as root whoami >out 2>err
        rc=$?
        expect_rc 3 "--as by a non-root login"
        expect_err "only root may act as another login"
    fi
else
    run "$BATON" --as root whoami
    expect_rc 3 "--as by a non-root login"
    expect_err "only root may act as another login"
fi
run "$BATON" whoami --format json
expect_rc 0 "whoami"
expect_out "\"login\":\"$(id -un)\""
# The login comes from the password database, never from $USER.
USER=mallory LOGNAME=mallory run "$BATON" whoami
expect_out "$(id -un)"
grep -q mallory out && fail "whoami believed \$USER"

echo "ok"
