#!/bin/bash
# baton export writes rows as it reads them: every format holds each row
# once and whole, in key order, across the batches it is written in; the
# whole document and --only's tables agree; a failing output is reported;
# and its memory does not grow with the organisation (a generated one four
# times larger costs about the same). Usage: bash cli_export_stream.sh BATON
set -u
BATON=${1:?usage: bash cli_export_stream.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

"$BATON" --db small.db demo --scale 3000 >/dev/null 2>err || fail "demo --scale 3000: $(cat err)"

# JSON, one section: an array of 3,000 objects, commas between them only.
"$BATON" --db small.db export --format json --only blockers >b.json || fail "export json exited $?"
[ "$(head -n 1 b.json)" = "[" ] || fail "json array opens with '[', saw '$(head -n 1 b.json)'"
[ "$(tail -n 1 b.json)" = "]" ] || fail "json array ends with ']', saw '$(tail -n 1 b.json)'"
n=$(grep -c '^  {"key":"B-[0-9]*",' b.json)
[ "$n" = 3000 ] || fail "json lists $n blockers, want 3000"
n=$(grep -c '},$' b.json)
[ "$n" = 2999 ] || fail "json has $n objects followed by a comma, want 2999"
# in key order, as blocker list --sort key gives them
grep -o '^  {"key":"B-[0-9]*"' b.json | sed 's/.*"B-//; s/"//' >keys
sort -n -c keys 2>/dev/null || fail "json blockers are not in key order"
[ "$(head -n 1 keys) $(tail -n 1 keys)" = "1 3000" ] || fail "json runs from B-$(head -n 1 keys) to B-$(tail -n 1 keys)"

# The whole JSON document: every section's rows, the same objects as --only's.
"$BATON" --db small.db export --format json >all.json || fail "export json (whole) exited $?"
n=$(grep -c '^    {"key":"B-[0-9]*",' all.json)
[ "$n" = 3000 ] || fail "whole json lists $n blockers, want 3000"
diff <(grep '^    {"key":"B-' all.json | sed 's/^    //; s/,$//') \
    <(grep '^  {"key":"B-' b.json | sed 's/^  //; s/,$//') >/dev/null ||
    fail "the whole json's blockers differ from --only blockers"
[ "$(tail -n 1 all.json)" = "}" ] || fail "whole json ends with '}', saw '$(tail -n 1 all.json)'"

# CSV: the whole export is the sections' tables one after another.
: >want.csv
first=1
for s in departments people projects blockers indicators readings objectives key_results serves \
    checkins; do
    [ "$first" = 1 ] || echo >>want.csv
    first=0
    echo "$s" >>want.csv
    "$BATON" --db small.db export --format csv --only "$s" >>want.csv || fail "export csv --only $s exited $?"
done
"$BATON" --db small.db export --format csv >all.csv || fail "export csv exited $?"
cmp -s all.csv want.csv || fail "export --format csv is not its sections' tables in turn"
n=$(grep -c '^B-[0-9]*,' all.csv)
[ "$n" = 3000 ] || fail "csv lists $n blockers, want 3000"
n=$(grep -c '^[A-Z]*-[0-9]*,' <("$BATON" --db small.db export --format csv --only projects))
[ "$n" = 300 ] || fail "csv lists $n projects, want 300"

# Markdown: one table row per blocker, under one heading row and rule.
"$BATON" --db small.db export --format md --only blockers >b.md || fail "export md exited $?"
n=$(grep -c '^| B-[0-9]* |' b.md)
[ "$n" = 3000 ] || fail "md lists $n blockers, want 3000"
[ "$(sed -n 2p b.md | cut -c1-8)" = "| --- | " ] || fail "md's second line is the rule, saw '$(sed -n 2p b.md)'"

# YAML: every blocker once, B-9 before B-10; written to a file through -o.
"$BATON" --db small.db export -o org.yaml || fail "export -o exited $?"
n=$(grep -c '^  - {key: B-[0-9]*,' org.yaml)
[ "$n" = 3000 ] || fail "yaml lists $n blockers, want 3000"
l9=$(grep -n '^  - {key: B-9,' org.yaml | cut -d: -f1)
l10=$(grep -n '^  - {key: B-10,' org.yaml | cut -d: -f1)
[ "$l9" -lt "$l10" ] || fail "yaml puts B-10 (line $l10) before B-9 (line $l9)"

# A full disk stops the export with a message, exit 1, and no file left.
if [ -w /dev/full ]; then
    "$BATON" --db small.db export --format json >/dev/full 2>err
    rc=$?
    [ "$rc" = 1 ] || fail "export to a full disk: exit $rc, want 1 ($(cat err))"
    grep -q "cannot write the output: No space left on device" err ||
        fail "export to a full disk says: $(cat err)"
    "$BATON" --db small.db export >/dev/full 2>err
    rc=$?
    [ "$rc" = 1 ] || fail "yaml export to a full disk: exit $rc, want 1 ($(cat err))"
    grep -q "writing the organisation file failed" err || fail "yaml export to a full disk says: $(cat err)"
fi

# Memory: the peak of a command, read from /proc while it runs (VmHWM only grows).
peak_kib() {
    "$@" >/dev/null 2>&1 &
    local pid=$! peak=0 v
    while kill -0 "$pid" 2>/dev/null; do
        v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
        [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
        sleep 0.01
    done
    wait "$pid" || fail "$* exited $?"
    echo "$peak"
}
if grep -aqF "__asan_init" "$BATON"; then
    # AddressSanitizer keeps freed memory aside: its peak says nothing here.
    echo "note: a sanitizer build; export's memory not measured"
else
    "$BATON" --db big.db demo --scale 12000 >/dev/null 2>err || fail "demo --scale 12000: $(cat err)"
    for f in yaml json; do
        small=$(peak_kib "$BATON" --db small.db export --format "$f")
        big=$(peak_kib "$BATON" --db big.db export --format "$f")
        # What grows is SQLite's page cache, up to 8 MiB for an export; holding
        # the organisation cost 14 (yaml) to 20 MiB (json) more here.
        [ "$big" -lt $((small + 9 * 1024)) ] ||
            fail "export --format $f: $small KiB for 3,000 blockers, $big KiB for 12,000"
        echo "export --format $f: peak $small KiB at 3,000 blockers, $big KiB at 12,000"
    done
fi
echo "ok"
