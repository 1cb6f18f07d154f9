#!/bin/bash
# Who may record a confidence check-in from the cockpit: a viewer's C is
# refused before anything is asked, with the role it needs; a lead
# records one on their department's objective but not on another
# department's (the model refuses, the status bar says why, nothing is
# written); a member records one on an objective they own.
# Roles come from the system configuration (lib-roles.sh: root only).
source "$(dirname "$0")/lib-tmux.sh"
source "$(dirname "$0")/lib-roles.sh"
roles_init
BATON=$SYSBATON
trap 'e2e_cleanup; clear_roles' EXIT

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
B() { "$BATON" --db "$DB" "$@" >/dev/null || fail "baton $*"; }
B init
B department add SALES --name Sales
B department add ENG --name Engineering --lead obj-lead
B person add obj-owner --name "Olive Owner" --dept SALES
B objective add GROW --title "Grow the business" --period 2026
B objective add ENG-SCALE --title "Scale the platform" --period 2026 --dept ENG --parent GROW
B objective add SALES-GROW --title "Win enterprise accounts" --period 2026 --dept SALES \
    --parent GROW --owner obj-owner
cat >"$XDG_CONFIG_HOME/baton/config.yaml" <<'YAML'
layout:
  rows: 1
  cols: 1
  panes: [objectives]
YAML
set_roles 'access:
  default: viewer
  admins: [root]
  leads: {ENG: [obj-lead]}
  members: [obj-owner]'

# start_as LOGIN: the cockpit as LOGIN (root acts as them with --as)
start_as() {
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    tm new-session -d -s e2e -x 120 -y 30 \
        "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BATON' --db '$DB' --as $1; echo EXIT=\$?; sleep 600" ||
        fail "tmux new-session failed"
    wait_for "1 Objectives"
}

start_as obj-viewer
keys j C
wait_for "permission denied: recording a check-in needs the member role"
screen | grep -q "confidence in" && fail "a viewer was asked for a score"
pass "a viewer's C is refused with the role it needs"

start_as obj-lead
keys j C 5 Enter
wait_for "ENG-SCALE: confidence 5/10 recorded"
keys j C 5 Enter
wait_for "permission denied: recording a check-in on objective SALES-GROW needs lead of SALES"
[ "$(q "select count(*) from objective_checkin c join objective o on o.id = c.objective_id where o.key = 'SALES-GROW'")" = 0 ] ||
    fail "a lead of ENG recorded a check-in on SALES' objective"
pass "a lead records a check-in on their department's objective, not another's"

start_as obj-owner
keys j j C 6 Enter
wait_for "SALES-GROW: confidence 6/10 recorded"
[ "$(q "select who from objective_checkin c join objective o on o.id = c.objective_id where o.key = 'SALES-GROW'")" = obj-owner ] ||
    fail "the owner's check-in"
pass "a member records a check-in on the objective they own"
