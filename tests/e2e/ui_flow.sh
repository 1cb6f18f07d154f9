#!/bin/bash
# The flow view: `:flow` names the bottleneck on its first line, shows who
# waits on whom as a heat map in the departments' configured order (counts
# as digits, '!' past the SLA, readable under NO_COLOR and LANG=C) with a
# cursor on its cells that starts on the hottest; Enter on a cell lists its
# blockers, where a verdict key acts on the one under the cursor; a row's
# department and a column's heading open the department's figures; a
# blocker resolved from another process leaves the matrix at once; the
# largest flows list their blockers too; `layout:` places a flow pane.
source "$(dirname "$0")/lib-tmux.sh"

# cursor_to REGEX KEY: presses KEY (j or k) until the cursor line matches
# REGEX, each time waiting for the cursor to move before looking again.
cursor_to() {
    local want=$1 key=$2 before
    for _ in $(seq 1 60); do
        screen | grep -qE "▸.*$want" && return 0
        before=$(screen | grep "▸")
        keys "$key"
        for _ in $(seq 1 50); do
            [ "$(screen | grep "▸")" != "$before" ] && break
            sleep 0.05
        done
    done
    fail "the cursor never reached '$want': $(screen)"
}

make_demo
start_cockpit 160 48
wait_for "3 Blockers"
keys : f l o w Enter
wait_for "bottleneck: LEGAL, "
screen | sed -n 3p | grep -qF "bottleneck: LEGAL, " || fail "the first line does not name the bottleneck"
# Configured order: OPS first, IT last (not the keys' order).
screen | grep -qE "on: +OPS ENG PRO SAL MKT SUP FIN +HR LEG +IT" ||
    fail "the heat map's columns are not in configured order"
screen | grep -qE "OPS +· +· +· +· +· +· +1! +· +4! +·" || fail "OPS's row of the heat map"
pass ":flow names the bottleneck and shows the heat map in configured order"

# The cursor starts on the hottest cell, OPS waiting on LEGAL: its row has
# the mark and the cell is drawn in the selection's colours (reverse here).
want=$("$BATON" --db "$DB" blocker list --waiting-on LEGAL --dept OPS --format csv | awk -F, 'NR > 1' | wc -l)
[ "$want" = 4 ] || fail "the demo has $want blockers of OPS waiting on LEGAL, expected 4"
screen | grep -qE "▸ +OPS +·" || fail "the cursor is not on OPS's row: $(screen)"
selected_cell() { tm capture-pane -p -e -t e2e | grep -F "▸" | grep -oE $'\e\[[0-9;]*48;5;25m *[0-9·]+!?' | grep -oE '[0-9·]+!?$'; }
[ "$(selected_cell)" = "4!" ] || fail "the cursor is not on the hottest cell (4!): '$(selected_cell)'"
pass "the flow view's cursor starts on the hottest cell"

# Enter on it lists its blockers, and the verdict keys act on the one under
# the cursor there.
keys Enter
wait_for "OPS waits on LEGAL: 4 open"
for key in $("$BATON" --db "$DB" blocker list --waiting-on LEGAL --dept OPS --format csv | awk -F, 'NR > 1 {print $1}'); do
    screen | grep -qE "[S?0-9] +!? *$key " || fail "$key is not listed under OPS → LEGAL: $(screen)"
