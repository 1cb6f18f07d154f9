#!/bin/bash
# An action typed in the stand-up with a due date already past asks once:
# n goes back to the date, y keeps it; an owner who is no person of the
# organisation is refused with the nearest login named.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
owner=$("$BATON" --db "$DB" export --format json --only people | grep -o '"login":"[^"]*"' |
    head -1 | cut -d'"' -f4)
[ -n "$owner" ] || fail "no person in the demo"
actions() { sqlite3 "$DB" "select count(*) from standup_entry where kind = 'action'"; }

start_cockpit 160 48
wait_for "1 Departments"
keys S
wait_for "What changed since"
keys A
wait_for "action for"
keys -l "Chase the landlord"
keys Enter
wait_for "Owner of the action"
keys -l "$owner"
keys Enter
wait_for "due:"
keys -l "2026-11-20"
keys Enter
wait_for "due 2026-11-20 is past: keep it? y/n"
[ "$(actions)" = 0 ] || fail "an action was written before the answer"
keys n
wait_for "due:"
keys -l "2026-11-20"
keys Enter
wait_for "due 2026-11-20 is past: keep it? y/n"
keys y
wait_for "action for $owner, due 2026-11-20"
[ "$(actions)" = 1 ] || fail "y did not keep the action"
[ "$(sqlite3 "$DB" "select due from standup_entry where kind = 'action'")" = 2026-11-20 ] ||
    fail "the action's due date"
pass "a past due date asks once: n types another, y keeps it"

keys A
wait_for "action for"
keys -l "Book the van"
keys Enter
wait_for "Owner of the action"
keys -l "nobodyatall"
keys Enter
wait_for "due:"
keys -l "2026-12-01"
keys Enter
wait_for "no person 'nobodyatall' in the organisation"
[ "$(actions)" = 1 ] || fail "an action for no person was written"
pass "an owner who is no person is refused"
echo ok
