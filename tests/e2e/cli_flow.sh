#!/bin/bash
# baton flow: on the demo organisation it names the bottleneck and its
# share; the JSON's matrix sums, per department waited on, to what
# 'blocker count --waiting-on' counts, and in all to the open blockers that
# wait on a department; the same on a generated organisation; resolving a
# blocker moves the figures; every format; bad input refused with exit 2.
# Usage: bash cli_flow.sh BATON
set -u
BATON=${1:?usage: bash cli_flow.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 800 out)"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }

command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }

# DB: for each department, the matrix's column sum and its waiting_on_it
# against blocker count --waiting-on; the matrix's total against the open
# blockers minus those naming no department.
sums_agree() {
    local db=$1
    "$BATON" --db "$db" flow --format json >flow.json || fail "flow --format json on $db"
    python3 - flow.json >sums <<'EOF' || fail "flow.json is not the JSON expected: $(head -c 300 flow.json)"
import json, sys
f = json.load(open(sys.argv[1]))
col = {}
for c in f["matrix"]:
    col[c["to"]] = col.get(c["to"], 0) + c["open"]
    assert set(c) == {"from", "to", "open", "breached", "oldest_days"}, c
for d in f["departments"]:
    assert col.get(d["key"], 0) == d["waiting_on_it"], d
    print(d["key"], d["waiting_on_it"])
assert sum(col.values()) == f["open_waiting"]
assert 0 <= f["bottleneck_share"] <= 1
print("TOTAL", f["open_waiting"] + f["no_waiting_on"])
EOF
    while read -r key n; do
        if [ "$key" = TOTAL ]; then
            got=$("$BATON" --db "$db" blocker count)
        else
            got=$("$BATON" --db "$db" blocker count --waiting-on "$key")
        fi
        [ "$got" = "$n" ] || fail "$db: flow says $n open for $key, blocker count says $got"
    done <sums
}

run "$BATON" --db demo.db demo
expect_rc 0 "demo"
run "$BATON" --db demo.db flow
expect_rc 0 "flow"
expect_out "bottleneck: LEGAL, "
expect_out "% of blocked project-days"
expect_out "Per department waited on"
expect_out "Open blockers by age, week by week"
sums_agree demo.db

# JSON: the fields the contract fixes.
python3 - flow.json <<'EOF' || fail "demo flow JSON: $(head -c 400 flow.json)"
import json, sys
f = json.load(open(sys.argv[1]))
assert f["bottleneck"] == "LEGAL", f["bottleneck"]
want = {"key", "waiting_on_it", "blocked_project_days", "median_first_verdict_hours",
        "median_resolve_days", "resolved_per_week"}
for d in f["departments"]:
    for k in want:
        assert k in d and k + ("_trend" if k != "key" else "") in d, (k, d)
assert len(f["aging"]) == 12
assert set(f["aging"][0]) == {"week", "under_1w", "1_2w", "2_4w", "over_4w", "total"}
EOF

# The demo's history tells a story: Legal, the bottleneck, answers and
# settles slowest, and slower than in the window before; the others answer
# within hours. No median reads 0 h as if every verdict came at raising.
python3 - flow.json <<'EOF' || fail "the demo's history: $(head -c 1500 flow.json)"
import json, sys
f = json.load(open(sys.argv[1]))
d = {x["key"]: x for x in f["departments"]}
legal = d["LEGAL"]
fv = {k: x["median_first_verdict_hours"] for k, x in d.items() if x["median_first_verdict_hours"] is not None}
assert len(fv) >= 6, fv
assert all(v > 0 for v in fv.values()), fv
assert legal["median_first_verdict_hours"] == max(fv.values()) >= 72, fv
assert all(v <= 12 for k, v in fv.items() if k != "LEGAL"), fv
assert legal["median_first_verdict_hours_trend"] >= 48, legal
rd = {k: x["median_resolve_days"] for k, x in d.items() if x["median_resolve_days"] is not None}
assert len(rd) >= 5 and all(v > 0 for v in rd.values()), rd
assert legal["median_resolve_days"] == max(rd.values()), rd
assert legal["median_resolve_days_trend"] > 0, legal
assert legal["resolved_per_week_trend"] < 0, legal
weeks = [w["total"] for w in f["aging"]]
assert weeks[-1] > weeks[-5] > 0, weeks
EOF
run "$BATON" --db demo.db check
expect_rc 0 "check after the demo's history"
run "$BATON" --db demo.db blocker show B-45
expect_out "accept"
expect_out "resolve"

