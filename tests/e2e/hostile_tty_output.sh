#!/bin/bash
# Hostile text on a real terminal (a tmux pane), as a person at the
# keyboard would meet it:
#  1. A title that sets the terminal's title (OSC 0 ... BEL), a C1 CSI
#     (U+009B), a raw 0x9B byte and a right-to-left override, in the
#     database: `blocker list`, `export` and `report` in every format, and
#     `blocker show`, printed on the terminal, leave the pane's title as it
#     was; the bytes baton writes (tmux pipe-pane) hold no ESC, BEL, C1
#     control, bidi control or byte that is not UTF-8; the screen shows the
#     caret form (^[]0;PWNED^G). A probe first proves that the title check
#     can fail.
#  2. The detail view opens a 64 KiB detail (the longest baton takes) and a
#     4 MB title written by another program at once, not after seconds.
#  3. A form refuses a 501-character title with a message naming the
#     limit, and saves nothing.
# Usage: bash hostile_tty_output.sh BATON
source "$(dirname "$0")/lib-tmux.sh"
export TMUX_TMPDIR=$E2E_DIR
SRC=$BATON_SRCDIR
LOG=$E2E_DIR/bytes.log

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
title() { tm display -p -t e2e '#{pane_title}'; }

# in_pane CMD: runs the shell command CMD in a new 160x48 pane whose every
# output byte goes to $LOG, and waits for it to end.
in_pane() {
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    rm -f "$E2E_DIR/go" "$LOG"
    tm new-session -d -s e2e -x 160 -y 48 \
        "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'while [ ! -e \"$E2E_DIR/go\" ]; do sleep 0.02; done; $1'; echo EXIT=\$?; sleep 600" ||
        fail "tmux new-session failed"
    tm pipe-pane -t e2e -o "cat >>'$LOG'"
    touch "$E2E_DIR/go"
    wait_line '^EXIT=[0-9]+$' 10
}

"$BATON" --db "$DB" init >/dev/null && "$BATON" --db "$DB" import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    fail "setting up"
K=$("$BATON" --db "$DB" blocker add --project ENG-1 --title $'x\e]0;PWNED\a csi \xc2\x9b2J rtl \xe2\x80\xaedesrever' \
    --detail $'\e]0;PWNED\a in the detail') || fail "blocker add"
# what baton would refuse, as another program writes it
q "update blocker set reason = 'raw ' || cast(x'9b' as text) || '2J ' || char(27) || ']0;PWNED' || char(7) where key = '$K'"

# ---- 0. the probe ----
in_pane "printf \"\\033]0;PWNED\\007\""
sleep 0.2
[ "$(title)" = PWNED ] || fail "the probe: OSC 0 does not set the pane's title (it is '$(title)'): the checks below would prove nothing"
pass "the probe: OSC 0 written to the pane sets its title"

# ---- 1. every format on the terminal ----
for cmd in "blocker list --state all --format csv" "blocker list --state all --format md" \
    "blocker list --state all --format json" "blocker list --state all" "blocker show $K" \
    "blocker show $K --format json" "export --format csv" "export --format md" "export --format json" \
    "export" "report" "report --format csv" "report --format json"; do
    in_pane "'$BATON' --db '$DB' $cmd"
    screen | grep -qx 'EXIT=0' || fail "'$cmd' on a terminal did not exit 0"
    case $(title) in *PWNED*) fail "'$cmd' on a terminal set the pane's title to '$(title)'" ;; esac
    n=$(LC_ALL=C grep -caP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]' "$LOG")
    [ "$n" = 0 ] || fail "'$cmd' sent $n line(s) with control characters to the terminal: $(LC_ALL=C grep -aP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$LOG" | head -2 | od -c | head -4)"
    iconv -f UTF-8 -t UTF-8 "$LOG" >/dev/null 2>&1 || fail "'$cmd' sent bytes that are not UTF-8 to the terminal"
done
in_pane "'$BATON' --db '$DB' blocker list --state all --format csv"
wait_for '^[]0;PWNED^G'
wait_for '<U+202E>desrever'
wait_for '\x9b2J'
pass "csv, md, json, tables, show, export and report on a terminal: nothing acts, the caret forms show"

# ---- 2. the detail view: the longest detail baton takes, a 4 MB title ----
D64=$(head -c 65536 /dev/zero | tr '\0' w | sed 's/wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww/& /g' | head -c 65536)
BIG=$("$BATON" --db "$DB" blocker add --project ENG-1 --title "BIGDETAIL" --detail "$D64" --severity 1) || fail "a 64 KiB detail"
HUGE=$("$BATON" --db "$DB" blocker add --project ENG-1 --title "HUGETITLE" --severity 1) || fail "a blocker"
q "update blocker set title = 'HUGETITLE ' || replace(hex(zeroblob(2097152)), '0', 'T') where key = '$HUGE'"
# only these two open, so that they are the first rows
q "update blocker set state = 'resolved' where key not in ('$BIG', '$HUGE')"
start_cockpit 160 48
wait_for "Departments"
keys 3
wait_for "HUGETITLE"
for row in 0 1; do
    keys g
    [ $row = 1 ] && keys j
    t0=$(date +%s%N)
    keys Enter
    wait_line ' DETAIL .* lines 1-[0-9]+ of [0-9]+|lines 1-[0-9]+ of [0-9]+ ' 30
    ms=$((($(date +%s%N) - t0) / 1000000))
    which=$(screen | grep -oE 'HUGETITLE|BIGDETAIL' | head -1)
    echo "note: the detail view of $which showed in ${ms} ms (screen polling included)"
    [ "$ms" -lt 1500 ] || fail "the detail view of $which took $ms ms"
    case $which in
    HUGETITLE) screen | grep -q 'HUGETITLE TTTTTTTT' || fail "the 4 MB title is not shown" ;;
    BIGDETAIL) screen | grep -q 'wwwwwwww wwwwwwww' || fail "the 64 KiB detail is not shown" ;;
    esac
    seen="${seen:-} $which"
    keys Escape
    wait_gone " DETAIL "
done
case $seen in *HUGETITLE*BIGDETAIL* | *BIGDETAIL*HUGETITLE*) ;; *) fail "did not open both: $seen" ;; esac
pass "the detail view opens a 64 KiB detail and a 4 MB title at once"

# ---- 3. a form refuses a title over the limit ----
keys 2
wait_for "2 Projects"
keys g e
wait_for "Edit project"
before=$(q "select count(*) from event")
keys C-u
keys -l "$(printf 'T%.0s' $(seq 1 501))"
keys C-s
wait_for "not saved: title is too long (501 characters)"
wait_for "at most 500 characters"
[ "$(q "select count(*) from event")" = "$before" ] || fail "the refused form wrote something"
keys Escape
pass "a form refuses a 501-character title, naming the limit"
keys q
wait_for "EXIT=0"
pass "q exits 0"
