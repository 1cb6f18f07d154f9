#!/bin/bash
# The flow view: `:flow` names the bottleneck on its first line, shows who
# waits on whom as a heat map in the departments' configured order (counts
# as digits, '!' past the SLA, readable under NO_COLOR and LANG=C), Enter
# on the largest flow lists its blockers and Enter on one opens it; a
# blocker resolved from another process leaves the matrix at once; a
# matrix row opens the department's figures; `layout:` places a flow pane.
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

# The hottest flow is the first link after the matrix: OPS -> LEGAL.
want=$("$BATON" --db "$DB" blocker list --waiting-on LEGAL --dept OPS --format csv | awk -F, 'NR > 1' | wc -l)
[ "$want" = 4 ] || fail "the demo has $want blockers of OPS waiting on LEGAL, expected 4"
keys G
cursor_to " +OPS +→ LEGAL" k
screen | grep -qE "▸ +OPS +→ LEGAL +4 open" || fail "no cursor on OPS → LEGAL: $(screen)"
keys Enter
wait_for "OPS waits on LEGAL"
for key in $("$BATON" --db "$DB" blocker list --waiting-on LEGAL --dept OPS --format csv | awk -F, 'NR > 1 {print $1}'); do
    screen | grep -qE "[S?0-9] +!? *$key " || fail "$key is not listed under OPS → LEGAL: $(screen)"
done
pass "Enter on the hottest flow lists its blockers"

first=$(screen | grep -oE "▸ +S[0-9?] +!? *B-[0-9]+" | grep -oE "B-[0-9]+")
[ -n "$first" ] || fail "no blocker under the cursor"
keys Enter
wait_for "$first"
wait_for "History"
keys Escape
wait_for "OPS waits on LEGAL"
keys Escape
wait_for "┏━ Flow ━"

# A colleague resolves it: the matrix follows.
"$BATON" --db "$DB" blocker resolve "$first" --note "Signed" >/dev/null || fail "resolve $first"
wait_for "OPS      → LEGAL       3 open" 5
keys g
wait_for "bottleneck: LEGAL, "
screen | grep -qE "OPS +· +· +· +· +· +· +1! +· +3!? +·" || fail "the heat map did not follow: $(screen)"
pass "a blocker resolved elsewhere leaves the matrix live"

# A row of the matrix opens the department's figures.
cursor_to " +LEGAL " j
keys Enter
wait_for "Flow LEGAL"
wait_for "Waiting on it (its column)"
screen | grep -qF "bottleneck: LEGAL" || fail "the bottleneck's figures do not say so"
pass "a row opens the department's figures"
keys Escape Escape
wait_for "3 Blockers"

# Without colour and UTF-8: digits, '!' and ASCII.
start_cockpit 100 40 NO_COLOR=1 LANG=C LC_ALL=C
wait_for "3 Blockers"
keys : f l o w Enter
wait_for "bottleneck: LEGAL, "
screen | grep -qE "OPS +\. +\. +\. +\. +\. +\. +1! +\. +3!? +\." || fail "LANG=C heat map: $(screen)"
screen | grep -qE "OPS +-> LEGAL" || fail "LANG=C arrows: $(screen)"
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
