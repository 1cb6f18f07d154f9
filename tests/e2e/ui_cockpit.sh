#!/bin/bash
# The cockpit on the demo organisation: the four panes and their data,
# focus with Tab and 1-4, selection with j/k, a detail view opened with
# Enter and closed with Esc, the help overlay, and q leaving with status 0
# and the terminal restored.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
start_cockpit 160 48
wait_for "1 Departments"
for pane in "2 Projects" "3 Blockers" "4 Indicators"; do
    wait_for "$pane"
done
org=$("$BATON" --db "$DB" export --format yaml | sed -n 's/^organisation: *//p' | head -1)
wait_for "$org"
# a department of the demo, read back through the command line
dept=$("$BATON" --db "$DB" department list --format csv | awk -F, 'NR == 2 {print $1}')
[ -n "$dept" ] || fail "no department listed"
screen | grep -qF " $dept " || fail "department $dept not on screen"
pass "four panes with the demo data"

# focus: the focused pane has the heavy border
wait_for "┏━ 1 Departments"
keys Tab
wait_for "┏━ 2 Projects"
keys 3
wait_for "┏━ 3 Blockers"
keys BTab
wait_for "┏━ 2 Projects"
keys 3
wait_for "┏━ 3 Blockers"
pass "Tab, S-Tab and 1-4 move the focus"

# selection: the row under the cursor carries the ▸ mark in the blockers pane
row_keys() { screen | grep -oE '┃.S[0-9?]!? +B-[0-9]+' | awk '{print $NF}'; }
first=$(row_keys | sed -n 1p)
second=$(row_keys | sed -n 2p)
[ -n "$first" ] && [ -n "$second" ] || fail "no blocker rows"
screen | grep -qE "┃▸S[0-9?]!? +$first " || fail "cursor not on the first blocker $first"
keys j
wait_line "┃▸S[0-9?]!? +$second "
keys k
wait_line "┃▸S[0-9?]!? +$first "
pass "j and k move the selection"

keys Enter
wait_for "Blocker $first"
wait_for "Esc back"
wait_for "History"
wait_for " DETAIL "
keys Escape
wait_for "3 Blockers"
wait_gone "Blocker $first"
pass "Enter opens a detail view, Esc closes it"

# Esc waits only a few milliseconds for more; the bytes of an arrow's
# sequence, written together as a terminal (or ssh) writes them, are still
# one key (the application-mode form curses asks the terminal for)
keys -H 1b 4f 42
wait_line "┃▸S[0-9?]!? +$second "
keys -H 1b 4f 41
wait_line "┃▸S[0-9?]!? +$first "
keys Enter
wait_for "Blocker $first"
keys -H 1b
wait_gone "Blocker $first"
pass "arrow sequences stay keys beside a quick Esc"

# y copies with OSC 52; tmux with set-clipboard on keeps it as a buffer
tm set -g set-clipboard on
keys y
wait_for "copied: $first"
for ((i = 0; i < 40; i++)); do
    tm show-buffer 2>/dev/null | grep -q "^$first " && break
    sleep 0.05
done
tm show-buffer 2>/dev/null | grep -q "^$first " || fail "clipboard holds '$(tm show-buffer 2>&1)'"
pass "y copies the key and title with OSC 52"

keys '?'
wait_for "Help: PANES keys first"
wait_for "focus-next"
# the moving keys are further down: the help's search finds them
keys / h a l f Enter
wait_for "half-page-down"
keys Escape # the search first
wait_for "focus-next"
keys q
wait_gone "Help: "
pass "? lists the keys"

keys q
wait_for "EXIT=0"
screen | grep -qF "4 Indicators" && fail "the cockpit is still on screen after q"
pass "q exits 0 and restores the screen"
