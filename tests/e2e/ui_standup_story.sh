#!/bin/bash
# The stand-up page worked as a facilitator works it, after a morning of
# triage on the demo (decline, accept, duplicate, snooze, escalate twice
# to two people): at 80 columns every verdict is in "what changed" with
# the blocker's state now, lines too wide end in '…' with their state,
# severity and SLA still there; the cursor moves over the items, Enter
# opens the blocker under it and Esc comes back to it; a verdict key acts
# on it; a note typed by a follower is announced in the facilitator's bar
# without scrolling; the projects at risk on each page agree with
# department list; ending the stand-up gives minutes whose brief fits one
# screen and names who each escalation went to.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
b() { "$BATON" --db "$DB" "$@" >/dev/null 2>"$E2E_DIR/err" || fail "$*: $(cat "$E2E_DIR/err")"; }
b blocker decline B-25 --reason "Payroll is out of scope"
b blocker accept B-29 --severity 2 --waiting-on OPS
b blocker duplicate B-33 --of B-26 --reason "Same customs issue"
b blocker snooze B-36 --until 2026-12-14T09:00 --reason "Audit in January"
b blocker escalate B-35 --to kjohansson
b blocker escalate B-35 --to amartin

start_cockpit 80 24
wait_for "1 Departments"
keys S
wait_for "Stand-up · OPS"
wait_for "What changed since"
line() { screen | grep -F -- "$1" | head -1; }
l=$(line "accepted   B-29")
grep -qF "now accepted S2" <<<"$l" || fail "the accept is not told with the state now: '$l'"
l=$(line "duplicate  B-33")
grep -qF "now duplicate" <<<"$l" || fail "the duplicate is not told: '$l'"
grep -qF "…" <<<"$l" || fail "a cut line has no ellipsis: '$l'"
l=$(line "B-26 Custom")
grep -qF "…" <<<"$l" && grep -qF "· new · SLA breached · → LEGAL" <<<"$l" ||
    fail "a long blocker line lost its facts or its ellipsis: '$l'"
l=$(line "B-11 Overtime")
grep -qF "SLA breached" <<<"$l" && grep -qF "S2!" <<<"$l" ||
    fail "the SLA is cut at 80 columns: '$l'"
pass "at 80 columns the verdicts show with their state, cut titles end in '…', facts stay"

# cursor_to TEXT: j until the cursor line (▸) holds TEXT
cursor_to() {
    local i
    for ((i = 0; i < 20; i++)); do
        screen | grep -F "▸" | grep -qF -- "$1" && return 0
        keys j
        sleep 0.1
    done
    fail "the cursor never reached '$1'"
}

# the cursor: down to B-11, Enter opens it, Esc comes back to it
cursor_to "B-11 Overtime"
keys Enter
wait_for "Blocker B-11"
wait_for "Overtime budget for December not released"
keys Escape
wait_for "Stand-up · OPS"
screen | grep -F "▸" | grep -qF "B-11 Overtime" || fail "Esc did not come back to B-11"
pass "Enter opens the blocker under the cursor and Esc returns to the same place"

# a verdict key on the page acts on the blocker under the cursor
cursor_to "S2! B-26"
keys d
wait_for "decline B-26: reason"
keys -l "Broker found through the port"
keys Enter
wait_for "B-26 declined"
[ "$("$BATON" --db "$DB" blocker list --state declined --format csv | grep -c '^B-26,')" = 1 ] ||
    fail "B-26 is not declined in the database"
wait_line "declined +B-26 .*now declined"
pass "d on the page declines the blocker under the cursor"

# a follower's note is announced in the facilitator's bar
tm new-session -d -s f -x 100 -y 30 \
    "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BATON' --db '$DB'; sleep 600" ||
    fail "second cockpit"
