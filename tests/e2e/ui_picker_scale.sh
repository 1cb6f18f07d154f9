#!/bin/bash
# A picker over more projects than it loads (a generated organisation of
# 2,500 projects): the form's project picker reads a window of the
# matches of what is typed from the store, finds a project far down the
# key order by the start of its key and by words of its title, and the
# chosen project is the one the new blocker gets.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }

"$BATON" --db "$DB" demo --scale 25000 >/dev/null || fail "baton demo --scale 25000 failed"
[ "$(q "select count(*) from project")" -gt 2000 ] || fail "the organisation is too small for this test"
start_cockpit 120 40
wait_for "Departments"
keys 3
keys n
wait_for "Add blocker"
keys C-o
wait_for "> "
# by the start of a key deep in the key order
keys "data-2"
wait_line "▸ DATA-2 "
pass "the picker finds a project by the start of its key"
keys C-u
# by words of a title, in any order
T=$(q "select title from project where key = 'DATA-17'")
W1=$(echo "$T" | awk '{print tolower($NF)}')
W2=$(echo "$T" | awk '{print tolower($1)}')
keys "$W1 $W2"
wait_for "DATA-17 "
pass "the picker finds a project by words of its title ($W1 $W2)"
keys C-u "data-2"
wait_line "▸ DATA-2 "
keys Enter
wait_gone "> data-2"
keys Tab "Picked from a long list" C-s
wait_for "blocker B-"
[ "$(q "select p.key from blocker b join project p on p.id = b.project_id where b.title = 'Picked from a long list'")" = DATA-2 ] ||
    fail "the new blocker is not on DATA-2"
pass "the chosen project is the new blocker's"
keys q
wait_for "EXIT=0"