done
pass "Enter on the hottest cell lists its blockers"
first=$(screen | grep -oE "▸ +S[0-9?] +!? *B-[0-9]+" | grep -oE "B-[0-9]+")
[ -n "$first" ] || fail "no blocker under the cursor"
screen | tail -1 | grep -qF "r resolve" || fail "the status bar does not offer the verdicts: $(screen | tail -1)"
keys r
wait_for "resolve $first"
keys Enter
wait_for "$first resolved"
wait_for "OPS waits on LEGAL: 3 open"
screen | grep -qE "S[0-9?] +!? *$first " && fail "$first is still listed after its resolution"
[ "$("$BATON" --db "$DB" blocker show "$first" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = resolved ] ||
    fail "$first is not resolved in the database"
keys Escape
wait_for "bottleneck: LEGAL, "
screen | grep -qE "OPS +· +· +· +· +· +· +1! +· +3!? +·" || fail "the heat map did not follow the verdict: $(screen)"
[ "$(selected_cell)" = "3!" ] || fail "Esc did not come back to the cell: '$(selected_cell)'"
pass "a verdict given in a cell's list leaves the matrix"

# Moving: j goes down the column (ENG waits on LEGAL), h along the row to
# the department's name, which opens its figures; k from the first row
# reaches the column's heading.
keys j
wait_line "▸ +ENG "
[ "$(selected_cell)" = "1!" ] || fail "j did not move down the LEGAL column: '$(selected_cell)'"
keys Enter
wait_for "ENG waits on LEGAL: 1 open"
keys Escape
wait_line "▸ +ENG "
keys h
[ "$(selected_cell)" = "·" ] || fail "h did not move left to ENG → HR: '$(selected_cell)'"
keys Enter
wait_for "ENG waits on HR: 0 open"
wait_for "none now"
keys Escape
wait_line "▸ +ENG "
for _ in 1 2 3 4 5 6 7 8 9 10 11; do keys h; done
keys Enter
wait_for "Flow ENG"
wait_for "Waiting on it (its column)"
keys Escape
wait_line "▸ +ENG "
for _ in 1 2 3 4 5 6 7 8 9 10; do keys l; done
keys k k
wait_line "▸ +on: "
keys Enter
wait_for "Flow IT"
wait_for "It waits on (its row)"
keys Escape
wait_line "▸ +on: "
keys h
keys Enter
wait_for "Flow LEGAL"
screen | grep -qF "bottleneck: LEGAL" || fail "the bottleneck's figures do not say so"
keys Escape
pass "arrows move between cells; a row's name and a column's heading open the department's figures"

# A colleague resolves one from another process: the matrix follows.
keys j
wait_line "▸ +OPS "
next=$("$BATON" --db "$DB" blocker list --waiting-on LEGAL --dept OPS --state new --format csv | awk -F, 'NR == 2 {print $1}')
"$BATON" --db "$DB" blocker resolve "$next" --note "Signed" >/dev/null || fail "resolve $next"
wait_line "OPS +· +· +· +· +· +· +1! +· +2!? +·" 5
wait_line "▸ +OPS "
pass "a blocker resolved elsewhere leaves the matrix live, the cursor staying on its cell"

# The largest flows under the aging chart list a flow's blockers too.
keys G
cursor_to " +OPS +→ LEGAL" k
keys Enter
wait_for "OPS waits on LEGAL: 2 open"
keys Escape Escape
wait_for "3 Blockers"

# Without colour and UTF-8: digits, '!' and ASCII.
start_cockpit 100 40 NO_COLOR=1 LANG=C LC_ALL=C
wait_for "3 Blockers"
keys : f l o w Enter
wait_for "bottleneck: LEGAL, "
screen | grep -qE "OPS +\. +\. +\. +\. +\. +\. +1! +\. +2!? +\." || fail "LANG=C heat map: $(screen)"
screen | grep -qE "ENG +-> ENG" || fail "LANG=C arrows: $(screen)"
# the cursor's cell in reverse video, its row marked with '>'
tm capture-pane -p -e -t e2e | grep -E "^#.*>" | grep -qE $'\e\[[0-9;]*7m *[0-9]+!?' ||
    fail "no cell in reverse video under NO_COLOR: $(tm capture-pane -p -e -t e2e | grep -E '^#.*>' | cat -v)"
pass "NO_COLOR and LANG=C read through digits and '!'"

# A flow pane placed by the layout: its first row is the bottleneck.
mkdir -p "$XDG_CONFIG_HOME/baton"
cat >"$XDG_CONFIG_HOME/baton/config.yaml" <<'YAML'
layout:
  rows: 1
  cols: 2
  panes: [blockers, flow]
YAML
start_cockpit 120 30
wait_for "2 Flow"
screen | grep -qE "bottleneck +LEGAL +[0-9]+%" || fail "the flow pane's first row: $(screen)"
keys 2 j Enter
wait_for "waits on"
pass "layout places a flow pane; Enter on a cell lists its blockers"