fscreen() { tm capture-pane -p -t f 2>/dev/null; }
for ((i = 0; i < 100; i++)); do fscreen | grep -qF "STAND-UP by" && break; sleep 0.05; done
tm send-keys -t f F
for ((i = 0; i < 100; i++)); do fscreen | grep -qF "Following the stand-up · OPS" && break; sleep 0.05; done
fscreen | grep -qF "Following the stand-up · OPS" || fail "the follower does not follow: $(fscreen)"
tm send-keys -t f N
for ((i = 0; i < 100; i++)); do fscreen | grep -qF "note for OPS" && break; sleep 0.05; done
tm send-keys -t f -l "Broker contract signed this morning"
tm send-keys -t f Enter
keys g
wait_for "1 new below (G)"
screen | grep -qF "Broker contract signed" && fail "the note was on screen already: the test proves nothing"
keys G
wait_for "Broker contract signed this morning"
wait_gone "new below (G)"
pass "a note typed by a follower is announced in the facilitator's bar, G shows it"
tm kill-session -t f

# projects at risk: each page's count agrees with department list (a
# taller terminal shows each page whole)
tm resize-window -t e2e -x 160 -y 60 || fail "resize"
wait_for "Stand-up · OPS"
"$BATON" --db "$DB" department list --format csv | awk -F, 'NR > 1 {print $1, $7}' >"$E2E_DIR/risk"
n=0
while read -r dept risk; do
    [ "$n" -gt 0 ] && keys n
    n=$((n + 1))
    wait_for "Stand-up · $dept"
    wait_for "Projects at risk ($risk)"
done <"$E2E_DIR/risk"
pass "the projects at risk on each of the $n pages agree with department list"

keys e
wait_for "end the stand-up?"
keys y
wait_for "Stand-up summary"
"$BATON" --db "$DB" standup export >"$E2E_DIR/brief.md" || fail "export"
lines=$(wc -l <"$E2E_DIR/brief.md")
[ "$lines" -le 60 ] || fail "the brief is $lines lines"
grep -qF "to kjohansson (Karin Johansson) — now new S1" "$E2E_DIR/brief.md" &&
    grep -qF "to amartin (Alice Martin) — now new S1" "$E2E_DIR/brief.md" ||
    fail "the escalations do not name who: $(grep -F Escalated "$E2E_DIR/brief.md")"
"$BATON" --db "$DB" standup export --full >"$E2E_DIR/full.md" || fail "export --full"
for v in "- Declined B-25" "- Accepted B-29" "- Duplicate B-33" "- Snoozed B-36" "- Declined B-26"; do
    grep -qF -- "$v" "$E2E_DIR/full.md" || fail "'$v' is not in the minutes"
done
pass "the minutes: a $lines-line brief naming who each escalation went to, every verdict in --full"

# rights on the page follow the blocker under the cursor: the lead of OPS
# may resolve an OPS blocker there; a lead of ENG is told who may (roles
# live in the system configuration: lib-roles.sh, root only)
source "$(dirname "$0")/lib-roles.sh"
if roles_try; then
    trap 'e2e_cleanup; clear_roles' EXIT
    set_roles 'access:
  default: viewer
  leads: {OPS: [ops-lead], ENG: [eng-lead]}'
    as_cockpit() {
        tm kill-server >/dev/null 2>&1
        E2E_N=$((E2E_N + 1))
        tm new-session -d -s e2e -x 100 -y 40 \
            "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$SYSBATON' --db '$DB' --as $1; sleep 600" ||
            fail "tmux new-session failed"
        wait_for "1 Departments"
    }
    as_cockpit eng-lead
    keys S
    wait_for "Stand-up · OPS"
    cursor_to "B-11 Overtime"
    keys d
    wait_for "permission denied: declining"
    keys e
    wait_for "end the stand-up?"
    keys y
    wait_for "Stand-up summary"
    as_cockpit ops-lead
    keys S
    wait_for "Stand-up · OPS"
    cursor_to "B-11 Overtime"
    keys r
    wait_for "resolve B-11: note"
    screen | grep -qF "permission denied" && fail "the lead of OPS was refused"
    keys Escape
    pass "the verdict keys on the page check the rights of the blocker under the cursor"
else
    echo "skip the rights on the page: $ROLES_WHY"
fi
echo "ok ui_standup_story"
