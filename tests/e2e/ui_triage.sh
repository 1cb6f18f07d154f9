#!/bin/bash
# Triage mode through a pseudo-terminal (tmux): t opens the queue; decline,
# accept (asking for severity and waiting-on), severity, owner, waiting-on,
# escalate (a people picker starting on the waiting-on lead), snooze on a
# preset key, duplicate on Enter, resolve and undo each leave the right
# rows and audit rows; Esc on a prompt writes nothing; a colleague's change
# between showing and deciding is a conflict naming who, not a lost
# update; Space marks blockers in the pane and one verdict applies to all.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
field() { q "select $2 from blocker where key='$1'"; }
# the head of the queue as the model orders it: most severe, then oldest
head_key() {
    q "select key from blocker where state='new' order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer) limit 1"
}
events() { q "select count(*) from event where entity_key='$1' and action='$2'"; }
all_events() { q "select count(*) from event"; }
# focus_head: g, and wait until the head of the queue has the cursor; sets H
focus_head() {
    keys g
    H=$(head_key)
    wait_line "▸ .*$H "
}

make_demo
start_cockpit 160 48
wait_for "Departments"
keys t
wait_for "done this round"
K=$(head_key)
wait_line "1 of [0-9]+"
screen | grep -q "^.*$K " || fail "the head of the queue ($K) is not shown"
pass "t opens the queue at $K"

# Esc on a prompt writes nothing
n=$(all_events)
keys d
wait_for "decline $K: reason"
keys "half a reason"
keys Escape
wait_for "cancelled; nothing was written"
[ "$(field "$K" state)" = new ] || fail "a cancelled decline changed the state"
[ "$(all_events)" = "$n" ] || fail "a cancelled decline wrote audit rows"
pass "Esc on a prompt writes nothing"

# an empty reason is refused and the prompt stays
keys d
wait_for "decline $K: reason"
keys Enter
wait_for "type a reason first"
keys "not our problem" Enter
wait_for "$K declined"
[ "$(field "$K" state)" = declined ] || fail "decline: state $(field "$K" state)"
[ "$(field "$K" reason)" = "not our problem" ] || fail "decline: reason $(field "$K" reason)"
[ "$(events "$K" decline)" = 1 ] || fail "decline: no audit row"
N=$(head_key)
wait_line "1 of .*|$N"
pass "d declines with a typed reason and the next blocker comes up"

# accept asks for what is missing: severity, then the waiting-on department
# the first in the queue with neither a severity nor a waiting-on department
QUEUE="select key, severity is null and waiting_on_id is null from blocker where state='new'
       order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer)"
i=0
A=
while IFS='|' read -r k bare; do
    [ "$bare" = 1 ] && { A=$k; break; }
    i=$((i + 1))
done < <(q "$QUEUE")
[ -n "$A" ] || fail "the demo has no blocker without severity and waiting-on"
for ((j = 0; j < i; j++)); do keys j; done
wait_line "▸ .*$A "
keys a
wait_for "severity"
keys 2
wait_for "waiting on which department"
keys "fin"
wait_line "FIN +Finance"
keys Enter
wait_for "$A accepted"
[ "$(field "$A" state)" = accepted ] || fail "accept: state $(field "$A" state)"
[ "$(field "$A" severity)" = 2 ] || fail "accept: severity $(field "$A" severity)"
[ "$(q "select d.key from blocker b join department d on d.id=b.waiting_on_id where b.key='$A'")" = FIN ] ||
    fail "accept: waiting-on"
[ "$(events "$A" accept)" = 1 ] || fail "accept: no audit row"
[ "$(q "select count(*) from event where entity_key='$A' and field='severity' and new='2'")" = 1 ] ||
    fail "accept: no audit row for the severity"
pass "a accepts, asking severity and waiting-on"

# severity, owner, waiting-on and escalation on the blocker in focus
keys g
K=$(head_key)
wait_line "▸ .*$K"
keys 4
wait_for "$K set to S4"
[ "$(field "$K" severity)" = 4 ] || fail "severity key"
keys o
wait_for "owner of $K"
keys "amart"
keys Enter
wait_for "$K given an owner"
[ "$(field "$K" owner)" = amartin ] || fail "owner: $(field "$K" owner)"
keys w
wait_for "$K waits on which department"
keys "HR" Enter
wait_for "$K now waiting on"
[ "$(q "select d.key from blocker b join department d on d.id=b.waiting_on_id where b.key='$K'")" = HR ] ||
    fail "waiting-on key"
keys x
wait_for "escalate $K (level 1) to"
wait_line "▸ zlefevre +.*lead"
keys Enter
wait_for "$K escalated to zlefevre (level 1)"
[ "$(field "$K" escalation_level)" = 1 ] || fail "escalate: level"
[ "$(field "$K" escalated_to)" = zlefevre ] || fail "escalate: to $(field "$K" escalated_to)"
[ "$(events "$K" escalate)" = 1 ] || fail "escalate: no audit row"
pass "1-4, o, w and x set severity, owner, waiting-on and escalate"