# The full report adds each department's figures as a table; the short
# one leaves them to --full.
run "$BATON" --db demo.db report --full
expect_rc 0 "report --full"
expect_out "## Flow by department waited on"
expect_out "| Department | Waiting on it | Trend | Blocked project-days |"
grep -qE '^\| LEGAL \| 8 \| \+6 \| [0-9.]+ \| \+[0-9.]+ \| 108 \| \+78 \| 15.3 \| \+8.3 \| 0.2 \| -0.5 \|$' out ||
    fail "LEGAL's row of the full report: $(grep -F '| LEGAL' out)"
run "$BATON" --db demo.db report
grep -qF "## Flow by department waited on" out && fail "the short report has the full flow table"

# Resolving one of the bottleneck's blockers takes it out of the matrix.
before=$("$BATON" --db demo.db blocker count --waiting-on LEGAL)
key=$("$BATON" --db demo.db blocker list --waiting-on LEGAL --state accepted --format csv | awk -F, 'NR == 2 { print $1 }')
[ -n "$key" ] || fail "no accepted blocker waiting on LEGAL in the demo"
run "$BATON" --db demo.db blocker resolve "$key" --note "Signed."
expect_rc 0 "resolve $key"
sums_agree demo.db
after=$(awk '$1 == "LEGAL" { print $2 }' sums)
[ "$after" = $((before - 1)) ] || fail "LEGAL waited on by $before, after resolving $key $after"

# The report (and the minutes, written by the same code): the bottleneck
# and the largest flows between departments.
run "$BATON" --db demo.db report
expect_rc 0 "report"
expect_out "Bottleneck: LEGAL, "
expect_out "Largest flows between departments: OPS → LEGAL 3 open"
run "$BATON" --db demo.db report --format json
python3 - out <<'EOF' || fail "report JSON: $(head -c 400 out)"
import json, sys
f = json.load(open(sys.argv[1]))["bottom_line"]["flow"]
assert f["bottleneck"] == "LEGAL", f
assert 0 < f["bottleneck_share"] <= 1, f
assert f["flows"] and all(c["from"] != c["to"] for c in f["flows"]), f
assert len(f["flows"]) <= 3, f
EOF

# --dept keeps that department's row and column.
run "$BATON" --db demo.db flow --dept FIN --format json
expect_rc 0 "flow --dept FIN"
python3 - out <<'EOF' || fail "flow --dept FIN: $(head -c 400 out)"
import json, sys
f = json.load(open(sys.argv[1]))
assert f["matrix"], "empty matrix"
assert all("FIN" in (c["from"], c["to"]) for c in f["matrix"]), f["matrix"]
assert [d["key"] for d in f["departments"]] == ["FIN"], f["departments"]
EOF

# CSV and Markdown: the three sections.
run "$BATON" --db demo.db flow --format csv
expect_rc 0 "flow --format csv"
expect_out "from,to,open,breached,oldest_days"
expect_out "week,under_1w,1_2w,2_4w,over_4w,total"
run "$BATON" --db demo.db flow --format md
expect_rc 0 "flow --format md"
expect_out "# Flow of blockers"
expect_out "## departments"
expect_out "| from | to | open | breached | oldest_days |"

# A window: --since moves it; the figures still add up.
run "$BATON" --db demo.db flow --since 2026-11-01
expect_rc 0 "flow --since"
expect_out "window: 2026-11-01 to 2026-11-26 (25 days)"

# Bad input.
run "$BATON" --db demo.db flow --dept NOPE
expect_rc 2 "flow --dept NOPE"
expect_err "NOPE"
run "$BATON" --db demo.db flow --since yesterday
expect_rc 2 "flow --since yesterday"
run "$BATON" --db demo.db flow --since 2027-01-01
expect_rc 2 "flow --since in the future"
expect_err "--since"
run "$BATON" --db demo.db flow --format yaml
expect_rc 2 "flow --format yaml"
run "$BATON" --db demo.db flow extra
expect_rc 2 "flow extra"
run "$BATON" --db missing.db flow
expect_rc 2 "flow on a missing database"

# An empty organisation: no bottleneck, no error.
run "$BATON" --db empty.db init
expect_rc 0 "init"
run "$BATON" --db empty.db flow
expect_rc 0 "flow on an empty organisation"
expect_out "bottleneck: none"

# A generated organisation.
run "$BATON" --db gen.db demo --scale 3000
expect_rc 0 "demo --scale 3000"
sums_agree gen.db
echo "ok"
