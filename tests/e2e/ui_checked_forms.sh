#!/bin/bash
# The cockpit's forms obey the model's rules and say how to fix what they
# refuse: a reading typed with a comma asks for a dot, a project due before
# its start is not saved and names both dates.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
start_cockpit 120 36
wait_for "1 Departments"

keys 4
keys n
wait_for "r record a reading"
keys r
wait_for "Record a reading"
keys Tab
keys -l "19,5"
keys C-s
wait_for "use a dot: 19.5"
wait_for "not saved: Value: use a dot: 19.5"
keys Escape
wait_gone "Record a reading"
pass "a reading typed with a comma asks for a dot"

start=$(sqlite3 "$DB" "select start from project where key = 'OPS-1'")
[ -n "$start" ] || fail "OPS-1 has no start"
keys 2
keys e
wait_for "Edit project OPS-1"
for _ in 1 2 3 4 5 6 7; do keys Tab; done
keys C-u
keys -l "2026-01-01"
keys C-s
wait_for "project OPS-1 due 2026-01-01 is before its start $start"
[ "$(sqlite3 "$DB" "select due from project where key = 'OPS-1'")" != 2026-01-01 ] ||
    fail "the refused due date was stored"
pass "a project due before its start is not saved"
echo ok
