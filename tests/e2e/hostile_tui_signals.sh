#!/bin/bash
# Signals to the cockpit at random points, in a loop: each round opens the
# cockpit (tmux) on a copy of the demo database, drives it into a random
# state (a pane, a detail view, an add form or an edit form half filled, a
# triage prompt with half a reason, a stand-up, a stand-up with a saved
# note, or a decline or a note sent with the signal right behind it) and
# sends SIGKILL, SIGTERM, SIGHUP or SIGINT to baton. Afterwards:
#  - TERM, HUP and INT: the terminal is restored (the same stty settings,
#    the normal screen, the cursor shown, keypad mode off, the shell's
#    next lines in place), its presence is gone, and baton ends by that
#    signal (128+n);
#  - always: `baton check`, SQLite's integrity and foreign key checks pass;
#  - a half-typed form or prompt wrote nothing (blockers, projects and the
#    audit log as before); a decline sent with the signal is there with its
#    audit row or absent with none; a stand-up is recoverable: `baton
#    standup list` shows it running, a saved note is in it, and a new
#    cockpit resumes it with the note on the page.
# Usage: bash hostile_tui_signals.sh BATON   ($BATON_SIGNAL_ROUNDS rounds,
# default 24; $BATON_SIGNAL_SEED seeds the states, printed either way)
source "$(dirname "$0")/lib-tmux.sh"
# a background copy of this shell must never remove the folder
trap '[ "$BASHPID" = "$$" ] && e2e_cleanup' EXIT
ROUNDS=${BATON_SIGNAL_ROUNDS:-24}
SEED=${BATON_SIGNAL_SEED:-$$}
RANDOM=$SEED
echo "seed $SEED"
T0=$(date +%s)

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
BASE=$E2E_DIR/base.db
"$BATON" --db "$BASE" demo >/dev/null || fail "baton demo failed"
sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
first=$("$BATON" --db "$BASE" department list --format csv | awk -F, 'NR == 2 {print $1}')
[ -n "$first" ] || fail "no department in the demo"

# The cockpit in a pane whose shell saves the terminal's settings before
# and after, and prints the exit status and a line of its own afterwards.
start_wrapped() {
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    rm -f "$E2E_DIR/stty.before" "$E2E_DIR/stty.after" "$E2E_DIR/rc"
    tm new-session -d -s e2e -x 120 -y 40 \
        "stty -g >'$E2E_DIR/stty.before'; env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BATON' --db '$DB'; rc=\$?; stty -g >'$E2E_DIR/stty.after'; echo EXIT=\$rc; echo AFTER; echo \$rc >'$E2E_DIR/rc'; sleep 600" ||
        fail "tmux new-session failed"
}
baton_pid() { pgrep -P "$(tm display -p -t e2e '#{pane_pid}')" -x baton; }
flags() { tm display -p -t e2e '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}'; }
# what a form or a prompt must not have touched
dump() {
    q "select * from blocker order by id; select * from project order by id;
        select * from department order by id;
        select count(*) from event where entity not like 'standup%'" | md5sum
}
# the head of the triage queue, as the model orders it
head_key() {
    q "select key from blocker where state='new' order by coalesce(severity,5), raised_at,
        cast(substr(key,3) as integer) limit 1"
}

