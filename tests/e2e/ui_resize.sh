#!/bin/bash
# Terminal behaviour: a resize redraws at once, a terminal below 40x10 says
# so and the cockpit comes back when it grows; LANG=C draws ASCII; NO_COLOR
# still runs; an unusable TERM is refused with status 2.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
start_cockpit 160 48
wait_for "4 Indicators"
tm resize-window -t e2e -x 40 -y 12
wait_line "^╭─ 3 Blockers|^┏━ 1 Departments"
wait_for "4 Indicators"
# in characters (the dot and the ellipsis are several bytes each)
[ "$(screen | sed -n 1p | perl -CSD -ne 'chomp; print length')" -le 40 ] || fail "header wider than 40"
tm resize-window -t e2e -x 30 -y 8
wait_for "terminal too small (30x8);"
wait_for "need 40x10"
tm resize-window -t e2e -x 160 -y 48
wait_for "4 Indicators"
wait_gone "terminal too small"
pass "resizes redraw, too small says so and recovers"
keys q
wait_for "EXIT=0"

start_cockpit 100 30 LANG=C LC_ALL=C NO_COLOR=1
wait_for "4 Indicators"
wait_line '^\+- 2 Projects|^#= 1 Departments'
screen | grep -q '[─│╭━┃▸●▲■]' && fail "Unicode drawn under LANG=C"
pass "LANG=C draws ASCII borders and marks"
keys q
wait_for "EXIT=0"

start_cockpit 100 30 TERM=dumb
wait_for "EXIT=2"
wait_for "terminal 'dumb' cannot run the cockpit; set TERM"
pass "TERM=dumb is refused with status 2"
