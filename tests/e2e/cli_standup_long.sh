#!/bin/bash
# A department with more indicators off target than a stand-up page lists:
# the minutes' detail (standup export --full) gives the first 50, red
# before amber and then by key, and a line saying how many more there are
# and where to see them; the JSON lists the same 50.
# Usage: bash cli_standup_long.sh BATON
set -u
BATON=${1:?usage: bash cli_standup_long.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T10:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 shell"; exit 77; }

{
    echo "organisation: Many indicators"
    echo "departments:"
    echo "  - {key: ENG, name: Engineering, lead: alice}"
    echo "people:"
    echo "  - {login: alice, name: Alice Martin, department: ENG}"
    echo "indicators:"
    for i in $(seq -w 0 56); do
        # every third red (below 80), the rest amber (below 90)
        v=85
        [ $((10#$i % 3)) = 0 ] && v=70
        echo "  - {key: m-$i, name: Measure $i, department: ENG, target: 100, amber: 90, red: 80,"
        echo "     readings: [{at: 2026-11-26T06:00:00Z, value: $v}]}"
    done
} >org.yaml
"$BATON" --db t.db import org.yaml >/dev/null 2>err || fail "import: $(cat err)"
sqlite3 t.db "INSERT INTO standup (id, facilitator, since, started_at, ended_at)
  VALUES (1, 'alice', '2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', '2026-11-26T09:20:00Z');
  INSERT INTO standup_department (standup_id, department_id, seconds_spent)
  SELECT 1, id, 80 FROM department WHERE key = 'ENG';" || fail "writing the stand-up"

"$BATON" --db t.db standup export --last --full >out 2>err || fail "export --full: $(cat err)"
rows=$(grep -c '^| Measure ' out)
[ "$rows" = 50 ] || fail "expected 50 indicator rows, saw $rows: $(grep '^| Measure' out | head -3)"
grep -qxF '... and 7 more off target: `baton indicator list --dept ENG`' out ||
    fail "no line saying how many more: $(grep -n 'more' out)"
# red first (m-00, m-03, ... m-54: 19 of them), then amber by key (m-01, m-02, m-04, ...)
first=$(grep '^| Measure ' out | head -1 | cut -d'|' -f2 | xargs)
twentieth=$(grep '^| Measure ' out | sed -n 20p | cut -d'|' -f2 | xargs)
[ "$first" = "Measure 00" ] || fail "first off target: expected Measure 00, saw $first"
[ "$twentieth" = "Measure 01" ] || fail "first amber: expected Measure 01, saw $twentieth"

"$BATON" --db t.db standup export --last --format json >out.json 2>err || fail "json: $(cat err)"
n=$(python3 -c 'import json,sys; d=json.load(open("out.json"))
print(sum(len(x["indicators_off_target"]) for x in d["departments"]))' 2>/dev/null || echo "?")
[ "$n" = 50 ] || fail "JSON lists $n indicators off target, expected 50"
echo "ok"
