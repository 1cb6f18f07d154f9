#!/bin/bash
# A flow cell's list reads its blockers a few screens at a time: Enter on
# a cell with more blockers than two screens hold lists the first ones;
# paging down reads the rest before the screen comes to them, so that every open blocker of the flow is listed once, in
# the end, as `blocker list` has them; G goes to the last at once; Esc
# from a blocker opened deep in the list comes back to the same place.
source "$(dirname "$0")/lib-tmux.sh"

"$BATON" --db "$DB" demo --scale 3000 --seed 1 >/dev/null || fail "baton demo failed"
# the largest flow, from the matrix section of the CSV
read -r from to open < <("$BATON" --db "$DB" flow --format csv | awk -F, '
    $0 == "matrix" { m = 1; next } m && $1 == "from" { h = 1; next } h && $0 == "" { exit }
    h && $3 + 0 > max { max = $3 + 0; f = $1; t = $2 } END { print f, t, max }')
[ "${open:-0}" -gt 45 ] || fail "the generated organisation's largest flow has ${open:-0} blockers, too few to page"

start_cockpit 80 24
wait_for "3 Blockers"
keys : f l o w Enter
wait_for "bottleneck: "
keys Enter # the cursor starts on the hottest cell
wait_for "$from waits on $to: $open open"
# two screens read (the body is 20 lines at 80x24), not all of them
total_lines() { screen | grep -oE "lines [0-9]+-[0-9]+ of [0-9]+" | grep -oE "[0-9]+$"; }
wait_line "lines 1-20 of [0-9]+"
first_total=$(total_lines)
# Paging down reads the rest: every blocker of the flow, once.
seen=$E2E_DIR/seen
: >"$seen"
for _ in $(seq 1 40); do
    screen | grep -oE "^┃.? +S[0-9?] +!? *B-[0-9]+" | grep -oE "B-[0-9]+" >>"$seen"
    shown=$(screen | grep -oE "lines [0-9]+-[0-9]+ of [0-9]+")
    last=$(echo "$shown" | grep -oE "[0-9]+-[0-9]+" | cut -d- -f2)
    [ "$last" = "$(total_lines)" ] && ! screen | grep -q "more below" && break
    keys NPage
    for _ in $(seq 1 40); do
        [ "$(screen | grep -oE "lines [0-9]+-[0-9]+ of [0-9]+")" != "$shown" ] && break
        sleep 0.05
    done
done
# the first read was a part: paging read more lines than it held
[ "$(total_lines)" -gt "$first_total" ] || fail "paging down read no more lines ($first_total)"
sort -u "$seen" >"$seen.u"
# the flow's blockers: waiting on $to, of a project of $from (--dept also
# takes those waiting on it)
"$BATON" --db "$DB" project list --dept "$from" --format csv | awk -F, 'NR > 1 { print $1 }' \
    >"$E2E_DIR/projects"
"$BATON" --db "$DB" blocker list --waiting-on "$to" --state open --format csv |
    awk -F, 'NR == FNR { p[$1] = 1; next } FNR > 1 && ($5 in p) { print $1 }' \
        "$E2E_DIR/projects" - | sort -u >"$E2E_DIR/want"
[ "$(wc -l <"$E2E_DIR/want")" = "$open" ] || fail "blocker list has $(wc -l <"$E2E_DIR/want") of the flow's $open"
diff "$E2E_DIR/want" "$seen.u" >/dev/null ||
    fail "paging down did not list the flow's blockers once each: $(diff "$E2E_DIR/want" "$seen.u" | head -5)"
pass "paging down lists all $open blockers of $from > $to, as blocker list has them"

# G from a fresh list goes to the last blocker at once.
keys Escape
wait_for "bottleneck: "
keys Enter
wait_for "$from waits on $to: $open open"
keys G
wait_line "lines [0-9]+-([0-9]+) of \1"
screen | grep -q "more below" && fail "G left a part of the list unread: $(screen)"
pass "G reads the rest of the list and goes to its end"

# A blocker opened from deep in the list, and Esc: the same place again.
at_end=$(screen | grep "▸")
keys k
for _ in $(seq 1 40); do
    [ "$(screen | grep "▸")" != "$at_end" ] && break
    sleep 0.05
done
before=$(screen | grep "▸")
where=$(screen | grep -oE "lines [0-9]+-[0-9]+ of [0-9]+")
key=$(echo "$before" | grep -oE "B-[0-9]+")
keys Enter
wait_gone "Flow $from>$to"
wait_for "$key"
keys Escape
wait_for "Flow $from>$to"
[ "$(screen | grep "▸")" = "$before" ] || fail "Esc came back elsewhere: $(screen | grep "▸")"
[ "$(screen | grep -oE "lines [0-9]+-[0-9]+ of [0-9]+")" = "$where" ] || fail "Esc came back to other lines"
pass "Esc from a blocker opened deep in the list comes back to it"
