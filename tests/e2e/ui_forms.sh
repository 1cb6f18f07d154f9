#!/bin/bash
# Editing forms through a pseudo-terminal (tmux): e opens the selected
# item's form, a field out of range is marked next to it and nothing is
# saved, a picker fills a reference, C-s saves with an audit row, Esc
# cancels with nothing written, a colleague's change in between is
# refused with who changed what and the typed input stays; a opens an
# empty form (a blocker here) and adds it.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
proj() { q "select $2 from project where key='$1'"; }

make_demo
start_cockpit 120 40
wait_for "Departments"
P=$(q "select p.key from project p join department d on d.id=p.department_id order by d.sort_order, p.key limit 1")
keys 2
wait_line "▸$P "
keys e
wait_for "Edit project $P"
pass "e opens the selected project's form"

# Esc writes nothing
n=$(q "select count(*) from event")
keys "x changed"
keys Escape
wait_for "cancelled; nothing was written"
[ "$(q "select count(*) from event")" = "$n" ] || fail "a cancelled form wrote audit rows"
pass "Esc cancels the form"

# progress out of range is marked and not saved
keys e
wait_for "Edit project $P"
for i in 1 2 3 4 5; do keys Tab; done
keys C-u 150 C-s
wait_for "from 0 to 100"
wait_for "not saved"
[ "$(proj "$P" progress)" != 150 ] || fail "an out-of-range progress was saved"
keys C-u 65
pass "a bad value is marked next to its field"

# a reference through the picker; an unknown department is refused
keys BTab BTab BTab BTab
keys C-u "NOPE" Tab
wait_for "no department 'NOPE'"
keys BTab C-o
wait_for "Department"
keys "financ"
wait_line "▸ +FIN "
keys Enter
wait_gone "no department 'NOPE'"
keys C-s
wait_for "project $P saved"
[ "$(proj "$P" progress)" = 65 ] || fail "progress not saved: $(proj "$P" progress)"
[ "$(q "select d.key from project p join department d on d.id=p.department_id where p.key='$P'")" = FIN ] ||
    fail "department not saved"
[ "$(q "select count(*) from event where entity='project' and entity_key='$P' and field='progress' and new='65'")" = 1 ] ||
    fail "no audit row for the progress"
pass "a picker fills a reference; C-s saves with audit rows"

# a colleague's change between opening and saving is a conflict
keys e
wait_for "Edit project $P"
keys C-u "Renamed here"
"$BATON" --db "$DB" project set "$P" title "Renamed elsewhere" >/dev/null || fail "concurrent edit"
keys C-s
wait_for "changed by"
wait_for "Renamed here"
[ "$(proj "$P" title)" = "Renamed elsewhere" ] || fail "the colleague's change was overwritten"
keys C-r
wait_for "reloaded from the database"
wait_for "Renamed elsewhere"
keys Escape
pass "a stale save is refused naming who, the input stays, C-r reloads"

# n adds a blocker on the selected blocker's project
keys 3
wait_for "3 Blockers"
keys n
wait_for "Add blocker"
keys Tab "Forms test blocker" C-s
wait_for "blocker B-"
[ "$(q "select count(*) from blocker where title='Forms test blocker' and state='new'")" = 1 ] ||
    fail "the new blocker is not in the database"
pass "n adds a blocker"
# the blocker form sets tags, kept as the model keeps them
keys n
wait_for "Add blocker"
keys Tab "Tagged in a form"
for i in 1 2 3 4 5 6 7; do keys Tab; done
wait_for "Tags a,b"
keys "q4, legal,q4" C-s
wait_gone "Add blocker"
[ "$(q "select tags from blocker where title='Tagged in a form'")" = "q4,legal" ] ||
    fail "tags from the form: $(q "select tags from blocker where title='Tagged in a form'")"
pass "the blocker form sets tags"

# the indicators pane asks what to add: a reading
keys 4
wait_for "4 Indicators"
I=$(q "select key from indicator order by id limit 1")
keys n
wait_for "i a new indicator, r record a reading"
keys r
wait_for "Record a reading"
keys C-u "$I" Tab "42.5" C-s
wait_for "reading $I recorded"
[ "$(q "select count(*) from reading r join indicator i on i.id=r.indicator_id where i.key='$I' and r.value=42.5")" = 1 ] ||
    fail "the reading is not in the database"
pass "n in the indicators pane records a reading"

keys q
wait_for "EXIT=0"
