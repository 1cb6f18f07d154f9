#!/bin/bash
# Indicators in the cockpit, tried as a new user would: readings recorded
# from the command line while the cockpit runs turn an indicator green,
# amber and red as its thresholds and direction say (higher and lower is
# better), live in the Indicators pane and in the department's roll-up;
# the detail view charts them with the target and thresholds as labelled
# lines, lists each reading in the status it had, and ] [ change the
# time range; LANG=C draws the chart in ASCII; a malformed reading is
# refused with exit 2 and changes nothing on screen.
source "$(dirname "$0")/lib-tmux.sh"

b() { "$BATON" --db "$DB" "$@"; }
cat >"$E2E_DIR/org.yaml" <<'YAML'
organisation: Test Org
departments:
  - {key: OPS, name: Operations, lead: alice}
  - {key: SUP, name: Support, lead: bob}
YAML
b import "$E2E_DIR/org.yaml" >/dev/null || fail "import"
b indicator add otd --name "On-time delivery" --department OPS --format percent \
    --target 95 --amber 92 --red 88 >/dev/null || fail "indicator add otd"
b indicator add backlog --name "Open tickets" --department SUP --direction down \
    --unit tickets --target 300 --amber 400 --red 500 >/dev/null || fail "indicator add backlog"

record() { # KEY VALUE DAY
    b indicator record "$1" "$2" --at "2026-11-$3T06:00:00Z" >/dev/null ||
        fail "indicator record $1 $2"
}
# the pane's row of an indicator: name, value, target and status word
row() { wait_line "$1 +$2 +$3 +$4" 3; }

start_cockpit 160 48
wait_for "4 Indicators"
keys 4
wait_for "┏━ 4 Indicators"
row "On-time delivery" "-" "≥ 95%" "\\? unknown"
row "Open tickets" "-" "≤ 300 tickets" "\\? unknown"
pass "indicators without readings are unknown, targets in their own format"

# ---- higher is better: green, amber, red, each live ----
for d in 01 05 09 13 17; do record otd 96 "$d"; done
row "On-time delivery" "96%" "≥ 95%" "● green"
record otd 90 21
row "On-time delivery" "90%" "≥ 95%" "▲ amber"
screen | grep -qE "On-time delivery .*▲ amber +↓" || fail "no falling arrow after 96 -> 90"
record otd 87 25
row "On-time delivery" "87%" "≥ 95%" "■ red"
wait_line "OPS +Operations .*■ red"
pass "higher is better: 96 green, 90 amber, 87 red, live; the department rolls up red"

# ---- lower is better ----
record backlog 250 20
row "Open tickets" "250 tickets" "≤ 300 tickets" "● green"
record backlog 450 21
row "Open tickets" "450 tickets" "≤ 300 tickets" "▲ amber"
screen | grep -qE "Open tickets .*▲ amber +↑" || fail "no rising arrow after 250 -> 450"
record backlog 501 22
row "Open tickets" "501 tickets" "≤ 300 tickets" "■ red"
wait_line "SUP +Support .*■ red"
record backlog 200 23
row "Open tickets" "200 tickets" "≤ 300 tickets" "● green"
screen | grep -qE "Open tickets .*● green +↓" || fail "no falling arrow after 501 -> 200"
wait_line "SUP +Support .*● green"
pass "lower is better: 250 green, 450 amber, 501 red, 200 green again"

# the sparkline of otd: five readings at 96, then 90 and 87 (lowest)
wait_line "On-time delivery .* +█████▃▁"
pass "the sparkline shows the recent readings"

# ---- the detail view ----
keys g Enter
wait_for "Indicator otd"
wait_for "Chart   30 days  │ [90 days] │  year  │  all"
wait_line "│─+█+─+ target 95%"
wait_line "│╌+█+╌+ amber 92%"
wait_line "│╌+█+╌+ red 88%"
# the top row is labelled with the highest value, the bottom with the base
# the bars rise from (86, below the lowest reading 87), which is said
wait_line "96% ┤ +▄+"
wait_line "86% ┤ +█+ "
wait_for "the bars rise from 86%, not from zero"
wait_line "└─{100,} "
wait_line "2026-08-28 +2026-10-12 +2026-11-26"
wait_line "■ red +2026-11-25 06:00 +87% +-3%"
wait_line "▲ amber +2026-11-21 06:00 +90% +-6%"
wait_line "● green +2026-11-17 06:00 +96% +0%"
wait_for "Readings (7 in range, newest first)"
wait_for "] range"
pass "the detail chart: labelled lines, axis labels, dates, readings with their status"

# a reading recorded now shows in the open detail view
record otd 93 26
wait_line "Latest +93% +● green"
wait_line "● green +2026-11-26 06:00 +93% +\\+6%"
wait_for "Readings (8 in range, newest first)"
pass "a reading recorded from a script appears in the open detail view"

keys ]
wait_for "Chart   30 days  │  90 days  │ [year] │  all"
wait_line "2025-11-26 +2026-05-27 +2026-11-26"
keys ]
wait_for "Chart   30 days  │  90 days  │  year  │ [all]"
wait_line "2026-11-01 +2026-11-13 +2026-11-26"
keys ]
wait_for "Chart  [30 days] │  90 days  │  year  │  all"
wait_line "2026-10-27 +2026-11-11 +2026-11-26"
keys [
wait_for "Chart   30 days  │  90 days  │  year  │ [all]"
pass "] and [ step the range and redraw at once"

# ---- a malformed reading changes nothing ----
before=$(b indicator list --format csv)
for bad in "otd 12abc" "otd nan" "otd 1e999" "nosuch 5" "otd 5 --at yesterday-ish"; do
    # shellcheck disable=SC2086
    b indicator record $bad >/dev/null 2>&1
    rc=$?
    [ "$rc" = 2 ] || fail "record $bad: expected exit 2, saw $rc"
done
[ "$(b indicator list --format csv)" = "$before" ] || fail "a refused reading changed the list"
sleep 1.2
screen | grep -qF "Readings (8 in range, newest first)" || fail "a refused reading changed the view"
screen | grep -qE "Latest +93% +● green" || fail "the latest reading changed"
pass "malformed readings exit 2 and nothing changes on screen"

keys Escape
wait_for "┏━ 4 Indicators"
row "On-time delivery" "93%" "≥ 95%" "● green"
keys q
wait_for "EXIT=0"

# ---- ASCII under LANG=C, no colour ----
start_cockpit 160 40 LANG=C LC_ALL=C NO_COLOR=1
wait_for "4 Indicators"
keys 4
# 96 five times, 90, 87, 93 between 87 and 96 in eight ASCII levels
# the trend up is "/" (never "^", which is amber)
wait_line "On-time delivery +93% +>= 95% +o green +/ +#####:_\\+"
wait_line "Open tickets +200 tickets +<= 300 tickets +o green"
keys g Enter
wait_for "Chart   30 days  | [90 days] |  year  |  all"
wait_line "\\|-+#+-+ target 95%"
wait_line "86% \\+ +#+"
wait_line "^# +\\+-{20,} +#$"
wait_line "X red +2026-11-25 06:00 +87%"
screen | grep -qE "[█▁▂▃▄▅▆▇─│┤└]" && fail "Unicode drawing under LANG=C"
pass "LANG=C: the pane and the chart in ASCII, status in words"
keys q
wait_for "#= 4 Indicators"
keys q
wait_for "EXIT=0"
