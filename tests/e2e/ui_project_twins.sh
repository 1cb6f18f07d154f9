#!/bin/bash
# Likely twins in the form that adds a project: once its title is typed,
# the active projects of other departments that say the same thing show
# under the fields; the department chosen leaves its own projects out;
# the form still saves.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }

make_demo
start_cockpit 140 44
wait_for "Departments"
keys 2 n
wait_for "Add project"
keys "MKT-9" Tab "E-invoicing for customers" Tab
wait_for "Likely twins in other departments"
wait_for "FIN-2  E-invoicing for EU customers  (FIN)"
pass "the title's twins show under the fields"

keys C-u "FIN" Tab
wait_gone "FIN-2  E-invoicing for EU customers"
pass "the department's own projects are no twins"

keys BTab C-u "MKT" Tab
wait_for "FIN-2  E-invoicing for EU customers  (FIN)"
keys C-s
wait_for "project MKT-9 added"
[ "$(q "select title from project where key='MKT-9'")" = "E-invoicing for customers" ] ||
    fail "the project was not saved"
pass "the form saves with twins shown"

# at 80x24 the form still fits, the fields first
start_cockpit 80 24
wait_for "Departments"
keys 2 n
wait_for "Add project"
keys "MKT-10" Tab "E-invoicing for customers" Tab
wait_for "Title *"
screen | grep -q "Key \*" || fail "the fields gave way to the twins"
pass "a small screen keeps the fields"
