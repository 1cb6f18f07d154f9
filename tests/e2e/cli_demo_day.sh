#!/bin/bash
# The demo organisation tells the story of 2026-11-26; loaded on another
# day it is moved to that day, so ages, SLAs, due dates and readings read
# the same. Usage: bash cli_demo_day.sh BATON
set -u
BATON=${1:?usage: bash cli_demo_day.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap '[ "$BASHPID" = "$$" ] && rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset BATON_DB
cd "$T"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 "$@"; }

BATON_NOW=2026-11-26T09:00:00Z "$BATON" --db story.db demo >/dev/null || fail "demo on its own day"
BATON_NOW=2027-03-01T09:00:00Z "$BATON" --db later.db demo >/dev/null || fail "demo 95 days later"

[ "$(q story.db "select raised_at from blocker where key = 'B-35'")" = 2026-11-25T16:10:00Z ] ||
    fail "on its own day the file loads unchanged: $(q story.db "select raised_at from blocker where key = 'B-35'")"
[ "$(q later.db "select raised_at from blocker where key = 'B-35'")" = 2027-02-28T16:10:00Z ] ||
    fail "95 days later B-35 is raised 95 days later: $(q later.db "select raised_at from blocker where key = 'B-35'")"
[ "$(q later.db "select due from project where key = 'OPS-2'")" = 2027-02-16 ] ||
    fail "a due date moves as a date: $(q later.db "select due from project where key = 'OPS-2'")"
[ "$(q story.db 'select count(*) from reading')" = "$(q later.db 'select count(*) from reading')" ] ||
    fail "every reading is kept"
[ "$(q later.db "select count(*) from reading where at > '2027-03-02'")" = 0 ] ||
    fail "no reading lies in the future"

ages() { BATON_NOW=$1 "$BATON" --db "$2" blocker list --format csv | cut -d, -f1,4,8,9; }
[ "$(ages 2026-11-26T09:00:00Z story.db)" = "$(ages 2027-03-01T09:00:00Z later.db)" ] ||
    fail "the blocker list reads the same on each load's day"
for k in cash-runway time-to-hire on-time-delivery; do
    s1=$(BATON_NOW=2026-11-26T09:00:00Z "$BATON" --db story.db indicator list --format csv | grep "^$k," | cut -d, -f7,8)
    s2=$(BATON_NOW=2027-03-01T09:00:00Z "$BATON" --db later.db indicator list --format csv | grep "^$k," | cut -d, -f7,8)
    [ "$s1" = "$s2" ] || fail "$k: status and staleness '$s1' on the story's day, '$s2' later"
done

# Its history is the story's: B-3's escalation is an event at its time, and
# the blocker was last updated then, not when the file was loaded.
[ "$(q story.db "select at || ' ' || actor from event where entity_key = 'B-3' and action = 'escalate'")" = \
    "2026-11-02T09:00:00Z bdubois" ] || fail "B-3's escalation is not in its history"
[ "$(q story.db "select updated_at from blocker where key = 'B-3'")" = 2026-11-02T09:00:00Z ] ||
    fail "B-3 reads as updated at load time"

[ "$failures" = 0 ] && echo "ok" || exit 1
