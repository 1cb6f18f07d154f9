#!/bin/bash
# Three months away: the first command wakes every snooze that fell due
# meanwhile, all at once, and what it and the commands after it print is
# what the blockers say: the woken blockers are new, with their audit rows;
# the departments' figures read from the stored roll-up equal the same
# computed in full; `baton check` finds the roll-up and the flows right;
# and the triggers work again for the next verdict.
# Usage: bash cli_time_away.sh BATON
. "$(dirname "$0")/lib-cli.sh"

run "$BATON" --db d.db demo --scale 2000
expect_rc 0 "demo --scale 2000"
# more snoozes on top of the demo's own, some due the same afternoon
"$BATON" --db d.db blocker list --state new --format csv | sed 1d | cut -d, -f1 | head -40 >keys ||
    fail "listing new blockers"
[ "$(wc -l <keys)" = 40 ] || fail "expected 40 new blockers to snooze, saw $(wc -l <keys)"
n=0
while read -r k; do
    n=$((n + 1))
    if [ $((n % 2)) = 0 ]; then until=2026-11-26T15:00; else until=2027-01-10; fi
    "$BATON" --db d.db blocker snooze "$k" --until "$until" >/dev/null || fail "snooze $k"
done <keys
snoozed=$("$BATON" --db d.db blocker count --state snoozed) || fail "count snoozed"
[ "$snoozed" -ge 60 ] || fail "expected at least 60 snoozed blockers, saw $snoozed"
new_before=$("$BATON" --db d.db blocker count --state new) || fail "count new"
open_before=$("$BATON" --db d.db blocker count --state open) || fail "count open"

# The first command three months on.
export BATON_NOW=2027-02-26T09:00:00Z
run "$BATON" --db d.db blocker count --state new
expect_rc 0 "the first command three months on"
[ "$(cat out)" = $((new_before + snoozed)) ] ||
    fail "new blockers three months on: expected $new_before + $snoozed woken, saw $(cat out)"
run "$BATON" --db d.db blocker count --state snoozed
[ "$(cat out)" = 0 ] || fail "snoozed blockers left after the wake: $(cat out)"
run "$BATON" --db d.db blocker count --state open
[ "$(cat out)" = "$open_before" ] || fail "open blockers: expected $open_before, saw $(cat out)"
"$BATON" --db d.db blocker list --state new --format csv | sed 1d >new.csv || fail "blocker list"
[ "$(wc -l <new.csv)" = $((new_before + snoozed)) ] ||
    fail "blocker list --state new has $(wc -l <new.csv) rows, count said $((new_before + snoozed))"
first=$(head -1 keys)
run "$BATON" --db d.db blocker show "$first"
expect_rc 0 "show a woken blocker"
grep -q "^state: *new" out || fail "$first is not new after the wake: $(grep '^state' out)"
expect_out "wake    state          snoozed"
expect_out "update  snoozed_until  2027-01-10T00:00:00Z"

# The stored figures against the full computation.
run "$BATON" --db d.db check
expect_rc 0 "check after the wake"
expect_out "roll-up: ok"
"$BATON" --db d.db department list --format csv >stored.csv || fail "department list"
cp d.db full.db && sqlite3 full.db "UPDATE rollup_day SET today = '', soon = ''" ||
    fail "making the copy to compute in full"
"$BATON" --db full.db check --repair >/dev/null 2>&1
"$BATON" --db full.db department list --format csv >full.csv || fail "department list in full"
diff stored.csv full.csv >diff.txt || fail "stored and computed figures differ: $(cat diff.txt)"
"$BATON" --db d.db flow --format json >flow-stored.json || fail "flow"
"$BATON" --db full.db flow --format json >flow-full.json || fail "flow in full"
diff flow-stored.json flow-full.json >diff.txt || fail "stored and computed flows differ: $(cat diff.txt)"

# The per-blocker triggers are back: a verdict moves the figures.
run "$BATON" --db d.db blocker accept "$first" --severity 1 --waiting-on FIN
expect_rc 0 "accept after the wake"
run "$BATON" --db d.db check
expect_rc 0 "check after a verdict"
expect_out "roll-up: ok"
echo "ok: $snoozed snoozes woken by the first command three months on"
