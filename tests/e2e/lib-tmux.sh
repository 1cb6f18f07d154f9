# Helpers for the cockpit's end-to-end tests, sourced by tests/e2e/ui_*.sh
# (this file is not a test itself: CMakeLists.txt leaves lib-*.sh out).
#
# Each test gets its own tmux server (a socket in its own folder), its own
# temporary folder (database, XDG config and data), a frozen clock, and is
# cleaned up by a trap. Waits poll the screen; no test sleeps for long.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    echo "lib-tmux.sh is sourced by the ui_*.sh tests; run one of them" >&2
    exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib-skip.sh"

BATON=${1:?usage: bash $0 /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
export BATON_SRCDIR=${BATON_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
command -v tmux >/dev/null || e2e_skip tmux "tmux is not installed"

E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/baton-e2e-XXXXXX")
export XDG_CONFIG_HOME=$E2E_DIR/config XDG_DATA_HOME=$E2E_DIR/data
export BATON_NOW=2026-11-26T09:00:00Z
DB=$E2E_DIR/baton.db
mkdir -p "$XDG_CONFIG_HOME/baton" "$XDG_DATA_HOME"

# Every start_cockpit gets a server of its own: a new server on a socket
# that is still shutting down can fail to start.
E2E_N=0
tm() { tmux -S "$E2E_DIR/tmux-$E2E_N" -f /dev/null "$@"; }

e2e_cleanup() {
    local i
    for ((i = 0; i <= E2E_N; i++)); do
        tmux -S "$E2E_DIR/tmux-$i" kill-server >/dev/null 2>&1
    done
    rm -rf "$E2E_DIR"
}
trap e2e_cleanup EXIT

screen() { tm capture-pane -p -t e2e 2>/dev/null; }

fail() {
    echo "FAIL: $*"
    echo "----- screen -----"
    screen
    echo "------------------"
    exit 1
}

pass() { echo "ok   $*"; }

# wait_for TEXT [SECONDS]: polls the screen until TEXT (fixed string) shows.
wait_for() {
    local text=$1 secs=${2:-5} i
    for ((i = 0; i < secs * 20; i++)); do
        screen | grep -qF -- "$text" && return 0
        sleep 0.05
    done
    fail "waited ${secs}s for '$text'"
}

# wait_gone TEXT [SECONDS]: polls until TEXT is no longer on the screen.
wait_gone() {
    local text=$1 secs=${2:-5} i
    for ((i = 0; i < secs * 20; i++)); do
        screen | grep -qF -- "$text" || return 0
        sleep 0.05
    done
    fail "waited ${secs}s for '$text' to go"
}

# wait_line REGEX [SECONDS]: polls until a screen line matches REGEX (ERE).
wait_line() {
    local re=$1 secs=${2:-5} i
    for ((i = 0; i < secs * 20; i++)); do
        screen | grep -qE -- "$re" && return 0
        sleep 0.05
    done
    fail "waited ${secs}s for a line matching /$re/"
}

keys() { tm send-keys -t e2e "$@"; }

# page_until REGEX: pages down (PgDn) a few times until a screen line
# matches REGEX (ERE), then waits for it as wait_line does.
page_until() {
    local i
    for ((i = 0; i < 6; i++)); do
        screen | grep -qE -- "$1" && break
        keys NPage
        sleep 0.15
    done
    wait_line "$1"
}

make_demo() {
    "$BATON" --db "$DB" demo >/dev/null || fail "baton demo failed"
}

# start_cockpit W H [VAR=value ...]: runs baton in a W x H tmux pane; when
# it ends the pane shows EXIT=<status> and stays open.
start_cockpit() {
    local w=$1 h=$2
    shift 2
    local envs="TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $*"
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    tm new-session -d -s e2e -x "$w" -y "$h" \
        "env $envs '$BATON' --db '$DB'; echo EXIT=\$?; sleep 600" ||
        fail "tmux new-session failed"
}
