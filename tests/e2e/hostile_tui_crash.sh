#!/bin/bash
# A crash gives the terminal back: the cockpit, sent SEGV, ABRT, BUS, FPE
# or ILL (as a bug or an out-of-memory abort would) or QUIT (Ctrl-\),
# leaves the alternate screen, shows the cursor, ends keypad mode, says so
# in one line and restores the terminal's
# settings exactly as they were before it started (cooked mode: icanon,
# echo), then dies by that same signal (status 128+n). The database is
# whole afterwards.
# Usage: bash hostile_tui_crash.sh BATON
source "$(dirname "$0")/lib-tmux.sh"

make_demo
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

# The cockpit in a pane whose shell saves the terminal's settings before
# and after, with core dumps off (a crash here is on purpose).
start_wrapped() {
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    rm -f "$E2E_DIR/stty.before" "$E2E_DIR/stty.after" "$E2E_DIR/stty.a" "$E2E_DIR/rc"
    tm new-session -d -s e2e -x 120 -y 40 \
        "ulimit -c 0; stty -g >'$E2E_DIR/stty.before'; env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BATON' --db '$DB'; rc=\$?; stty -g >'$E2E_DIR/stty.after'; stty -a >'$E2E_DIR/stty.a'; echo \$rc >'$E2E_DIR/rc'; echo EXIT=\$rc; sleep 600" ||
        fail "tmux new-session failed"
}
baton_pid() { pgrep -P "$(tm display -p -t e2e '#{pane_pid}')" -x baton; }
flags() { tm display -p -t e2e '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}'; }

declare -A NUM=([SEGV]=11 [ABRT]=6 [BUS]=7 [FPE]=8 [ILL]=4 [QUIT]=3)
for sig in SEGV ABRT BUS FPE ILL QUIT; do
    start_wrapped
    wait_for "1 Departments" 10
    [ "$(flags | cut -d' ' -f1)" = 1 ] || fail "SIG$sig: the cockpit is not on the alternate screen"
    pid=$(baton_pid)
    [ -n "$pid" ] || fail "SIG$sig: no baton process in the pane"
    kill -s "$sig" "$pid"
    for ((i = 0; i < 100; i++)); do
        [ -s "$E2E_DIR/rc" ] && break
        sleep 0.1
    done
    rc=$(cat "$E2E_DIR/rc" 2>/dev/null)
    [ -n "$rc" ] || fail "SIG$sig: baton did not end within 10 s"
    [ "$rc" = $((128 + NUM[$sig])) ] || fail "SIG$sig: exit status $rc, expected $((128 + NUM[$sig]))"
    [ "$(flags)" = "0 1 0" ] ||
        fail "SIG$sig: terminal not restored: alternate screen, cursor, keypad = $(flags), expected 0 1 0"
    cmp -s "$E2E_DIR/stty.before" "$E2E_DIR/stty.after" ||
        fail "SIG$sig: stty settings changed: $(cat "$E2E_DIR/stty.before") -> $(cat "$E2E_DIR/stty.after")"
    grep -qw -- "icanon" "$E2E_DIR/stty.a" && grep -qw -- "echo" "$E2E_DIR/stty.a" ||
        fail "SIG$sig: not back in cooked mode: $(cat "$E2E_DIR/stty.a")"
    wait_for "EXIT=$rc"
    screen | grep -qE "baton: (crashed|quit) \(SIG$sig[,)].*; the terminal was restored" ||
        fail "SIG$sig: no line saying what happened"
    pass "SIG$sig: terminal restored, ended by SIG$sig ($rc)"
done

"$BATON" --db "$DB" check >/dev/null || fail "check fails after the crashes"
pass "the database is whole"
