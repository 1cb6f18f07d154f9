#!/bin/bash
# Objectives in the cockpit, as a CMO preparing the quarter would use
# them: the objectives pane (placed by layout:) reads as a tree, company
# objectives with their department objectives under them, each with its
# progress, health and confidence; the Projects pane marks the active
# projects that serve nothing; Enter opens an objective's detail (parent,
# children, key results with their sparklines, the projects that serve
# it, check-ins) and Enter there opens what it lists; C records a
# confidence check-in (a digit, 0 for 10, then a note); a reading
# recorded elsewhere moves the objective's progress on screen; :goto and
# the filter find objectives; :objectives opens the whole tree; the
# stand-up page lists a department's objectives, where C records a
# check-in too.
source "$(dirname "$0")/lib-tmux.sh"

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
B() { "$BATON" --db "$DB" "$@" >/dev/null || fail "baton $*"; }

B init
B department add SALES --name Sales
B department add ENG --name Engineering
B department add OPS --name Operations
B indicator add revenue --name "Enterprise revenue" --department SALES --target 100 --direction up
B indicator record revenue 0 --at 2025-12-31T12:00:00Z
for m in 03 05 07 09; do B indicator record revenue 2$m --at 2026-$m-01T12:00:00Z; done
B indicator record revenue 40 --at 2026-11-01T12:00:00Z
B project add ENG-1 --title "Move to the event bus" --dept ENG --status active --progress 50
B project add ENG-2 --title "Office plants" --dept ENG --status active --progress 10
B objective add GROW --title "Grow the business" --period 2026
B objective add SALES-GROW --title "Win enterprise accounts" --period 2026 --dept SALES --parent GROW
B objective add ENG-SCALE --title "Scale the platform" --period 2026 --dept ENG --parent GROW
B objective link SALES-GROW --indicator revenue
B objective link ENG-SCALE --project ENG-1

cat >"$XDG_CONFIG_HOME/baton/config.yaml" <<'YAML'
layout:
  rows: 1
  cols: 2
  panes: [objectives, projects]
YAML

start_cockpit 160 40
wait_for "1 Objectives"
wait_line "GROW +Grow the business +company .* 45% ■ off track"
wait_line "ENG-SCALE +├ Scale the platform +ENG .* 50% ■ off track"
wait_line "SALES-GROW +└ Win enterprise accounts +SALES .* 40% ■ off track"
screen | grep -n "Grow the business\|Scale the platform\|Win enterprise" | cut -d: -f1 | tr '\n' ' ' |
    grep -qE "^([0-9]+) ([0-9]+) ([0-9]+) $" || fail "three tree rows"
[ "$(screen | grep -n "Grow the business" | cut -d: -f1)" -lt "$(screen | grep -n "Scale the platform" | cut -d: -f1)" ] ||
    fail "the company objective stands above its department objectives"
pass "the tree: the company objective, its department objectives under it, progress and health"

wait_line "ENG-2 +∅ Office plants"
screen | grep -qE "ENG-1 +Move to the event bus" || fail "ENG-1 serves an objective: no mark"
pass "the Projects pane marks the unaligned project"

# the detail: parent, key results with a sparkline, check-ins; Enter opens them
keys j j Enter
wait_for "Objective SALES-GROW"
wait_for "Parent"
wait_line "GROW Grow the business"
wait_for "Key results (1)"
wait_line "indicator +revenue Enterprise revenue 0 → 40 of 100 .* 40% [▁▂▃▄▅▆▇█]{3,}"
wait_for "Check-ins (0)"
wait_line "Health +■ off track +\(progress 40% with 90% of 2026 gone, no check-in yet\)"
pass "the detail shows the parent, the key result with its sparkline and the health's reasons"
# the cursor's first stop is the department, then the parent, then the key result
keys j Enter
wait_for "Objective GROW"
wait_for "Children (2)"
keys Escape
wait_for "Objective SALES-GROW"
keys j Enter
wait_for "Indicator revenue"
keys Escape
wait_for "Objective SALES-GROW"
pass "Enter opens the parent and the key result, Esc comes back"

