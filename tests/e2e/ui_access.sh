#!/bin/bash
# Rights in the cockpit. A viewer sees the keys that write greyed and
# marked "(no)" in help and left out of the status-bar hints; pressing
# them (a in a pane, t then a in triage) says which role is needed and
# writes nothing. A database the user may only read opens with a banner,
# and its write keys are refused with the banner's words.
# Roles come from the system configuration (lib-roles.sh: root only).
source "$(dirname "$0")/lib-tmux.sh"
source "$(dirname "$0")/lib-roles.sh"
roles_init
BATON=$SYSBATON
trap 'e2e_cleanup; clear_roles' EXIT

make_demo
envs="TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"
set_roles 'access:
  default: viewer
  admins: [access-admin]
  leads: {ENG: [access-lead]}'

# root acts as a viewer with --as; anyone else is one by default
as=()
[ "$(id -u)" = 0 ] && as=(--as access-viewer)
before=$("$BATON" --db "$DB" export --format json | md5sum)

start_viewer() {
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    tm new-session -d -s e2e -x 120 -y 40 \
        "env $envs '$BATON' --db '$DB' ${as[*]}; echo EXIT=\$?; sleep 600" ||
        fail "tmux new-session failed"
}

start_viewer
wait_for "1 Departments"
keys '?'
wait_for "(no) marks a key you may not use here"
wait_line "^.* / +filter +filter the focused pane"
screen | grep -E "^.* / +filter +\(no\)" && fail "filter is marked as refused"
page_until "^.* n +add +\(no\) new item in the focused pane"
keys g
wait_for "(no) marks a key you may not use here" # back at the top before paging again
page_until "^.* a +accept +\(no\) accept"
pass "help greys the keys a viewer may not use"

keys Escape 3
wait_for "┏━ 3 Blockers"
wait_line " PANES .*Enter open"
screen | tail -1 | grep -qE " n new | e edit | a accept | r resolve " && fail "hints offer refused keys"
pass "the hints leave out what a viewer may not use"

keys n
wait_for "permission denied: raising a blocker needs the member role"
screen | grep -q " FORM " && fail "a form opened for a viewer"
keys t
wait_for " TRIAGE "
keys a
wait_for "permission denied: accepting a blocker needs lead of"
keys Escape
wait_for "┏━ 3 Blockers"
keys q
wait_for "EXIT=0"
after=$("$BATON" --db "$DB" export --format json | md5sum)
[ "$before" = "$after" ] || fail "the database changed"
pass "refused keys say which role is needed and write nothing"

# a database this user may only read
clear_roles
if [ "$(id -u)" = 0 ]; then
    if ! command -v setpriv >/dev/null || ! id nobody >/dev/null 2>&1; then
        e2e_skip setpriv "the read-only database case needs setpriv and the nobody user"
    fi
    RO=$(mktemp -d /tmp/baton-ro-XXXXXX)
    trap 'e2e_cleanup; clear_roles; rm -rf "$RO"' EXIT
    chmod 755 "$RO"
    cp "$DB" "$RO/ro.db"
    chmod 0444 "$RO/ro.db"
    # the folder is nobody's, so -wal and -shm can be made next to it
    chown nobody "$RO"
    run=(setpriv --reuid=nobody --regid=nogroup --clear-groups
         env XDG_CONFIG_HOME="$RO" XDG_DATA_HOME="$RO" HOME="$RO")
else
    RO=$E2E_DIR/ro
    mkdir -p "$RO"
    cp "$DB" "$RO/ro.db"
    chmod 0444 "$RO/ro.db"
    run=(env)
fi
tm kill-server >/dev/null 2>&1
E2E_N=$((E2E_N + 1))
tm new-session -d -s e2e -x 120 -y 40 \
    "${run[*]} $envs '$BATON' --db '$RO/ro.db'; echo EXIT=\$?; sleep 600" ||
    fail "tmux new-session failed"
wait_for "read-only: you cannot write to this database"
screen | head -1 | grep -qF "read-only: you cannot write to this database" ||
    fail "the banner is not in the header"
keys 3 a
wait_line "^ PANES +read-only: you cannot write to this database"
keys q
wait_for "EXIT=0"
pass "a read-only database shows the banner and refuses writes"
