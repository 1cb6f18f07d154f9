#!/bin/bash
# Arguments a person or a script gets wrong: unknown options, missing
# values, numbers out of range or not numbers, dates that do not exist,
# values that are not finite, empty text, extra arguments. Each is refused
# with exit 2 and one line naming the option and what it wants, and the
# database is left byte for byte.
# Usage: bash hostile_args.sh BATON
set -u
BATON=${1:?usage: bash hostile_args.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
"$BATON" --db a.db init >/dev/null && "$BATON" --db a.db import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: setting up" >&2; exit 1; }
sqlite3 a.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp a.db a.orig

# Each case: the words (one per line), then what the message must say.
cases=(
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n0' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n5' "from 1 to 4"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n-1' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n99999999999999999999' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n2x' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity=' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--severity\n 2' "--severity"
    $'blocker\nadd\n--project\nENG-1\n--title' "needs a value"
    $'blocker\nadd\n--title\nt' "--project"
    $'blocker\nadd\n--project\nENG-1\n--title\n' "title"
    $'blocker\nadd\n--project\nENG-1\n--title\n   ' "title"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\nextra' "unexpected argument"
    $'blocker\nadd\n--project\nENG-1\n--title\nt\n--waiting-on\nNOPE' "NOPE"
    $'blocker\nadd\n--project\nNOPE-1\n--title\nt' "NOPE-1"
    $'blocker\nsnooze\nB-1\n--until\n2026-02-30\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--until\n2026-04-31T09:00\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--until\n2026-11-26T25:00\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--until\n2026-11-26T09:00+24:00\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--until\nsoonish\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--until\n9999-12-31T23:59:59-23:59\n--reason\nr' "--until"
    $'blocker\nsnooze\nB-1\n--reason\nr' "--until"
    $'blocker\naccept\nB-1\n--severity\n9\n--waiting-on\nFIN' "--severity"
    $'blocker\naccept' "KEY"
    $'blocker\nlist\n--severity\n5' "--severity"
    $'blocker\nlist\n--bogus' "unknown option '--bogus'"
    $'blocker\nlist\n-z' "unknown option '-z'"
    $'blocker\nlist\n--stat\nnew' "did you mean '--state'"
    $'blocker\nlist\n--state' "needs a value"
    $'blocker\nlist\n--breached=yes' "takes no value"
    $'blocker\nlist\n--format\nxml' "--format"
    $'blocker\nlist\n--format' "needs a value"
    $'blocker\nlst' "did you mean 'list'"
    $'blockr\nlist' "did you mean 'blocker'"
    $'blocker' "needs a verb"
    $'indicator\nrecord\nrevenue\n1e999' "out of range: 1e999"
    $'indicator\nrecord\nrevenue\nnan' "not a number: nan"
    $'indicator\nrecord\nrevenue\n--\n-inf' "not a number: -inf"
    $'indicator\nrecord\nrevenue\n0x1p3x' "number"
    $'indicator\nrecord\nrevenue\n' "number"
    $'indicator\nrecord\nrevenue\n5\n--at\n2026-02-29' "--at"
    $'indicator\nrecord\nrevenue' "VALUE"
    $'demo\n--scale\n0' "--scale"
    $'demo\n--scale\n999999999999' "--scale"
    $'export\n--format\nxls' "--format"
    $'config\ncheck\n--format\njson' "--format"
    $'--db' "needs a value"
    $'--config' "needs a value"
    $'--unknown-global\nblocker\nlist' "unknown option"
)
for ((i = 0; i < ${#cases[@]}; i += 2)); do
    mapfile -t words <<<"${cases[i]}"
    want=${cases[i + 1]}
    shown=$(printf '%q ' "${words[@]}")
    "$BATON" --db a.db "${words[@]}" >out 2>err
    rc=$?
    bad=()
    [ "$rc" = 2 ] || bad+=("exit $rc, expected 2")
    [ "$(wc -l <err)" = 1 ] && grep -q '^baton: ' err || bad+=("not one 'baton: ' line")
    grep -qF -- "$want" err || bad+=("message does not name '$want'")
    [ ! -s out ] || bad+=("printed on stdout: $(head -c 100 out)")
    cmp -s a.db a.orig || { bad+=("the database changed"); cp a.orig a.db; }
    [ ${#bad[@]} = 0 ] || fail "$shown: $(IFS=';'; echo "${bad[*]}") (stderr: $(head -c 200 err))"
done

# A negative number is a value, not an option: readings below zero (a
# loss, a change) are recorded without a "--" before them.
"$BATON" --db a.db indicator record revenue -5 >out 2>err
[ "$?" = 0 ] || fail "indicator record revenue -5: $(cat err)"
cp a.orig a.db

# Help wins over any mistake on the line, and exits 0.
"$BATON" blocker add --severity 99 --bogus --help >out 2>err
[ "$?" = 0 ] && grep -q "blocker add" out || fail "--help after mistakes: $(cat err)"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
