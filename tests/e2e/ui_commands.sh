#!/bin/bash
# An empty database shows how to start; :demo loads the demo organisation;
# :goto jumps to an item; :theme completes and switches, saying whether a
# theme: line keeps it; remapped keys work
# and show in the help; a bad binding stops the cockpit with FILE:LINE:COL.
source "$(dirname "$0")/lib-tmux.sh"

"$BATON" --db "$DB" init >/dev/null 2>&1 || true
start_cockpit 120 40
wait_for "no organisation yet"
wait_for ":demo"
keys : d e m Tab
wait_for ":demo "
keys Enter
wait_for "loaded the demo organisation" 5
wait_for "4 Indicators"
pass "an empty database offers :demo, which loads the demo"

blocker=$("$BATON" --db "$DB" blocker list --format csv | awk -F, 'NR == 3 {print $1}')
[ -n "$blocker" ] || fail "no blocker listed"
keys : g o t o Space "$blocker" Enter
wait_for "Blocker $blocker"
keys Escape
wait_for "┏━ 3 Blockers"
pass ":goto opens the item and focuses its pane"

keys : t h e m e Space l i Tab
wait_line ':theme li[a-z]+$'
theme=$(screen | grep -oE ':theme li[a-z]+' | cut -c8-)
keys Enter
wait_for "theme $theme for this session; not kept: add 'theme: $theme' to $XDG_CONFIG_HOME/baton/config.yaml"
keys : Up
wait_line ':theme li[a-z]+'
keys Escape
pass ":theme completes, switches, says it is not kept and where to keep it, and the command line keeps a history"
keys q
wait_for "EXIT=0"

printf 'theme: %s\n' "$theme" >"$XDG_CONFIG_HOME/baton/config.yaml"
start_cockpit 120 40
wait_for "┏━ 1 Departments"
keys : t h e m e Space default Enter
wait_for "theme default for this session; not kept"
keys : t h e m e Space "$theme" Enter
wait_for "theme $theme, kept: $XDG_CONFIG_HOME/baton/config.yaml:1:8 says theme: $theme"
pass ":theme says it is kept when the configuration's theme: line names it"
keys q
wait_for "EXIT=0"

cat >"$XDG_CONFIG_HOME/baton/config.yaml" <<'YAML'
keys:
  down: [n]
  quit: [x]
YAML
start_cockpit 120 40
wait_for "┏━ 1 Departments"
keys '?'
wait_line '^.* x +quit '
# the Moving section may be a page further down
page_until '^.* n +down '
keys Escape
wait_gone "Help: PANES"
keys x
wait_for "EXIT=0"
pass "remapped keys work and the help shows them"

cat >"$XDG_CONFIG_HOME/baton/config.yaml" <<'YAML'
keys:
  down: [n]
  dwon: [m]
YAML
start_cockpit 120 40
wait_for "EXIT=2"
wait_line "config.yaml:3:[0-9]+: unknown command 'dwon'"
pass "an unknown command in keys stops the cockpit with FILE:LINE:COL"