# C: a check-in from the detail, 4/10 with a note
keys C
wait_for "confidence in SALES-GROW"
keys 4
wait_for "note for SALES-GROW at 4/10"
keys -l "Two deals slipped"
keys Enter
wait_for "SALES-GROW: confidence 4/10 recorded"
wait_line " 4/10 .* Two deals slipped"
wait_for "Check-ins (1)"
[ "$(q "select confidence || ' ' || note from objective_checkin")" = "4 Two deals slipped" ] ||
    fail "the check-in in the database: $(q 'select * from objective_checkin')"
keys Escape
wait_line "SALES-GROW .* 4/10"
pass "C records a check-in: the detail and the pane show it"

# 0 means 10, and the note may be left out
keys C
wait_for "confidence in SALES-GROW"
keys 0
wait_for "note for SALES-GROW at 10/10"
keys Enter
wait_for "SALES-GROW: confidence 10/10 recorded"
wait_line "SALES-GROW .* 10/10"
[ "$(q "select count(*) from objective_checkin where confidence = 10 and note is null")" = 1 ] ||
    fail "0 records 10 without a note"
pass "0 records 10/10, Enter leaves the note out"

# live: a reading recorded elsewhere moves the key result and the objective
"$BATON" --db "$DB" indicator record revenue 80 >/dev/null || fail "indicator record"
wait_line "SALES-GROW +└ Win enterprise accounts .* 80%"
wait_line "GROW +Grow the business .* 65%"
pass "a reading recorded elsewhere moves the objective's progress on screen"

# :goto and the filter know objectives
keys :
keys -l "goto eng-scale"
keys Enter
wait_for "Objective ENG-SCALE"
wait_line "project +ENG-1 Move to the event bus .* 50%"
wait_for "Projects that serve it (1)"
keys Escape
keys /
keys -l "enterprise"
wait_line "SALES-GROW +└ Win enterprise accounts"
wait_gone "Scale the platform"
screen | grep -q "Grow the business" || fail "a match keeps its parent"
keys Escape
wait_for "Scale the platform"
pass ":goto opens an objective; the filter keeps a match's parents"

# Space narrows to the selected objective's department, keeping its parent
keys g j j Space
wait_for "narrowed to SALES; 0 widens"
wait_gone "Scale the platform"
screen | grep -q "Grow the business" || fail "narrowing keeps the company objective above"
keys 0
wait_for "showing every department"
wait_for "Scale the platform"
pass "Space narrows the tree to a department, 0 widens it"

keys :
keys -l "objectives"
keys Enter
wait_line "Objectives +3 neither done nor dropped"
wait_line "● on track  └ SALES-GROW Win enterprise accounts"
keys Escape
pass ":objectives opens the whole tree"

# without colour and without UTF-8 the health still reads, the tree in ASCII
start_cockpit 80 24 NO_COLOR=1 LANG=C LC_ALL=C
wait_for "1 Objectives"
wait_line "SALES-GROW +\`-Win enterp.* o on track"
wait_line "ENG-SCALE +\|-Scale the.* X off track"
wait_line "ENG-2 +U Office plants"
pass "NO_COLOR and LANG=C: health in words, the tree in ASCII"

# the stand-up page: the department's objectives with their health; C there
start_cockpit 140 40
wait_for "1 Objectives"
keys S
wait_for "Stand-up · ENG"
wait_for "Objectives (1)"
wait_line "■ off track ENG-SCALE Scale the platform · 50%"
keys n
wait_for "Stand-up · OPS"
wait_for "none for this department"
keys C
wait_for "C records a check-in on an objective: select one"
pass "a page without objectives says where C works"
keys n
wait_for "Stand-up · SALES"
wait_line "● on track  SALES-GROW Win enterprise accounts · 80% · confidence 10/10"
keys C
wait_for "confidence in SALES-GROW"
keys 3
wait_for "note for SALES-GROW at 3/10"
keys -l "The big deal slipped to Q1"
keys Enter
wait_for "SALES-GROW: confidence 3/10 recorded"
wait_line "■ off track SALES-GROW Win enterprise accounts · 80% · confidence 3/10"
[ "$(q "select confidence || ' ' || note from objective_checkin order by id desc limit 1")" = \
    "3 The big deal slipped to Q1" ] || fail "the stand-up's check-in in the database"
pass "the stand-up page lists the department's objectives; C records a check-in there"
