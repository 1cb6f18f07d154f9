#!/bin/bash
# The model's invariants: `baton check` reports, by key, each row that
# breaks one (a duplicate with no original, an accepted blocker without
# severity or waiting-on department, a snoozed one without a time, a
# declined one without a reason, a dependency cycle, ...) and exits 1;
# the generator keeps them, so generated organisations pass check and go
# through export -> import into an empty database -> export byte for byte,
# also once their snoozed blockers have woken (the snooze's reason stays);
# an import cannot take an accepted blocker's severity away.
# Usage: bash cli_invariants.sh BATON
set -u
BATON=${1:?usage: bash cli_invariants.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }

# 1. Generated organisations keep the invariants and round-trip five
# weeks after they were made, when every snooze has woken (the first also
# on the day it was made).
for seed in 1 2 3; do
    BATON_NOW=2026-11-26T09:00:00Z "$BATON" --db "g$seed.db" demo --scale 4000 --seed "$seed" >/dev/null ||
        fail "demo --scale 4000 --seed $seed"
    run "$BATON" --db "g$seed.db" check
    [ "$rc" = 0 ] || fail "seed $seed: check of a generated organisation: exit $rc: $(cat out err)"
    grep -qx "model: ok" out || fail "seed $seed: check does not say the model is ok: $(cat out)"
    [ "$(q "g$seed.db" "select count(*) from blocker where state = 'duplicate'")" -gt 0 ] ||
        fail "seed $seed: no duplicates generated; the case is not exercised"
    days="2026-12-31"
    [ "$seed" = 1 ] && days="2026-11-26 $days"
    for day in $days; do
        export BATON_NOW=${day}T09:00:00Z
        rm -f "h$seed.db"*
        "$BATON" --db "g$seed.db" export >"a$seed.yaml" || fail "seed $seed, $day: export"
        run "$BATON" --db "h$seed.db" import "a$seed.yaml"
        [ "$rc" = 0 ] || fail "seed $seed, $day: import into an empty database: exit $rc: $(cat err)"
        "$BATON" --db "h$seed.db" export >"b$seed.yaml" || fail "seed $seed, $day: export again"
        cmp -s "a$seed.yaml" "b$seed.yaml" ||
            fail "seed $seed, $day: export -> import -> export differs: $(diff "a$seed.yaml" "b$seed.yaml" | head -6)"
        "$BATON" --db "h$seed.db" check >/dev/null || fail "seed $seed, $day: check of the imported copy"
    done
    # Five weeks on, snoozes have woken and kept their reason.
    woke=$(q "g$seed.db" "select count(*) from blocker where state = 'new' and reason is not null
        and key in (select entity_key from event where entity = 'blocker' and action = 'wake')")
    [ "$woke" -gt 0 ] || fail "seed $seed: no woken blocker with a reason; the case is not exercised"
    export BATON_NOW=2026-11-26T09:00:00Z
done

# 2. check names each row that breaks an invariant, by key, and fails.
"$BATON" --db bad.db demo >/dev/null || fail "demo"
run "$BATON" --db bad.db check
[ "$rc" = 0 ] || fail "check of the demo: exit $rc: $(cat out err)"
key() { q bad.db "select key from blocker where state = '$1' order by id limit 1 offset ${2:-0}"; }
dup=$(key duplicate) acc=$(key accepted) acc2=$(key accepted 1) snz=$(key snoozed) dec=$(key declined)
new=$(key new)
[ -n "$dup" ] && [ -n "$acc" ] && [ -n "$acc2" ] && [ -n "$snz" ] && [ -n "$dec" ] && [ -n "$new" ] ||
    fail "the demo lacks a blocker in some state: '$dup' '$acc' '$acc2' '$snz' '$dec' '$new'"
q bad.db "update blocker set duplicate_of = null where key = '$dup';
    update blocker set severity = null, sla_due = null where key = '$acc';
    update blocker set waiting_on_id = null where key = '$acc2';
    update blocker set snoozed_until = null where key = '$snz';
    update blocker set reason = null where key = '$dec';
    update blocker set duplicate_of = id where key = '$new';
    insert into project_dependency (project_id, depends_on_id)
        select a.id, b.id from project a, project b where a.key = 'ENG-1' and b.key = 'ENG-2';
    insert into project_dependency (project_id, depends_on_id)
        select a.id, b.id from project a, project b where a.key = 'ENG-2' and b.key = 'OPS-1';
    insert into project_dependency (project_id, depends_on_id)
        select a.id, b.id from project a, project b where a.key = 'OPS-1' and b.key = 'ENG-1';"
run "$BATON" --db bad.db check
[ "$rc" = 1 ] || fail "check of a broken model: exit $rc, expected 1: $(cat out err)"
for line in "model: $dup is a duplicate but names no original" \
    "model: $acc is accepted or in progress without a severity" \
    "model: $acc2 is accepted or in progress without a waiting-on department" \
    "model: $snz is snoozed without a time to wake" \
    "model: $dec is declined without a reason" \
    "model: $new is a duplicate of itself" \
    "model: $new names an original but is not a duplicate" \
    "model: ENG-1 depends on projects that depend on it (a cycle)" \
    "model: ENG-2 depends on projects that depend on it (a cycle)" \
    "model: OPS-1 depends on projects that depend on it (a cycle)"; do
    grep -qxF "$line" out || fail "check does not report '$line': $(cat out)"
done
grep -qF "integrity: ok" out || fail "SQLite's own check should still pass: $(cat out)"
grep -qF "the database check found problems" err || fail "check's message: $(cat err)"

# 3. An import keeps them too: an accepted blocker keeps its severity.
printf 'organisation: O\ndepartments: [{key: D, name: D}]\nprojects: [{key: P-1, title: P, department: D}]\nblockers:\n  - {key: B-1, project: P-1, title: t, state: accepted, severity: 2, waiting_on: D, raised_by: x}\n' >acc.yaml
"$BATON" --db imp.db import acc.yaml >/dev/null || fail "import of an accepted blocker"
sed 's/severity: 2, //' acc.yaml >nosev.yaml
run "$BATON" --db imp.db import nosev.yaml
[ "$rc" = 2 ] || fail "import taking an accepted blocker's severity: exit $rc, expected 2: $(cat err)"
grep -qF "keeps a severity and a waiting-on department" err || fail "message: $(cat err)"
[ "$(q imp.db "select severity from blocker where key = 'B-1'")" = 2 ] || fail "the severity was taken"
"$BATON" --db imp.db check >/dev/null || fail "check after the refused import"
echo ok
