#!/bin/bash
# Presence in the cockpit: two cockpits on one database name each other in
# the header; a blocker's detail view says who else has it open; closing
# one cockpit takes it off the other's screen at once (its session row
# goes, and the other notices the commit).
source "$(dirname "$0")/lib-tmux.sh"

make_demo
me=$(id -un)
# root may act as another login; anyone else is the same login twice,
# which the header calls "you@TTY"
if [ "$(id -u)" = 0 ]; then
    other=presence-bob
    as=(--as "$other")
    named_other=$other
    named_me=$me
else
    other=$me
    as=()
    named_other="you@[^ ]+"
    named_me="you@[^ ]+"
fi
envs="TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"

start_cockpit 120 30
wait_for "1 Departments"
# the second cockpit: another session on the same tmux server
tm new-session -d -s two -x 120 -y 30 \
    "env $envs '$BATON' --db '$DB' ${as[*]}; echo EXIT=\$?; sleep 600" ||
    fail "tmux new-session failed"
screen2() { tm capture-pane -p -t two 2>/dev/null; }
for ((i = 0; i < 100; i++)); do
    screen2 | grep -qF "1 Departments" && break
    sleep 0.05
done

# each header names the other one
wait_line "^ baton .* $named_other here "
for ((i = 0; i < 100; i++)); do
    screen2 | head -1 | grep -qE " $named_me here " && break
    sleep 0.05
done
screen2 | head -1 | grep -qE " $named_me here " || fail "second header: $(screen2 | head -1)"
pass "two cockpits name each other in the header"

# both open blocker B-3: each detail says the other is looking
keys : g o t o Space B - 3 Enter
wait_for "Blocker B-3"
tm send-keys -t two : g o t o Space B - 3 Enter
wait_line "^.{0,3}Also looking +$other( \(|$| )"
for ((i = 0; i < 100; i++)); do
    screen2 | grep -qE "Also looking +$me" && break
    sleep 0.05
done
screen2 | grep -qE "Also looking +$me" || fail "second detail does not name $me"
pass "a blocker's detail shows who else has it open"

# the other one moves on: the line goes
tm send-keys -t two Escape
wait_gone "Also looking"
tm send-keys -t two : g o t o Space B - 3 Enter
wait_for "Also looking"
# closing the second cockpit removes it from the first one's screen
tm send-keys -t two Escape q
wait_gone "Also looking"
wait_line "^ baton .* only you here "
pass "closing a cockpit takes it off the other's screen"

keys Escape q
wait_for "EXIT=0"
