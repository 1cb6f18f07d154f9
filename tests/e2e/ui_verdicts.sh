#!/bin/bash
# The verdict keys wherever a blocker is selected, and triage at two keys a
# verdict: in the blockers pane a bulk accept fills only what is missing
# and a bulk verdict some marked blocker refuses is refused before any
# prompt, keeping the marks; x on an accepted blocker escalates that
# blocker through a picker of people (a login that is no person is not
# taken); a blocker's detail takes 1-4, i, r, R and c; in triage a decline
# is two keys, an accept with the predicted department is a, a digit and
# Enter, x right after a verdict escalates the blocker just decided, a
# comment after a duplicate starts on a default that typing replaces, and
# "done this round" counts state changes only. Every verdict leaves its
# state and its audit rows.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
field() { q "select $2 from blocker where key='$1'"; }
waits() { q "select d.key from blocker b join department d on d.id=b.waiting_on_id where b.key='$1'"; }
events() { q "select count(*) from event where entity_key='$1' and action='$2'"; }
status() { screen | tail -1; }
# the head of the triage queue as the model orders it
head_key() {
    q "select key from blocker where state='new' order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer) limit 1"
}
# select KEY in the blockers pane through the filter (the filter is kept)
select_blocker() {
    keys "/" C-u "$1" Enter
    wait_line "▸.*$1 "
}

make_demo
start_cockpit 160 48
wait_for "Departments"
keys 3
wait_for "┏━ 3 Blockers"
wait_line " PANES .*a accept.*r resolve.*x escalate"
pass "the blockers pane's status bar shows the verdict keys"

# ---- bulk: B-26 has S2, B-29 none; a and 3 fill B-29 only ----
[ "$(field B-26 severity)" = 2 ] && [ -z "$(field B-29 severity)" ] ||
    fail "the demo changed: B-26 should be S2 and B-29 without severity"
select_blocker B-26
keys Space
wait_for "1 marked"
select_blocker B-29
keys Space
wait_for "2 marked"
keys a
wait_for "accept the marked: severity"
keys 3
wait_for "2 blockers accepted"
[ "$(field B-26 state)/$(field B-26 severity)/$(waits B-26)" = accepted/2/LEGAL ] ||
    fail "bulk accept changed B-26: $(field B-26 state)/$(field B-26 severity)/$(waits B-26)"
[ "$(field B-29 state)/$(field B-29 severity)/$(waits B-29)" = accepted/3/OPS ] ||
    fail "bulk accept: B-29 is $(field B-29 state)/$(field B-29 severity)/$(waits B-29)"
[ "$(q "select count(*) from event where entity_key='B-26' and field='severity'")" = 0 ] ||
    fail "the bulk accept wrote a severity change for B-26"
[ "$(events B-26 accept)" -ge 1 ] && [ "$(events B-29 accept)" -ge 1 ] || fail "no accept audit rows"
pass "a bulk accept fills the missing severity and leaves B-26's S2 alone"

# ---- a bulk verdict one marked blocker refuses: refused before any prompt ----
N=$(q "select key from blocker where state='new' order by id limit 1")
select_blocker B-26
keys Space
select_blocker "$N"
keys Space
wait_for "2 marked"
keys d
wait_for "B-26 is accepted; decline needs new or snoozed; nothing asked, the marks stay"
status | grep -q "reason" && fail "a prompt opened for a refused bulk decline"
keys j k
wait_for "2 marked"
[ "$(field "$N" state)" = new ] || fail "the refused bulk decline wrote $N"
keys Escape
wait_for "filter cleared"
keys Escape
wait_for "marks cleared"
pass "a bulk decline that B-26 refuses asks nothing and keeps the marks"

# ---- a colleague's change refuses the bulk write: the marks and the reason stay ----
N1=$(q "select key from blocker where state='new' order by id limit 1")
N2=$(q "select key from blocker where state='new' and key<>'$N1' order by id limit 1")
select_blocker "$N1"
keys Space
select_blocker "$N2"
keys Space
wait_for "2 marked"
"$BATON" --db "$DB" blocker edit "$N2" --title "Retitled from another shell" >/dev/null ||
    fail "the concurrent edit failed"
