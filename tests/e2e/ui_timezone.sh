#!/bin/bash
# The cockpit in the person's zone, on the demo organisation (Paris): the
# header clock reads Paris time under TZ=Europe/Paris and Chicago time,
# named, under TZ=America/Chicago; the blocker detail shows raised times
# in the zone; a stand-up started at 00:30 in Paris (23:30 UTC the day
# before) is dated that Paris day in its minutes and in the list, and its
# summary's times are Paris's.
source "$(dirname "$0")/lib-tmux.sh"
if [ ! -e /usr/share/zoneinfo/Europe/Paris ] && [ -z "${TZDIR:-}" ]; then
    echo "SKIP: no zoneinfo (install tzdata)"
    exit 0
fi
unset TZ
make_demo
# BATON_NOW is 2026-11-26T09:00:00Z: 10:00 in Paris, 03:00 in Chicago
start_cockpit 160 48 TZ=Europe/Paris
wait_for "1 Departments"
wait_line "· 10:00 CET *$"
screen | grep -q "UTC" && fail "UTC on a Paris screen"
pass "the header clock reads Paris time under TZ=Europe/Paris"

start_cockpit 160 48 TZ=America/Chicago
wait_for "1 Departments"
wait_line "· 03:00 CST *$"
keys 3
keys Enter
wait_line "Raised +2026-10-22 02:55 CDT by bdubois"
wait_line "^. +2026-11-02 03:00 CST bdubois +escalate"
pass "a lead in Chicago sees Chicago time, named, in the header and the detail"

start_cockpit 80 24 TZ=America/Chicago
wait_line "03:00( CST)? *$"
pass "at 80 columns the clock keeps its place"

# 00:30 on 8 December in Paris
start_cockpit 160 48 TZ=Europe/Paris BATON_NOW=2026-12-07T23:30:00Z
wait_for "1 Departments"
wait_line "· 00:30 CET *$"
keys S
wait_for "Stand-up ·"
keys e
wait_for "end the stand-up?"
keys y
wait_for "Stand-up summary"
wait_line "Time +00:30-00:30 CET"
pass "the stand-up's summary is in Paris time"
out=$("$BATON" --db "$DB" standup export --last)
echo "$out" | grep -q "^# Stand-up Tue 8 Dec 2026$" || fail "minutes dated: $(echo "$out" | head -3)"
echo "$out" | grep -q "· 00:30–00:30 CET ·" || fail "minutes timed: $(echo "$out" | head -3)"
list=$(TZ=America/Chicago "$BATON" --db "$DB" standup list)
echo "$list" | grep -q "2026-12-07 17:30 CST" || fail "list in Chicago: $list"
json=$(TZ=America/Chicago "$BATON" --db "$DB" standup list --format json)
echo "$json" | grep -q '"started_at":"2026-12-07T23:30:00Z"' || fail "list json: $json"
pass "a stand-up at 00:30 in Paris is dated that Paris day; json keeps UTC"