STATES=(pane detail form edit prompt standup note decline note-race)
SIGS=(KILL TERM HUP INT)
declare -A NUM=([KILL]=9 [TERM]=15 [HUP]=1 [INT]=2)
seen=""
for ((r = 0; r < ROUNDS; r++)); do
    sig=${SIGS[r % 4]}
    state=${STATES[RANDOM % ${#STATES[@]}]}
    # every state comes up at least once in a full run
    ((r < ${#STATES[@]} && ROUNDS >= ${#STATES[@]})) && state=${STATES[(r + SEED) % ${#STATES[@]}]}
    label="round $r ($state, SIG$sig)"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$BASE" "$DB"
    before=$(dump)
    hk=$(head_key)
    note="note of round $r $RANDOM"
    start_wrapped
    wait_for "4 Indicators"
    case $state in
    pane)
        keys $((RANDOM % 4 + 1))
        for ((k = RANDOM % 5; k > 0; k--)); do keys j; done
        ;;
    detail)
        keys $((RANDOM % 4 + 1)) Enter
        wait_for "Esc back"
        ;;
    form)
        keys 3 n
        wait_for " FORM "
        keys -l "half typed"
        keys Tab
        keys -l "a title never saved"
        ;;
    edit)
        keys 2 e
        wait_for " FORM "
        keys Tab
        keys -l " and more never saved"
        ;;
    prompt)
        keys t
        wait_for "done this round"
        keys d
        wait_line "decline B-[0-9]+: reason"
        keys -l "half a reas"
        ;;
    standup)
        keys S
        wait_for "Stand-up · $first"
        ;;
    note | note-race)
        keys S
        wait_for "Stand-up · $first"
        keys N
        wait_for "note for $first"
        keys -l "$note"
        keys Enter
        [ "$state" = note ] && wait_for "note     $note"
        ;;
    decline)
        keys t
        wait_for "done this round"
        keys d
        wait_line "decline B-[0-9]+: reason"
        keys -l "declined in round $r"
        keys Enter
        ;;
    esac
    # the signal lands on what the last key started, or just after
    [ "$state" = decline ] || [ "$state" = note-race ] || sleep 0.$((RANDOM % 3))
    pid=$(baton_pid)
    [ -n "$pid" ] || fail "$label: no baton process under the pane"
    kill -s "$sig" "$pid" || fail "$label: kill -s $sig $pid failed"
    # the shell's lines come out garbled after SIGKILL: the status goes to a file
    for ((i = 0; i < 200; i++)); do
        [ -s "$E2E_DIR/rc" ] && break
        sleep 0.05
    done
    rc=$(cat "$E2E_DIR/rc" 2>/dev/null)
    [ -n "$rc" ] || fail "$label: baton did not end within 10 s of SIG$sig"
    echo "$label: exit $rc"
    [ "$rc" = $((128 + NUM[$sig])) ] || fail "$label: exit status $rc, expected $((128 + NUM[$sig])) (ended by SIG$sig)"

    if [ "$sig" != KILL ]; then
        [ "$(flags)" = "0 1 0" ] ||
            fail "$label: terminal not restored: alternate screen, cursor, keypad = $(flags), expected 0 1 0"
        cmp -s "$E2E_DIR/stty.before" "$E2E_DIR/stty.after" ||
            fail "$label: stty settings changed: $(cat "$E2E_DIR/stty.before") -> $(cat "$E2E_DIR/stty.after")"
        wait_for AFTER
        screen | grep -qx "AFTER" || fail "$label: the shell's line after baton is not a normal line"
        screen | grep -qF "4 Indicators" && fail "$label: the cockpit is still on screen"
        [ "$(q 'select count(*) from session')" = 0 ] || fail "$label: the cockpit did not leave (presence row kept)"
    fi

    "$BATON" --db "$DB" check >"$E2E_DIR/check.out" 2>&1 || fail "$label: baton check fails: $(cat "$E2E_DIR/check.out")"
    [ "$(q 'PRAGMA integrity_check')" = ok ] || fail "$label: integrity_check fails"
    [ -z "$(q 'PRAGMA foreign_key_check')" ] || fail "$label: foreign keys broken"

    case $state in
    pane | detail | form | edit | prompt | standup)
        [ "$(dump)" = "$before" ] ||
            fail "$label: blockers, projects, departments or the audit log changed"
        ;;
    decline)
        st=$(q "select state from blocker where key = '$hk'")
        ev=$(q "select count(*) from event where entity_key = '$hk' and action = 'decline'")
        if [ "$st" = declined ]; then
            [ "$ev" = 1 ] || fail "$label: $hk declined with $ev audit rows"
            [ "$(q "select reason from blocker where key = '$hk'")" = "declined in round $r" ] ||
                fail "$label: $hk declined with another reason"
        else
            [ "$st" = new ] && [ "$ev" = 0 ] || fail "$label: $hk is '$st' with $ev decline audit rows"
            [ "$(dump)" = "$before" ] || fail "$label: no decline, yet something changed"
        fi
        seen="$seen decline:$st"
        ;;
    esac
    case $state in
    standup | note | note-race)
        running=$(q "select count(*) from standup where ended_at is null")
        saved=$(q "select count(*) from standup_entry where text = '$note'")
        if [ "$state" = note-race ] && [ "$running" = 0 ]; then
            [ "$saved" = 0 ] || fail "$label: a note without its stand-up"
            seen="$seen note-race:absent"
            continue
        fi
        [ "$running" = 1 ] || fail "$label: $running running stand-ups, expected 1"
        "$BATON" --db "$DB" standup list >"$E2E_DIR/list.out" 2>&1 || fail "$label: standup list fails"
        [ "$(grep -c . "$E2E_DIR/list.out")" -ge 2 ] || fail "$label: standup list shows no stand-up: $(cat "$E2E_DIR/list.out")"
        [ "$state" = note ] && [ "$saved" != 1 ] && fail "$label: the saved note is not in the database"
        [ "$saved" -le 1 ] || fail "$label: the note was saved $saved times"
        # A new cockpit resumes it, with the note on the page. A killed
        # cockpit never left: until its presence expires (90 seconds) the
        # stand-up looks driven from elsewhere, and the new one follows it.
        start_wrapped
        wait_line "S resumes|F follows"
        if [ "$sig" = KILL ] && screen | grep -qF "F follows"; then
            keys F
            wait_for "Following the stand-up · $first"
            seen="$seen killed:follows"
        else
            wait_for "S resumes"
            keys S
            wait_for "Stand-up · $first"
        fi
        [ "$saved" = 1 ] && wait_for "$note"
        keys Escape
        wait_line "S resumes|F follows"
        keys q
        wait_for "EXIT=0"
        [ "$state" = note-race ] && seen="$seen note-race:saved$saved"
        ;;
    esac
done
echo "rounds: $ROUNDS;$seen"
echo "took $(($(date +%s) - T0)) s"
pass "$ROUNDS rounds of signals: the terminal restored, the database whole, forms and prompts wrote nothing, stand-ups resumable"