keys d
wait_for "decline 2: reason"
keys "not for this quarter" Enter
wait_for "nothing was written"
wait_for "the marks stay"
[ "$(field "$N1" state)/$(field "$N2" state)" = new/new ] || fail "a refused bulk decline wrote"
[ "$(field "$N2" title)" = "Retitled from another shell" ] || fail "the colleague's edit was lost"
keys d
wait_for "decline 2: reason: not for this quarter"
keys Enter
wait_for "2 blockers declined"
[ "$(field "$N1" reason)/$(field "$N2" reason)" = "not for this quarter/not for this quarter" ] ||
    fail "the retried bulk decline: $(field "$N1" reason)/$(field "$N2" reason)"
pass "a bulk decline refused by a colleague's change keeps the marks and the reason for the next try"
keys Escape
wait_for "filter cleared"

# ---- x on an accepted blocker in the pane escalates that blocker ----
select_blocker B-26
keys x
wait_for "escalate B-26 (level 1) to"
wait_line "▸ mmuller +.*\(LEGAL\) +lead"
# a login that is no person is not taken
keys nobody
keys Enter
wait_for "nothing matches 'nobody'"
keys Escape
wait_for "cancelled; nothing was written"
[ "$(field B-26 escalation_level)" = 0 ] || fail "an escalation to nobody was written"
keys x
wait_line "▸ mmuller"
keys Enter
wait_for "B-26 escalated to mmuller (level 1)"
[ "$(field B-26 escalation_level)/$(field B-26 escalated_to)" = 1/mmuller ] ||
    fail "x escalated wrongly: $(field B-26 escalation_level)/$(field B-26 escalated_to)"
[ "$(events B-26 escalate)" = 1 ] || fail "no escalate audit row"
pass "x in the blockers pane escalates the selected accepted blocker, to a person only"

# ---- a blocker's detail: 1-4, i start, r resolve, R reopen, c comment ----
select_blocker B-29
keys Enter
wait_for "B-29  Time-slot design"
wait_line " DETAIL .*a accept.*i start"
keys 1
wait_for "B-29 set to S1"
[ "$(field B-29 severity)" = 1 ] || fail "1 in the detail: severity $(field B-29 severity)"
keys i
wait_for "B-29 in progress"
[ "$(field B-29 state)" = in_progress ] || fail "i: $(field B-29 state)"
[ "$(events B-29 start)" = 1 ] || fail "i: no audit row"
keys r
wait_for "resolve B-29: note"
keys Enter
wait_for "B-29 resolved"
keys R
wait_for "B-29 reopened"
[ "$(field B-29 state)" = new ] || fail "R: $(field B-29 state)"
[ "$(events B-29 reopen)" = 1 ] || fail "R: no audit row"
keys c
wait_for "comment on B-29"
keys "depot data promised for Friday" Enter
wait_for "B-29 commented"
[ "$(q "select new from event where entity_key='B-29' and action='comment'")" = "depot data promised for Friday" ] ||
    fail "c in the detail: no comment row"
keys Escape Escape
wait_for "┏━ 3 Blockers"
pass "a blocker's detail takes 1-4, i, r, R and c"

# ---- triage: two keys a decline, three an accept with the predicted department ----
keys t
wait_for "0 done this round"
before=$(q "select count(*) from blocker where state='declined'")
H=$(head_key)
wait_line "▸ .*$H "
keys d
wait_for "one key answers"
wait_line "1  not a blocker"
wait_line "2  already solved"
keys 2
wait_for "$H declined"
[ "$(field "$H" state)/$(field "$H" reason)" = "declined/already solved" ] ||
    fail "d 2: $(field "$H" state)/$(field "$H" reason)"
wait_for "1 done this round"
pass "d and a digit decline with the configured reason"

# B-31 waits on no department; its project FIN-4 depends on LEGAL-1
A=B-31
[ -z "$(waits $A)" ] || fail "the demo changed: $A should wait on no department"
QUEUE="select key from blocker where state='new'
       order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer)"
