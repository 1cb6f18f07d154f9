#!/bin/bash
# The blockers pane's views: v cycles what it lists (open, new, mine,
# breached, my departments, closed, all), names the view in the pane's
# title, keeps it for the session (narrowing and a filter leave it), and
# the filter stays text over the view.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
me=$(id -un)
# this login owns B-26 and leads OPS, so "mine" and "my departments" list
# something of theirs
"$BATON" --db "$DB" person add --name "Test Runner" --dept OPS "$me" >/dev/null ||
    fail "person add failed"
"$BATON" --db "$DB" department edit --lead "$me" OPS >/dev/null || fail "department edit failed"
"$BATON" --db "$DB" blocker edit --owner "$me" B-26 >/dev/null || fail "blocker edit failed"
closed=$("$BATON" --db "$DB" blocker list --state declined --format csv | sed -n 2p | cut -d, -f1)
[ -n "$closed" ] || fail "the demo has no declined blocker"
waiting_ops=$("$BATON" --db "$DB" blocker count --state open --waiting-on OPS 2>/dev/null | tail -1)
every=$("$BATON" --db "$DB" blocker count --state all 2>/dev/null | tail -1)

start_cockpit 160 48
wait_for "3 Blockers: open"
keys 3
screen | grep -qF " $closed " && fail "the open view lists declined $closed"

want_view() {
    keys v
    wait_for "3 Blockers: $1"
    wait_for "$2"
}
want_view new "Blockers: new blockers, waiting for triage (12)"
screen | grep -E "┃.S.*B-" | grep -vqE " new +[0-9]+[dhm]" && fail "the new view lists a blocker that is not new"
want_view mine "Blockers: open blockers you own (1)"
screen | grep -qE "┃▸S2. +B-26 " || fail "mine does not list B-26"
want_view breached "Blockers: open blockers past their SLA"
screen | grep -E "┃.S[1-4?]" | grep -vq "S[1-4?]!" && fail "the breached view lists one within its SLA"
want_view "my departments" "Blockers: open blockers waiting on a department you lead ($waiting_ops)"
want=$("$BATON" --db "$DB" blocker list --state open --waiting-on OPS --format csv | tail -n +2 |
    cut -d, -f1 | sort | tr '\n' ' ')
got=$(screen | grep -oE "┃.S[1-4?]. +B-[0-9]+" | grep -oE "B-[0-9]+" | sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "my departments lists '$got', waiting on OPS are '$want'"
want_view closed "Blockers: closed blockers (resolved, declined, duplicate)"
screen | grep -qE " $closed .* declined " || fail "the closed view does not show declined $closed"
pass "v cycles open, new, mine, breached, my departments and closed, each named in the title"

# the filter is text over the view, and the view stays through it
keys / n e w Enter
wait_line "3 Blockers: closed .* /new"
screen | grep -E "┃.S.*B-" | grep -qvE "(resolved|declined|duplicate) +[0-9]+[dhmw]" &&
    fail "the filter over the closed view lists an open blocker"
keys Escape
wait_gone "/new"
wait_for "3 Blockers: closed"
pass "the filter stays text over the view"

want_view all "Blockers: every blocker, open or closed ($every)"
keys Tab Tab
wait_for "3 Blockers: all"
keys v
wait_for "Departments has one view; the Blockers pane has several"
keys 3 0
wait_for "3 Blockers: all"
pass "the view is kept for the session"
keys q
wait_for "EXIT=0"
