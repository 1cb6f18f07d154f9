#!/bin/bash
# Help in context: ? opens with the keys of where you are (triage: the
# verdicts), the legend of marks comes next, / searches the help and Esc
# shows it all again; command names are never cut mid-word. The status
# bar keeps ? and the way out at 80 columns (and u undo in triage), and
# the header says how many blockers wait for triage, live.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
new=$("$BATON" --db "$DB" blocker count --state new)

start_cockpit 160 48
wait_for "$new wait for triage (t)"
pass "the header says $new blockers wait for triage, with t"

keys t
wait_for "TRIAGE"
keys '?'
wait_for "Help: TRIAGE keys first"
# the first lines of the help are the verdicts
top=$(screen | grep -F "┃" | sed -n 2,6p)
grep -qE "┃ Verdicts, on the selected blocker" <<<"$top" || fail "the help does not open at the verdicts: $top"
grep -qE "┃ +a +accept " <<<"$top" || fail "a accept is not among the first lines: $top"
wait_line "┃ Marks +┃"
pass "? in triage opens at the triage keys, the legend of marks right after"

keys /
wait_for "search the help"
keys -l "decision"
keys Enter
wait_for "Help: matching 'decision'"
wait_line "┃ +D +standup-decision +record a decision"
screen | grep -qF "focus-next" && fail "the search kept lines without 'decision'"
pass "/ searches the help; names are whole (standup-decision)"
keys Escape
wait_for "Help: TRIAGE keys first"
wait_for "focus-next"
keys Escape
wait_gone "Help: TRIAGE"
wait_for " TRIAGE "
pass "Esc shows the whole help again, a second Esc closes it"
keys Escape
wait_gone " TRIAGE "

# a verdict from elsewhere: the count follows
key=$("$BATON" --db "$DB" blocker list --state new --format csv | sed -n 2p | cut -d, -f1)
"$BATON" --db "$DB" blocker decline "$key" --reason "not ours" >/dev/null || fail "decline failed"
wait_for "$((new - 1)) wait for triage (t)"
pass "the count waiting for triage follows a colleague's verdict"
keys q
wait_for "EXIT=0"

start_cockpit 80 24
wait_for "1 Departments"
wait_line "^ PANES .* \? help  q quit"
keys 3
wait_line "^ PANES .* \? help  q quit"
keys t
wait_for " TRIAGE "
wait_line "^ TRIAGE .*u undo.*Esc back  \? help"
pass "at 80 columns the status bar keeps ? help and the way out; triage keeps u undo"
keys Escape
keys '?'
wait_for "Help: PANES keys first"
wait_line "┃ Panes"
keys q
