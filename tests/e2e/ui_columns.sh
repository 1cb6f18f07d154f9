#!/bin/bash
# Columns share the width well: text gets the room and numbers are as wide
# as their values (an indicator's name is not cut at 18 while Value and
# Target are padded); at 80 columns the Blockers pane keeps severity, key,
# title, waits and state, and Projects shows no lone heading letter;
# progress percentages line up on the right; s cycles only the columns on
# screen and the border names the column (never "default").
source "$(dirname "$0")/lib-tmux.sh"

make_demo

start_cockpit 160 48
wait_for "4 Indicators"
wait_line "│ Change failure rate +8\.5% +≤ 10% ● green"
wait_line "│ Mean time to restore +1h 24m +≤ 1h 30m"
screen | grep -qF "default▲" && fail "a border says default▲"
wait_for "department▲"
pass "indicator names get the room at 160 columns; no border says default"

# values end in one column, right-aligned, and the Value column is only as
# wide as its widest value (Cash runway's '20.5 months' starts it)
ends=$(screen | perl -CSD -ne 'print index($_, "months") + 6, "\n" if /Cash runway/;
    print index($_, " 38 ") + 3, "\n" if /Net promoter score/;
    print index($_, "Value") + 5, "\n" if /│ Name +Value/' | sort -u | wc -l)
[ "$ends" = 1 ] || fail "the Value heading and the values do not end in one column"
pass "values are right-aligned"
keys q
wait_for "EXIT=0"

start_cockpit 80 24
wait_for "3 Blockers"
heads=$(screen | grep -F "Sev " | head -1)
for h in Sev Key Title Waits; do
    case $heads in *"$h"*) ;; *) fail "the Blockers pane at 80 columns lost $h: $heads" ;; esac
done
screen | grep -E "│▸S1! +B-3 " | grep -qE " (acc|accepted) *│" || fail "the Blockers pane at 80 columns lost the state"
projects=$(screen | sed -n 3p | sed 's/.*│ Key/Key/')
case $projects in *" H│"* | *" H "*) fail "Projects shows a lone H heading: $projects" ;; esac
pass "at 80 columns Blockers keeps severity, key, title, waits and state; Projects has no lone letter"

keys 3
wait_for "┏━ 3 Blockers"
seen=""
for ((i = 0; i < 8; i++)); do
    keys s
    sleep 0.15
    name=$(screen | grep -oE "Blockers sorted by [A-Za-z-]+" | tail -1 | awk '{print $4}')
    seen="$seen $name"
done
for bad in Project Owner Age; do
    case " $seen " in *" $bad "*) fail "s sorted by $bad, a column not on screen (saw:$seen)" ;; esac
done
for want in Sev Key Title Waits urgency; do
    case " $seen " in *" $want "*) ;; *) fail "s never sorted by $want (saw:$seen)" ;; esac
done
keys s
wait_line "┏━ 3 Blockers: open .* (Sev|Key|Title|Waits|State|urgency)▲ "
pass "s cycles only the columns on screen, named in the border by their heading"
keys q
wait_for "EXIT=0"

start_cockpit 100 30
wait_for "2 Projects"
pcts=$(screen | grep -E "│[▸ ](OPS|ENG)-[0-9]" | perl -CSD -ne 'print rindex($_, "%"), "\n"' | sort -u | wc -l)
[ "$pcts" = 1 ] || fail "progress percentages are not right-aligned at 100 columns"
pass "progress percentages line up on the right at 100 columns"
keys q
wait_for "EXIT=0"
