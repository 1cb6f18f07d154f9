#!/bin/bash
# The stand-up typed through the terminal, as a new user would: S starts
# it on the first department, N adds a note, n moves on, D and A add a
# decision and an action (owner from the people picker, a due date), e
# ends it and shows the summary; the minutes then hold what was typed,
# the action as a checklist item, one ### section per department. A
# second stand-up is followed from a second cockpit in a smaller
# terminal: it shows the banner, F follows, the page moves when the
# facilitator moves, and a note typed by the facilitator appears there.
# Esc leaves the stand-up open and S resumes it on the same page.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
walk=$("$BATON" --db "$DB" department list --format csv | awk -F, 'NR > 1 {print $1}')
first=$(echo "$walk" | sed -n 1p)
second=$(echo "$walk" | sed -n 2p)
third=$(echo "$walk" | sed -n 3p)
count=$(echo "$walk" | grep -c .)
owner=$("$BATON" --db "$DB" export --format json --only people | grep -o '"login":"[^"]*"' |
    head -1 | cut -d'"' -f4)
[ -n "$first" ] && [ -n "$second" ] && [ -n "$owner" ] || fail "demo departments or people missing"

start_cockpit 160 48
wait_for "1 Departments"
keys S
wait_for "Stand-up · $first"
wait_for "What changed since"
wait_for "Open blockers"
wait_for "1:30 left"
pass "S starts the stand-up on the first department ($first) with its countdown"

keys N
wait_for "note for $first"
keys -l "Racks ordered for the depot"
keys Enter
wait_for "note     Racks ordered for the depot"
keys n
wait_for "Stand-up · $second"
wait_for "(2/$count)"
keys D
wait_for "decision for $second"
keys -l "Freeze the billing scope"
keys Enter
wait_for "decision Freeze the billing scope"
keys A
wait_for "action for $second"
keys -l "Order two racks"
keys Enter
wait_for "Owner of the action"
keys -l "$owner"
keys Enter
wait_for "due:"
keys -l "2026-11-30"
keys Enter
wait_for "action for $owner, due 2026-11-30"
wait_for "[ ] Order two racks @$owner due 2026-11-30"
pass "a note on $first, a decision and an action on $second"

keys e
wait_for "end the stand-up?"
keys n
wait_for "the stand-up goes on"
screen | grep -qF "Stand-up summary" && fail "n ended the stand-up"
keys e
wait_for "end the stand-up?"
keys Escape
wait_gone "end the stand-up?"
screen | grep -qF "Stand-up summary" && fail "Esc ended the stand-up"
[ "$(sqlite3 "$DB" 'select count(*) from standup where ended_at is not null')" = 0 ] ||
    fail "n or Esc wrote an end time"
pass "e asks once: n and Esc go back to the page"
keys e
wait_for "end the stand-up?"
keys y
wait_for "Stand-up summary"
wait_for "2 of $count departments discussed, 0 skipped"
wait_for "1 note, 1 decision, 1 action, 0 parking-lot items"
pass "e then y ends it and shows the summary, in singular where one"

md=$("$BATON" --db "$DB" standup export --last --full --format md) || fail "export failed"
grep -qxF -- "- Racks ordered for the depot (root)" <<<"$md" ||
    grep -qF -- "- Racks ordered for the depot (" <<<"$md" || fail "the note is not in the minutes"
grep -qF -- "- **$second**: Freeze the billing scope" <<<"$md" || fail "the decision is not in the minutes"
grep -qxF -- "- [ ] Order two racks (@$owner, due Mon 30 Nov)" <<<"$md" ||
    fail "the action is not a checklist item: $(grep -F 'Order two racks' <<<"$md")"
[ "$(grep -c '^### ' <<<"$md")" = "$count" ] || fail "expected $count ### sections: $(grep '^### ' <<<"$md")"
grep -qF "| not reached |" <<<"$md" || fail "departments not reached are not marked"
[ "$(sqlite3 "$DB" 'select count(*) from standup where ended_at is not null')" = 1 ] ||
    fail "the end time is not recorded"
pass "the minutes hold the note, the decision, the action as a checklist item, one ### per department"

# Following: a second cockpit, 80x24, on the same database
keys Escape
wait_for "1 Departments"
keys S
wait_for "Stand-up · $first"
tm new-session -d -s f -x 80 -y 24 \
    "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BATON' --db '$DB'; echo EXIT=\$?; sleep 600" ||
    fail "second cockpit"
fscreen() { tm capture-pane -p -t f 2>/dev/null; }
fwait() {
    local i
    for ((i = 0; i < 100; i++)); do
        fscreen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    echo "----- second cockpit -----"
    fscreen
    fail "second cockpit: waited for '$1'"
}
fwait "STAND-UP by"
tm send-keys -t f F
fwait "Following the stand-up · $first"
keys n
fwait "Following the stand-up · $second"
keys N
wait_for "note for $second"
keys -l "Typed by the facilitator"
keys Enter
fwait "(1)"
tm send-keys -t f G
fwait "Typed by the facilitator"
keys n
fwait "Following the stand-up · $third"
pass "a second cockpit follows: it moves with the facilitator and shows notes typed live"

tm send-keys -t f Escape
fwait "STAND-UP by"
keys Escape
wait_for "STAND-UP open: S resumes"
keys S
wait_for "Stand-up · $third"
wait_for "stand-up resumed at $third"
pass "Esc leaves the stand-up open and S resumes it on the same page"

keys q
wait_for "1 Departments"
keys q
wait_for "EXIT=0"
pass "q exits 0"
