#!/bin/bash
# A detail view's cursor is always visible: j and k go from one line that
# opens something to the next, over blank lines, headings, fields and the
# second line of a wrapped item; past the last one the view reads on with
# the cursor still on screen, and Enter always opens something.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
start_cockpit 100 30
wait_for "1 Departments"
keys Enter
wait_for "Department OPS"
for ((i = 0; i < 20; i++)); do
    keys j
    sleep 0.05
    line=$(screen | grep -E "^┃▸" | head -1)
    [ -n "$line" ] || fail "no cursor after $((i + 1)) j"
    grep -qE "^┃▸ +(Projects|Open blockers|Indicators|Lead|Health) " <<<"$line" &&
        fail "the cursor rests on a heading or a field: $line"
    grep -qE "^┃▸ +┃$|^┃▸ +[A-Z]+ +┃$" <<<"$line" && fail "the cursor rests on a blank or wrapped line: $line"
done
pass "twenty j in a department's detail: the cursor is always on a line that opens something"
keys Enter
wait_line "(Project|Blocker|Indicator) [A-Za-z0-9-]+"
screen | grep -qF "nothing to open here" && fail "Enter found nothing to open"
pass "Enter opens the item under the cursor"
keys Escape
wait_for "Department OPS"
keys g k
screen | grep -qE "^┃▸" || fail "no cursor after g k"
pass "g and k keep the cursor on screen"
keys q
