#!/bin/bash
# Tags on blockers from the command line: --tags on blocker add and edit
# (kept in order, repeats removed, '' clears, bad ones refused with exit
# 2), blocker list and count --tag, blocker show in table and JSON, the
# audit row, and organisation files: export, import into an empty database
# and export again give the same bytes, with and without tags; a bad tag
# in a file is refused at its line. Usage: bash cli_tags.sh BATON
set -u
BATON=${1:?usage: bash cli_tags.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$BATON" --db t.db "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 t.db "$@" || fail "sqlite3 $*"; }

# an organisation without tags exports the same bytes after a round trip,
# and no tags column appears anywhere
"$BATON" --db t.db demo --scale 200 >/dev/null 2>&1 || fail demo
for f in yaml json csv; do
    "$BATON" --db t.db export --format $f >plain.$f || fail "export $f"
    ! grep -q tags plain.$f || fail "export $f without tags names tags"
done
"$BATON" --db empty.db init >/dev/null || fail "init empty"
"$BATON" --db empty.db import plain.yaml >/dev/null || fail "import plain"
"$BATON" --db empty.db export --format yaml >again.yaml || fail "export again"
cmp -s plain.yaml again.yaml || fail "round trip without tags changed: $(diff plain.yaml again.yaml | head -5)"

# adding with tags
project=$(q "select key from project order by id limit 1")
run blocker add --project "$project" --title "VAT rules unclear" --tags " vat, legal,vat,q4"
expect_rc 0 "blocker add --tags"
key=$(cat out)
[ "$(q "select tags from blocker where key='$key'")" = "vat,legal,q4" ] ||
    fail "stored tags: $(q "select tags from blocker where key='$key'")"

# refusals: blanks, empty items, too long, too many; nothing written
for bad in "two words" "a,,b" "$(printf 'x%.0s' {1..33})" "$(seq -s, 1 17)"; do
    run blocker add --project "$project" --title "Bad tags" --tags "$bad"
    expect_rc 2 "blocker add --tags '$bad'"
    [ "$(wc -l <err)" = 1 ] || fail "one line for '$bad', saw: $(cat err)"
done
expect_err "at most 16 tags"
[ "$(q "select count(*) from blocker where title='Bad tags'")" = 0 ] || fail "a refused add wrote a row"

# editing replaces the list and is audited
run blocker edit "$key" --tags "q4,urgent"
expect_rc 0 "blocker edit --tags"
[ "$(q "select old || ' -> ' || new from event where entity_key='$key' and field='tags'")" = \
    "vat,legal,q4 -> q4,urgent" ] || fail "audit row of tags"
run blocker edit "$key" --tags "bad tag"
expect_rc 2 "blocker edit with a bad tag"
expect_err "tag 'bad tag' is not allowed"
[ "$(q "select tags from blocker where key='$key'")" = "q4,urgent" ] || fail "a refused edit changed tags"

# show, in a table and in JSON
run blocker show "$key"
expect_rc 0 "blocker show"
expect_out "tags:             q4 urgent"
run blocker show "$key" --format json
expect_out '"tags":["q4","urgent"]'
other=$(q "select key from blocker where tags is null limit 1")
run blocker show "$other"
! grep -q '^tags:' out || fail "show of a blocker without tags names tags"

# list and count by tag: exact words only
run blocker add --project "$project" --title "Another" --tags "urgently,q4"
second=$(cat out)
run blocker list --tag urgent --format csv
expect_rc 0 "list --tag"
[ "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" = "$key " ] || fail "list --tag urgent: $(cat out)"
run blocker count --tag q4
[ "$(cat out)" = 2 ] || fail "count --tag q4: $(cat out)"
run blocker list --tag q4 --state all --format json
expect_out "\"key\":\"$second\""

# clearing
run blocker edit "$second" --tags ''
expect_rc 0 "clearing tags"
[ -z "$(q "select tags from blocker where key='$second'")" ] || fail "'' did not clear the tags"

# organisation files carry tags: export, import into an empty database,
# export again: the same bytes
"$BATON" --db t.db export --format yaml >tagged.yaml || fail "export tagged"
grep -qF "tags: [q4, urgent]" tagged.yaml || fail "the yaml has no tags: $(grep "$key" tagged.yaml)"
"$BATON" --db t.db export --format csv >tagged.csv || fail "export csv"
grep -q "^key,project,title,.*,reason,tags\$" tagged.csv || fail "csv has no tags column when a blocker has tags"
"$BATON" --db fresh.db init >/dev/null || fail "init fresh"
"$BATON" --db fresh.db import tagged.yaml >/dev/null || fail "import tagged"
[ "$(sqlite3 fresh.db "select tags from blocker where key='$key'")" = "q4,urgent" ] ||
    fail "imported tags"
"$BATON" --db fresh.db export --format yaml >tagged2.yaml || fail "export tagged again"
cmp -s tagged.yaml tagged2.yaml || fail "round trip with tags changed: $(diff tagged.yaml tagged2.yaml | head -5)"
"$BATON" --db fresh.db import tagged.yaml >out 2>&1 || fail "second import"
[ "$(sqlite3 fresh.db "select count(*) from event where field='tags'")" = 0 ] ||
    fail "importing the same file twice wrote tag changes"

# a bad tag in a file is refused at its line and column
cat >bad.yaml <<'EOF'
organisation: Acme
departments:
  - {key: ENG, name: Engineering}
projects:
  - {key: ENG-1, title: New billing, department: ENG}
blockers:
  - {key: B-1, project: ENG-1, title: Waiting, tags: [fine, not fine]}
EOF
"$BATON" --db bad.db init >/dev/null || fail "init bad"
"$BATON" --db bad.db import bad.yaml >out 2>err
rc=$?
expect_rc 2 "import of a bad tag"
expect_err "bad.yaml:7:"
expect_err "tag 'not fine' is not allowed"
echo "cli_tags: ok"
