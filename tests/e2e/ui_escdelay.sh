#!/bin/bash
# How long Esc waits for the rest of a key's sequence: a few milliseconds
# by default, so Esc answers at once; ESCDELAY in the environment wins, so
# on a link that splits a sequence an arrow still reads as one key. An Alt
# key (Esc and the letter written together) reads as Esc, then the letter:
# baton binds no Alt key, and none is taken for something else.
source "$(dirname "$0")/lib-tmux.sh"

make_demo
row_keys() { screen | grep -oE '┃.S[0-9?]!? +B-[0-9]+' | awk '{print $NF}'; }

start_cockpit 160 48
wait_for "1 Departments"
keys 3
wait_for "┏━ 3 Blockers"
first=$(row_keys | sed -n 1p)
second=$(row_keys | sed -n 2p)
[ -n "$first" ] && [ -n "$second" ] || fail "no blocker rows"
keys Enter
wait_for "Blocker $first"
keys Escape
wait_gone "Blocker $first" 1
pass "Esc closes a detail at once by default"

keys -H 1b 6a # Alt-j as a terminal writes it
wait_line "┃▸S[0-9?]!? +$second "
screen | grep -qF "Blocker $first" && fail "Alt-j opened something"
pass "an Alt key reads as Esc, then its letter"

start_cockpit 160 48 ESCDELAY=3000
wait_for "1 Departments"
keys 3
wait_for "┏━ 3 Blockers"
screen | grep -qE "┃▸S[0-9?]!? +$first " || fail "cursor not on the first blocker $first"
keys -H 1b
sleep 0.5
keys -H 4f 42 # the rest of a Down arrow, half a second later
wait_line "┃▸S[0-9?]!? +$second "
pass "with ESCDELAY raised, a sequence split in two still reads as one key"

keys Enter
wait_for "Blocker $second"
keys Escape
sleep 1
screen | grep -qF "Blocker $second" || fail "Esc answered before the ESCDELAY of 3 s"
wait_gone "Blocker $second" 6
pass "ESCDELAY in the environment wins over the built-in wait"
