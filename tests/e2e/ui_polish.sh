#!/bin/bash
# What a new user stumbles on: the welcome screen's steps line up and its
# hints are only keys that work there; column headings at 80 columns are
# whole, short forms or end in an ellipsis; a 500-character title reads
# whole in its detail view; Enter on an item a detail view lists opens it
# and Esc comes back; :goto and :narrow complete keys; a configured theme
# that does not exist is refused at start and by `config check`, which
# also warns about a key taken from another command.
source "$(dirname "$0")/lib-tmux.sh"

# the welcome screen of an empty database
"$BATON" --db "$DB" init >/dev/null || fail "baton init failed"
start_cockpit 100 30
wait_for "This database holds no organisation yet."
demo_col=$(screen | grep -F ":demo" | head -1 | awk '{print index($0, ":demo")}')
import_col=$(screen | grep -F "baton import FILE" | awk '{print index($0, "baton import FILE")}')
[ -n "$demo_col" ] && [ "$demo_col" = "$import_col" ] ||
    fail "steps not aligned: ':demo' at $demo_col, 'baton import' at $import_col"
screen | tail -1 | grep -qE "Tab pane|Enter open|/ filter" && fail "hints for keys that do nothing"
screen | tail -1 | grep -qF "? help" || fail "no help hint on the welcome screen"
pass "the welcome screen lines up and offers only keys that work"
keys : d e m o Enter
wait_for "1 Departments"
wait_for "loaded the demo organisation: 10 departments"
keys q
wait_for "EXIT=0"

# headings at 80 columns: whole, a short form, or cut with an ellipsis
start_cockpit 80 24
wait_for "1 Departments"
heads=$(screen | sed -n 3p)
for bad in "Blocker " " He " "Statu " " Prog " "Sta "; do
    case $heads in *"$bad"*) fail "a heading cut mid-word: '$bad' in: $heads" ;; esac
done
pass "column headings at 80 columns are never cut mid-word"

# a long title wraps in its detail view
title=""
for ((i = 0; i < 50; i++)); do title+="lengthy$i "; done
key=$("$BATON" --db "$DB" blocker add --project OPS-1 --title "$title" 2>/dev/null | tail -1)
[ -n "$key" ] || fail "blocker add printed no key"
keys : g o t o Space
keys "$key"
keys Enter
wait_for "Blocker $key"
wait_for "lengthy0"
wait_for "lengthy49"
pass "a 500-character title reads whole in its detail view"
keys Escape

# Enter on a project a department's detail lists opens it; Esc comes back
keys : g o t o Space O P S Enter
wait_for "Department OPS"
for ((i = 0; i < 40; i++)); do
    screen | grep -qE "┃▸ +. OPS-1 " && break
    keys j
    sleep 0.05
done
keys Enter
wait_for "Project OPS-1"
keys Escape
wait_for "Department OPS"
keys Escape
wait_for "1 Departments"
pass "Enter opens an item a detail lists, Esc goes back to it"

# completion of keys
keys : g o t o Space b - 3 Tab
wait_line "^ COMMAND +:goto B-3 +B-3 B-30 "
keys C-u n a r r o w Space O P Tab
wait_line "^ COMMAND +:narrow OPS *$"
keys Escape q
wait_for "EXIT=0"
pass ":goto and :narrow complete keys"

# a configured theme that does not exist
cfg=$XDG_CONFIG_HOME/baton/config.yaml
printf 'theme: nosuchtheme\n' >"$cfg"
start_cockpit 250 24
wait_for "EXIT=2"
screen | grep -qF "$cfg:1:8: unknown theme 'nosuchtheme'" || fail "no FILE:LINE:COL for the theme"
screen | grep -qF "available: default" || fail "themes not listed"
out=$("$BATON" config check "$cfg" 2>&1)
rc=$?
[ $rc = 2 ] || fail "config check of a missing theme exited $rc: $out"
case $out in *"$cfg:1:8: unknown theme 'nosuchtheme'"*) ;; *) fail "config check said: $out" ;; esac
printf 'keys:\n  quit: [j]\n' >"$cfg"
out=$("$BATON" config check "$cfg" 2>&1)
rc=$?
[ $rc = 0 ] || fail "a key taken from another command is not an error: $out"
case $out in *"$cfg:2:3: warning: 'quit' takes j from 'down'"*) ;; *) fail "no warning: $out" ;; esac
printf 'keys:\n  nosuchcommand: [j]\n' >"$cfg"
out=$("$BATON" config check "$cfg" 2>&1)
[ $? = 2 ] || fail "an unknown command passed config check: $out"
case $out in *"unknown command 'nosuchcommand'"*) ;; *) fail "config check said: $out" ;; esac
pass "config check refuses what the cockpit refuses, and warns about a taken key"
