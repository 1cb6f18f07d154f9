#!/bin/bash
# What others do shows up: a blocker added from another process appears
# within a second or two; `/` narrows the focused pane to what matches;
# an escape sequence in a title is shown, never sent to the terminal.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
project=$("$BATON" --db "$DB" project list --format csv | awk -F, 'NR == 2 {print $1}')
[ -n "$project" ] || fail "no project listed"
start_cockpit 160 48
wait_for "3 Blockers"
keys 3
wait_for "┏━ 3 Blockers"

"$BATON" --db "$DB" blocker add --project "$project" --title "Zebra crossing permit" \
    --severity 1 >/dev/null || fail "blocker add failed"
wait_for "Zebra crossing" 3
pass "a blocker added from another process appears"

total_before=$(screen | grep -oE '[0-9]+ of [0-9]+ ━' | head -1 | awk '{print $3}')
keys / z e b r a
wait_for "/zebra"
wait_for "1 of 1 ━"
keys Enter
wait_for " PANES "
screen | grep -qF "Zebra crossing" || fail "the match is not shown"
keys Escape
wait_for "of $total_before ━"
pass "/ narrows the focused pane and Esc clears it"

title=$'Evil \e]0;pwned\a and \e[2J title'
"$BATON" --db "$DB" blocker add --project "$project" --title "$title" --severity 1 \
    >/dev/null || fail "blocker add with escapes failed"
wait_for "Evil ^[]0;pwned^G" 3
key=$("$BATON" --db "$DB" blocker list --format csv | grep -F 'Evil' | cut -d, -f1)
[ -n "$key" ] || fail "the blocker with escapes is not listed"
keys : g o t o Space "$key" Enter
wait_for "Evil ^[]0;pwned^G and ^[[2J title"
keys Escape
wait_for "3 Blockers"
[ "$(tm display -p -t e2e '#{pane_title}')" = "pwned" ] && fail "the title reached the terminal"
screen | grep -qF "1 Departments" || fail "the screen was cleared by ESC[2J"
pass "escape sequences in titles are shown in caret form, not sent"

keys q
wait_for "EXIT=0"
pass "q exits 0"