i=$(q "$QUEUE" | grep -n "^$A\$" | cut -d: -f1)
i=$((i - 1))
keys g
for ((j = 0; j < i; j++)); do keys j; done
wait_line "▸ .*$A "
keys a
wait_for "accept $A: severity"
keys 2
wait_for "accept $A: waiting on which department?"
wait_line "▸ LEGAL +Legal \(lead mmuller\) +likely: LEGAL: FIN-4 depends on LEGAL-1"
P=$(screen | grep -oE "▸ [A-Z]+ " | head -1 | tr -d '▸ ')
keys Enter
wait_for "$A accepted; x escalates it"
[ "$(field "$A" state)/$(field "$A" severity)/$(waits "$A")" = "accepted/2/$P" ] ||
    fail "a 2 Enter: $(field "$A" state)/$(field "$A" severity)/$(waits "$A"), predicted $P"
pass "a, 2 and Enter accept $A waiting on the predicted $P"

# x right after the accept escalates the blocker just accepted, not the next
NEXT=$(q "select key from blocker where state='new' order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer) limit 1 offset $i")
keys x
wait_for "escalate $A (level 1) to"
keys Enter
wait_for "$A escalated to"
[ "$(field "$A" escalation_level)" = 1 ] || fail "x after a: $A not escalated"
[ -z "$NEXT" ] || [ "$(field "$NEXT" escalation_level)" = 0 ] || fail "x after a escalated $NEXT"
wait_for "2 done this round"
pass "x right after the accept escalates $A; the escalation is no verdict for the counter"

# w changes a field: not a verdict either
keys g
W=$(head_key)
wait_line "▸ .*$W "
keys w
wait_for "$W waits on which department?"
keys Enter
wait_for "$W now waiting on"
wait_for "2 done this round"
pass "w sets the waiting-on department without counting a verdict"

# m and Enter record a duplicate of the suggested original at once; sets
# D (the head of the queue) and O (the original)
duplicate_head() {
    D=$(head_key)
    wait_line "▸ .*$D "
    keys m
    wait_for "$D duplicates which blocker? (Enter records it)"
    O=$(screen | grep -oE "▸ B-[0-9]+" | head -1 | tr -d '▸ ')
    keys Enter
    wait_for "$D marked duplicate"
    [ "$(field "$D" state)" = duplicate ] || fail "m Enter: $(field "$D" state)"
    [ "$(q "select o.key from blocker b join blocker o on o.id=b.duplicate_of where b.key='$D'")" = "$O" ] ||
        fail "m Enter: not a duplicate of $O"
    [ "$(events "$D" duplicate)" = 1 ] || fail "m Enter: no audit row"
}
comment_of() { q "select new from event where entity_key='$1' and action='comment'"; }

# c then starts on "same as ...": typing replaces it
duplicate_head
wait_for "3 done this round"
keys c
wait_for "comment on $D: same as $O"
keys "same lease" Enter
wait_for "$D commented"
[ "$(comment_of "$D")" = "same lease" ] || fail "typing did not replace the default: $(comment_of "$D")"
pass "m Enter marks $D duplicate of $O; c's default is replaced by what is typed"

# End keeps the default to add to it
duplicate_head
keys c
wait_for "comment on $D: same as $O"
keys End " and the same lease" Enter
wait_for "$D commented"
[ "$(comment_of "$D")" = "same as $O and the same lease" ] ||
    fail "End did not keep the default: $(comment_of "$D")"
pass "End keeps the default and typing goes on from it"

# another key than a preset types the date
S=$(head_key)
wait_line "▸ .*$S "
keys z
wait_for "snooze $S until"
keys "2026-12-20" Enter
wait_for "$S snoozed"
# a date alone is the start of that day in the demo organisation's Paris time
[ "$(field "$S" snoozed_until)" = 2026-12-19T23:00:00Z ] || fail "a typed date: $(field "$S" snoozed_until)"
pass "z and a typed date snooze $S until then"

keys Escape
wait_for "triage: 5 verdicts this round"
keys q
wait_for "EXIT=0"
pass "q exits 0"

# ---- a remapping that now clashes is warned about ----
cat >"$E2E_DIR/old.yaml" <<'YAML'
keys:
  add: [a]
YAML
"$BATON" config check "$E2E_DIR/old.yaml" >"$E2E_DIR/out" 2>"$E2E_DIR/err" || fail "config check failed"
grep -qF "warning: a is bound to 'add' and to 'accept': in the blockers pane it runs 'accept'" "$E2E_DIR/err" ||
    fail "no clash warning: $(cat "$E2E_DIR/err")"
pass "config check warns about a remapping that clashes with a verdict key"