# undo the escalation, then resolve with a note
keys u
wait_for "undone: $K escalated"
[ "$(field "$K" escalation_level)" = 0 ] || fail "undo: level still $(field "$K" escalation_level)"
[ "$(events "$K" undo)" = 1 ] || fail "undo: no audit row"
pass "u undoes the escalation"

# snooze on a preset key: no reason asked; c right after comments on it
focus_head
S=$H
keys z
wait_for "snooze $S until"
keys t
wait_for "$S snoozed"
[ "$(field "$S" state)" = snoozed ] || fail "snooze: state"
# the demo organisation keeps Paris time: tomorrow 09:00 there is 08:00 UTC
[ "$(field "$S" snoozed_until)" = 2026-11-27T08:00:00Z ] || fail "snooze: until $(field "$S" snoozed_until)"
[ "$(events "$S" snooze)" = 1 ] || fail "snooze: no audit row"
keys c
wait_for "comment on $S"
keys "after the audit" Enter
wait_for "$S commented"
[ "$(q "select new from event where entity_key='$S' and action='comment'")" = "after the audit" ] ||
    fail "the comment did not go to the blocker just snoozed"
pass "z t snoozes until tomorrow 09:00 at once; c then comments on it"

# duplicate through the picker, then undo
focus_head
D=$H
O=$(q "select key from blocker where state='accepted' order by id limit 1")
keys m
wait_for "$D duplicates which blocker?"
keys "$O"
wait_line "▸ +$O "
keys Enter
wait_for "$D marked duplicate"
[ "$(field "$D" state)" = duplicate ] || fail "duplicate: state"
[ "$(q "select o.key from blocker b join blocker o on o.id=b.duplicate_of where b.key='$D'")" = "$O" ] ||
    fail "duplicate: original"
keys u
wait_for "undone: $D marked duplicate"
[ "$(field "$D" state)" = new ] || fail "undo: state $(field "$D" state)"
[ -z "$(field "$D" duplicate_of)" ] || fail "undo: duplicate_of kept"
[ "$(events "$D" undo)" = 1 ] || fail "undo: no audit row"
pass "m marks a duplicate from the picker; u restores it"

# a colleague's change between showing and deciding is a conflict
focus_head
C=$H
keys d
wait_for "decline $C: reason"
"$BATON" --db "$DB" blocker edit "$C" --title "Changed from another shell" >/dev/null ||
    fail "the concurrent edit failed"
keys "too late" Enter
wait_for "was changed by"
[ "$(field "$C" state)" = new ] || fail "a stale decline was written"
[ "$(field "$C" title)" = "Changed from another shell" ] || fail "the colleague's edit was lost"
[ "$(events "$C" decline)" = 0 ] || fail "a stale decline wrote an audit row"
wait_for "Changed from another shell"
pass "a concurrent edit makes the verdict a conflict, and the blocker reloads"

# and the undo of a verdict someone changed since is refused
keys r
wait_for "resolve $C: note"
keys "fixed" Enter
wait_for "$C resolved"
"$BATON" --db "$DB" blocker reopen "$C" >/dev/null || fail "reopen from the shell"
keys u
wait_for "cannot undo"
[ "$(field "$C" state)" = new ] || fail "a refused undo changed the state"
pass "r resolves; u refuses after someone else's change"

# leave triage; bulk verdicts in the blockers pane
keys Escape
wait_for "1 Departments"
keys 3
M1=$(q "select key from blocker where state='new' order by id limit 1")
wait_for "3 Blockers"
keys "/" "$M1" Enter
wait_line "▸S.*$M1 "
keys Space
wait_for "1 marked"
wait_line "^┃\*S.*$M1 "
keys Escape
# mark a second one through the filter too
M2=$(q "select key from blocker where state='new' and key<>'$M1' order by id limit 1")
keys "/" "$M2" Enter
wait_line "▸S.*$M2 "
keys Space
wait_for "2 marked"
keys Escape
wait_line "^┃\*S.*$M1 "
keys d
wait_for "decline 2: reason"
keys "out of scope" Enter
wait_for "2 blockers declined"
[ "$(field "$M1" state)" = declined ] || fail "bulk: $M1 $(field "$M1" state)"
[ "$(field "$M2" state)" = declined ] || fail "bulk: $M2 $(field "$M2" state)"
keys u
wait_for "undone: 2 blockers declined"
[ "$(field "$M1" state)" = new ] || fail "bulk undo: $M1"
[ "$(field "$M2" state)" = new ] || fail "bulk undo: $M2"
pass "Space marks; one verdict declines all marked; u undoes them"

keys q
wait_for "EXIT=0"
pass "q exits 0"
