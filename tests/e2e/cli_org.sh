#!/bin/bash
# Organisation data through the command line: the demo, export and import
# round trips, idempotent import, the other export formats and YAML errors
# with their position. Usage: bash cli_org.sh BATON
set -u
BATON=${1:?usage: bash cli_org.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export BATON_SRCDIR=$SRC
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }

# The demo: a WAL database holding the organisation of config/demo-org.yaml.
run "$BATON" --db demo.db demo
expect_rc 0 "demo"
[ "$(q demo.db 'PRAGMA journal_mode')" = wal ] || fail "demo database is not in WAL mode"
org=$(sed -n 's/^organisation: *//p' "$SRC/config/demo-org.yaml" | tr -d "\"'")
[ -n "$org" ] || fail "cannot read the organisation's name from demo-org.yaml"
run "$BATON" --db demo.db export
expect_rc 0 "export"
head -1 out | grep -qF "$org" || fail "export does not name '$org': $(head -1 out)"
[ "$(q demo.db 'select count(*) from department')" -ge 1 ] || fail "demo has no departments"
run "$BATON" --db demo.db department list --format csv
expect_rc 0 "department list"
# A second demo into the same database is refused, and changes nothing.
before=$(q demo.db 'select count(*) from event')
run "$BATON" --db demo.db demo
expect_rc 2 "demo into a non-empty database"
expect_err "already holds an organisation"
[ "$(q demo.db 'select count(*) from event')" = "$before" ] || fail "refused demo wrote events"
run "$BATON" --seed 3 demo --db x.db
expect_rc 2 "--seed without --scale"

# export -> import into an empty database -> export: identical bytes.
"$BATON" --db demo.db export -o first.yaml || fail "export -o"
[ -s first.yaml ] || fail "export -o wrote nothing"
run "$BATON" --db copy.db init
expect_rc 0 "init"
run "$BATON" --db copy.db import first.yaml
expect_rc 0 "import into an empty database"
"$BATON" --db copy.db export >second.yaml || fail "second export"
cmp first.yaml second.yaml || fail "export -> import -> export differs"
# Importing the same file again changes nothing, not even the audit log.
events=$(q copy.db 'select count(*) from event')
run "$BATON" --db copy.db import first.yaml
expect_rc 0 "second import"
[ "$(q copy.db 'select count(*) from event')" = "$events" ] || fail "second import wrote events"

# JSON, CSV and Markdown from the same data.
"$BATON" --db demo.db export --format json >org.json || fail "export json"
[ "$(q :memory: "select json_valid(readfile('org.json'))")" = 1 ] || fail "export json is not JSON"
n_json=$(q :memory: "select json_array_length(json_extract(readfile('org.json'), '\$.blockers'))")
[ "$n_json" = "$(q demo.db 'select count(*) from blocker')" ] || fail "json export has $n_json blockers"
[ "$(q :memory: "select json_extract(readfile('org.json'), '\$.organisation')")" = "$org" ] ||
    fail "json export's organisation"
"$BATON" --db demo.db export --format csv --only blockers >b.csv || fail "export csv"
head -1 b.csv | grep -q '^key,project,title,' || fail "csv header: $(head -1 b.csv)"
"$BATON" --db demo.db export --format csv >all.csv || fail "export csv, all sections"
for s in departments people projects blockers indicators readings; do
    grep -qx "$s" all.csv || fail "csv export lacks section $s"
done
"$BATON" --db demo.db export --format md >org.md || fail "export md"
grep -q '^## Blockers$' org.md || fail "md export lacks its Blockers heading"
run "$BATON" --db demo.db export --only blockers
expect_rc 2 "--only with yaml"

# Malformed YAML and an unknown key: exit 2 with FILE:LINE:COL.
printf 'organisation: X\ndepartments:\n  - {key: ENG, name: [oops\n' >broken.yaml
run "$BATON" --db new.db import broken.yaml
expect_rc 2 "malformed YAML"
grep -qE '^baton: broken\.yaml:[0-9]+:[0-9]+: ' err || fail "no FILE:LINE:COL: $(cat err)"
printf 'organisation: X\ndepartments:\n  - {key: ENG, nmae: Engineering}\n' >typo.yaml
run "$BATON" --db new.db import typo.yaml
expect_rc 2 "unknown key"
expect_err "typo.yaml:3:"
expect_err "did you mean 'name'?"
# A refused import leaves an existing database as it was.
before=$(q copy.db 'select count(*) from event')
run "$BATON" --db copy.db import typo.yaml
expect_rc 2 "unknown key into an existing database"
[ "$(q copy.db 'select count(*) from event')" = "$before" ] || fail "refused import wrote events"
run "$BATON" --db copy.db import missing.yaml
[ "$rc" != 0 ] || fail "import of a missing file succeeded"

# Many departments: each is looked up by its key, and a "did you mean" is
# only worked out for a key that is really missing.
{
    printf 'organisation: Wide\ndepartments:\n'
    for i in $(seq -w 1 5000); do printf '  - {key: D%s, name: Department %s}\n' "$i" "$i"; done
    printf 'people:\n'
    for i in $(seq -w 1 50 5000); do printf '  - {login: u%s, name: User %s, department: D%s}\n' "$i" "$i" "$i"; done
    printf 'projects:\n'
    for i in $(seq -w 1 50 5000); do printf '  - {key: P%s, title: Project %s, department: D%s}\n' "$i" "$i" "$i"; done
} >wide.yaml
run "$BATON" --db wide.db import wide.yaml
expect_rc 0 "import of 5000 departments"
expect_out "5000 departments, 100 projects"
[ "$(q wide.db 'select count(*) from department')" = 5000 ] || fail "wide import made $(q wide.db 'select count(*) from department') departments"
[ "$(q wide.db "select department_id = (select id from department where key = 'D4951') from person where login = 'u4951'")" = 1 ] || fail "u4951 is not in D4951"
before=$(q wide.db 'select count(*) from event')
run "$BATON" --db wide.db import wide.yaml
expect_rc 0 "second import of 5000 departments"
[ "$(q wide.db 'select count(*) from event')" = "$before" ] || fail "importing the same wide file again wrote events"
sed 's/department: D4951}/department: DD4951}/' wide.yaml >wide-typo.yaml
run "$BATON" --db wide.db import wide-typo.yaml
expect_rc 2 "wide import with a typo"
expect_err "unknown department 'DD4951'"
expect_err "did you mean 'D4951'?"

# A generated organisation.
run "$BATON" --db gen.db demo --scale 200 --seed 7
expect_rc 0 "demo --scale"
[ "$(q gen.db 'select count(*) from blocker')" = 200 ] || fail "demo --scale 200 made $(q gen.db 'select count(*) from blocker') blockers"

echo "ok"
