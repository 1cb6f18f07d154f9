#!/bin/bash
# Hostile terminals and hostile text in the cockpit, driven through tmux.
#  1. TERM unset, TERM=dumb, TERM=nonexistent-term: exit 2 with one line
#     saying what to set; not one escape sequence reaches the terminal and
#     its settings (stty) are as before. Output to a pipe or a file, or
#     input from a file: a refusal with exit 2, nothing written to stdout.
#  2. 20x5 and 1x1 windows: the cockpit keeps running, says "too small" in
#     whatever fits (nothing at 1x1) and comes back whole at 160x48.
#  3. A storm of 50 random sizes between 1x1 and 200x60 (seeded, the seed
#     is printed): then at 160x48 the panes are drawn, keys work, q exits 0.
#  4. Escape sequences (OSC title, clear screen, DCS, C1 CSI), BEL,
#     backspaces, CR, invalid UTF-8, right-to-left overrides, zero-width
#     joiners, combining marks, wide CJK and 100,000-character texts in
#     departments, people, projects, blockers (and a key) and indicators,
#     written through `blocker add`, `import` and, for what baton refuses,
#     straight into the database. Every pane, every row's detail view,
#     triage, the help, a form and the stand-up are visited: the pane's
#     title never becomes 'pwned', the screen is never cleared, the right
#     borders stay in their column, the caret forms (^[) show, and the
#     bytes baton sends (tmux pipe-pane) hold no OSC, DCS, ESC [2J, C1
#     control, BEL or bidi override. Visiting writes nothing.
# Usage: bash hostile_term.sh BATON   ($BATON_STORM_SEED seeds the storm)
source "$(dirname "$0")/lib-tmux.sh"
# a background copy of this shell must never remove the folder
trap '[ "$BASHPID" = "$$" ] && e2e_cleanup' EXIT
export TMUX_TMPDIR=$E2E_DIR
SRC=$BATON_SRCDIR
LOG=$E2E_DIR/out.log
T0=$(date +%s)

q() { sqlite3 "$DB" "$@" || fail "sqlite3 $*"; }
title() { tm display -p -t e2e '#{pane_title}'; }
alive() { [ -n "$(pgrep -P "$(tm display -p -t e2e '#{pane_pid}')" 2>/dev/null)" ]; }
not_pwned() {
    case $(title) in *pwned*) fail "$1: the pane's title became '$(title)'" ;; esac
}

# The width of each screen line and the columns of its vertical borders,
# counted in display columns (wide characters two, combining marks none).
if perl -CSD -e '"x" =~ /\p{EA=W}|\p{Mn}/' 2>/dev/null; then
    HAVE_PERL=1
else
    HAVE_PERL=0
    echo "note: perl with Unicode properties is missing; border columns are not measured"
fi
# check_view LABEL COLS [grid ROWS]: no line wider than the window; a line
# that starts with a border ends with one in the last column; with grid,
# every bordered line has its borders in the same columns and there are
# ROWS of them (a cleared screen has fewer).
check_view() {
    local label=$1 cols=$2 mode=${3:-box} want=${4:-0} out
    not_pwned "$label"
    [ "$HAVE_PERL" = 1 ] || return 0
    out=$(screen | perl -CSD -Mutf8 -e '
        my ($cols, $mode, $want) = @ARGV;
        my ($first, $n, @bad) = (undef, 0);
        while (my $l = <STDIN>) {
            chomp $l;
            my ($x, @c) = (0);
            for my $ch (split //, $l) {
                push @c, $x if $ch =~ /[│┃]/;
                $x += $ch =~ /\p{Mn}|\p{Me}|\p{Cf}/ ? 0 : $ch =~ /\p{EA=W}|\p{EA=F}/ ? 2 : 1;
            }
            push @bad, "line $. is $x columns wide in a window of $cols" if $x > $cols;
            next unless @c;
            $n++;
            push @bad, "line $.: the right border is at column $c[-1], not " . ($cols - 1)
                if $c[0] == 0 && $c[-1] != $cols - 1;
            next unless $mode eq "grid";
            $first //= "@c";
            push @bad, "line $.: borders at columns @c, the first pane line has them at $first"
                if "@c" ne $first;
        }
        push @bad, "$n lines with pane borders, expected $want (was the screen cleared?)"
            if $mode eq "grid" && $n != $want;
        print "$_\n" for @bad[0 .. ($#bad < 4 ? $#bad : 4)];
    ' "$cols" "$mode" "$want")
    [ -z "$out" ] || fail "$label: $out"
}

# start_logged W H [VAR=value ...]: like start_cockpit, but every byte the
# pane's program writes is kept in $LOG (pipe-pane is attached before baton
# starts). The pane runs $E2E_DIR/run.sh when it exists, else baton.
start_logged() {
    local w=$1 h=$2
    shift 2
    tm kill-server >/dev/null 2>&1
    E2E_N=$((E2E_N + 1))
    rm -f "$E2E_DIR/go" "$LOG"
    local run="env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $* '$BATON' --db '$DB'; echo EXIT=\$?"
    [ -e "$E2E_DIR/run.sh" ] && run="bash '$E2E_DIR/run.sh'"
    tm new-session -d -s e2e -x "$w" -y "$h" \
        "while [ ! -e '$E2E_DIR/go' ]; do sleep 0.02; done; $run; sleep 600" ||
        fail "tmux new-session failed"
    tm pipe-pane -t e2e -o "cat >> '$LOG'" || fail "tmux pipe-pane failed"
    touch "$E2E_DIR/go"
}

# ---- 0. the probe itself: a title set by a sequence does show ----
rm -f "$E2E_DIR/run.sh"
E2E_N=$((E2E_N + 1))
tm new-session -d -s e2e -x 80 -y 10 "printf '\\033]0;pwned\\007ready\\n'; sleep 600"
wait_for ready
[ "$(title)" = pwned ] || fail "tmux does not take a title from OSC 0 (it shows '$(title)'): the title checks would prove nothing"
pass "the probe: OSC 0 written to the pane does set its title"

# ---- 1. terminals that cannot run the cockpit; output that is not one ----
make_demo
# run_probe LABEL COMMAND: runs COMMAND (bash) in a pane, the terminal's
# settings saved before and after; sets OUT to what reached the terminal
run_probe() {
    local label=$1
    cat >"$E2E_DIR/run.sh" <<EOF
cd '$E2E_DIR'
stty -g >stty.before
$2
echo "rc=\$?"
stty -g >stty.after
echo done
EOF
    start_logged 100 12
    wait_for done
    rm -f "$E2E_DIR/run.sh"
    OUT=$(cat "$LOG")
    RC=$(printf '%s\n' "$OUT" | sed -n 's/^rc=\([0-9]*\).*/\1/p' | head -1)
    cmp -s "$E2E_DIR/stty.before" "$E2E_DIR/stty.after" ||
        fail "$label: the terminal's settings changed: $(cat "$E2E_DIR/stty.before") -> $(cat "$E2E_DIR/stty.after")"
    printf '%s' "$OUT" | grep -q $'\e' &&
        fail "$label: escape sequences reached the terminal: $(printf '%s' "$OUT" | od -c | head -3)"
    [ "$(tm display -p -t e2e '#{alternate_on}')" = 0 ] || fail "$label: the alternate screen is on"
}
# refused LABEL WANT: exit 2 and exactly one line of message containing WANT
refused() {
    [ "$RC" = 2 ] || fail "$1: exit '$RC', expected 2; the terminal saw: $OUT"
    local lines
    lines=$(printf '%s\n' "$OUT" | tr -d '\r' | sed '/^rc=/,$d' | grep -c .)
    [ "$lines" = 1 ] || fail "$1: $lines lines of message, expected one: $OUT"
    printf '%s' "$OUT" | grep -qF -- "$2" || fail "$1: the message does not say '$2': $OUT"
}
B="'$BATON' --db '$DB'"
run_probe "TERM unset" "env -u TERM $B"
refused "TERM unset" "set TERM (e.g. xterm-256color)"
printf '%s' "$OUT" | grep -qF "TERM is not set" || fail "TERM unset: the message does not say TERM is not set: $OUT"
run_probe "TERM=dumb" "TERM=dumb $B"
refused "TERM=dumb" "terminal 'dumb' cannot run the cockpit; set TERM"
run_probe "TERM=nonexistent-term" "TERM=nonexistent-term $B"
refused "TERM=nonexistent-term" "'nonexistent-term' cannot run the cockpit (unknown to terminfo); set TERM"
pass "TERM unset, dumb or unknown: exit 2, one line saying what to set, the terminal untouched"

run_probe "stdout a pipe" "TERM=screen-256color $B | cat >piped.out; (exit \${PIPESTATUS[0]})"
refused "stdout a pipe" "the cockpit needs a terminal"
[ -s "$E2E_DIR/piped.out" ] && fail "stdout a pipe: $(wc -c <"$E2E_DIR/piped.out") bytes went into the pipe"
run_probe "stdout a file" "TERM=screen-256color $B >file.out"
refused "stdout a file" "the cockpit needs a terminal"
[ -s "$E2E_DIR/file.out" ] && fail "stdout a file: $(wc -c <"$E2E_DIR/file.out") bytes went into the file"
run_probe "stdin a file" "TERM=screen-256color $B </dev/null"
refused "stdin a file" "the cockpit needs a terminal"
pass "stdout to a pipe or a file, stdin from a file: exit 2, nothing written to stdout"

# ---- 2. 20x5 and 1x1 ----
start_cockpit 160 48
wait_for "4 Indicators"
check_view "160x48 at the start" 160 grid 42
tm resize-window -t e2e -x 20 -y 5
wait_for "too small"
wait_for "need 40x10"
wait_for "q quit"
alive || fail "20x5: baton is gone"
w=$(screen | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$w" -le 20 ] || fail "20x5: a line $w characters wide"
pass "20x5: 'too small; need 40x10' fits and q is the one key named"
tm resize-window -t e2e -x 1 -y 1
sleep 0.3
alive || fail "1x1: baton is gone"
screen | grep -q EXIT= && fail "1x1: baton ended"
w=$(screen | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$w" -le 1 ] || fail "1x1: a line $w characters wide"
tm resize-window -t e2e -x 160 -y 48
wait_for "4 Indicators"
wait_gone "too small"
check_view "160x48 after 1x1" 160 grid 42
keys 3
wait_for "┏━ 3 Blockers"
pass "1x1: baton keeps running and comes back whole at 160x48"
keys q
wait_for "EXIT=0"

# ---- 3. a resize storm ----
seed=${BATON_STORM_SEED:-$$}
RANDOM=$seed
echo "storm seed $seed"
start_cockpit 160 48
wait_for "4 Indicators"
for ((i = 0; i < 50; i++)); do
    tm resize-window -t e2e -x $((RANDOM % 200 + 1)) -y $((RANDOM % 60 + 1))
done
tm resize-window -t e2e -x 160 -y 48
wait_for "4 Indicators"
wait_gone "too small"
sleep 0.3 # the last of the storm's redraws
alive || fail "the storm ended baton"
check_view "160x48 after the storm" 160 grid 42
keys 2
wait_for "┏━ 2 Projects"
keys Enter
wait_for "Esc back"
keys Escape
wait_gone "Esc back"
pass "50 sizes from 1x1 to 200x60: the cockpit is whole at 160x48 and keys work"
keys q
wait_for "EXIT=0"
pass "q exits 0 after the storm"

# ---- 4. hostile text ----
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BATON" --db "$DB" init >/dev/null && "$BATON" --db "$DB" import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    fail "setting up the organisation"
L100K=$(head -c 100000 /dev/zero | tr '\0' L)
hostile=(
    $'osc \e]0;pwned\a title'
    $'clear \e[2J\e[H screen \e[?1049l\e[?25h'
    $'dcs \eP1;2q payload\e\\ end'
    $'c1 \xc2\x9b2J csi \xc2\x9d0;pwned\xc2\x9c raw'
    $'bell\a\a bs\b\b\b cr\rX del\x7f'
    'bad utf-8 to come'
    $'\xe2\x80\xaeRTL override\xe2\x80\xac \xe2\x81\xa6isolate\xe2\x81\xa9'
    $'zwj \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 x\xe2\x80\x8d\xe4\xb8\xad e\xcc\x81\xcc\x81\xcc\x81 combining'
    $'wide \xe4\xb8\xad\xe6\x96\x87\xe6\xa0\x87\xe9\xa2\x98\xe4\xb8\xad\xe6\x96\x87\xe6\xa0\x87\xe9\xa2\x98\xe4\xb8\xad\xe6\x96\x87\xe6\xa0\x87\xe9\xa2\x98 cjk'
    'long title to come'
)
for t in "${hostile[@]}"; do
    "$BATON" --db "$DB" blocker add --project ENG-1 --title "$t" --severity 2 --waiting-on FIN >/dev/null 2>"$E2E_DIR/err" ||
        fail "blocker add refused a hostile title: $(head -c 200 "$E2E_DIR/err")"
done
# What baton refuses to store (a raw 0x9B byte and other bytes that are not
# UTF-8, a title of 100,000 characters) written the way another program
# with the database would: the screen must hold up all the same.
q "UPDATE blocker SET title = CAST(x'626164209b324a20ff666520757466' AS TEXT) || ' ' || CAST(x'e282' AS TEXT)
    || ' cut ' || CAST(x'c0af' AS TEXT) || ' overlong ' || CAST(x'eda080' AS TEXT) || ' surrogate'
    WHERE title = 'bad utf-8 to come';
UPDATE blocker SET title = '$L100K' WHERE title = 'long title to come';"
cat >"$E2E_DIR/hostile.yaml" <<'YAML'
departments:
  - {key: HX, name: "\e]0;pwned\a \u202Eevil\u202C \e[2J", lead: mallory}
people:
  - {login: mallory, name: "\x9B2JMallory\e]0;pwned\a", department: HX, title: "\eP1q\e\\"}
projects:
  - {key: HX-1, title: "\e]2;pwned\e\\| a |\nnext line", department: HX, owner: mallory,
     description: "\e[1mbold\e[0m \e[2J and \t tab\r\n\e]0;pwned\a"}
blockers:
  - {key: B-900, project: HX-1, title: "\e]0;pwned\a imported", state: new, severity: 1,
     waiting_on: HX, raised_by: mallory, detail: "\e[2J\u202E\u200D\u4E2D"}
indicators:
  - {key: hx-ind, name: "\e]0;pwned\a \e[5mblink", department: HX, unit: "\e[7m%",
     target: 5, readings: [{at: 2026-11-01T00:00:00Z, value: 2.5, note: "\e]0;pwned\a"},
                           {at: 2026-11-20T00:00:00Z, value: 7, note: "\e[2J"}]}
YAML
"$BATON" --db "$DB" import "$E2E_DIR/hostile.yaml" >/dev/null 2>"$E2E_DIR/err" ||
    fail "import of hostile text failed: $(head -c 300 "$E2E_DIR/err")"
# What baton's own writers refuse (a key with an escape in it, invalid
# UTF-8 in names, 100,000 characters in a department's name), written the
# way a hostile program with the database would.
osc="char(27) || ']0;pwned' || char(7)"
cls="char(27) || '[2J'"
long="replace(hex(zeroblob(50000)), '0', 'L')" # 100,000 characters
q "UPDATE department SET name = 'Eng' || $osc || $cls || char(8238) || 'reversed' || char(8236) WHERE key = 'ENG';
UPDATE department SET name = 'Fin' || char(155) || '2J' || CAST(x'ff9b324a' AS TEXT) || char(27) || 'P1q' || char(27) || '\\',
    lead = char(27) || '[31mcarol' WHERE key = 'FIN';
UPDATE department SET name = $long WHERE key = 'OPS';
UPDATE project SET title = char(27) || ']2;pwned' || char(27) || '\\' || 'Billing' || char(13) || char(8) || char(7) || ' ' || char(20013, 25991, 26631, 39064),
    description = $cls || char(27) || '[?1049l' || 'desc' || char(10) || $osc || 'line2' || CAST(x'c0afe282' AS TEXT),
    owner = char(27) || '[5malice' WHERE key = 'ENG-1';
UPDATE project SET title = 'Ops ' || char(8238) || 'evil' || char(8205) || char(20013) || 'e' || char(769, 769, 769) || ' ' || char(65279),
    description = $long WHERE key = 'OPS-2';
UPDATE indicator SET name = 'Churn ' || $osc || $cls, unit = char(27) || '[7m%' || char(155) WHERE key = 'churn';
UPDATE indicator SET name = 'Rev ' || char(20013, 25991, 20013, 25991, 20013, 25991) || char(8238) || 'x' WHERE key = 'revenue';
UPDATE indicator SET name = $long WHERE key = 'uptime';
UPDATE reading SET note = $osc || $cls || 'note' WHERE note IS NOT NULL;
UPDATE person SET name = $osc || 'Alice' WHERE login = 'alice';
UPDATE blocker SET detail = $cls || $osc || 'detail ' || char(8238) || 'rtl' || char(10) || CAST(x'ff' AS TEXT) || 'second',
    owner = char(27) || '[31mbob', reason = $osc WHERE key IN ('B-1', 'B-11', 'B-4');
UPDATE blocker SET key = 'B-' || $osc || '99' WHERE key = 'B-12';"
# what visiting must leave as it was
dump() { q "select * from blocker order by id; select * from project order by id;
    select * from department order by id; select * from indicator order by id;
    select count(*) from event" | md5sum; }
before=$(dump)

start_logged 160 48
wait_for "4 Indicators"
wait_for "B-900"
check_view "the panes" 160 grid 42
screen | grep -qF '^[]0;pwned^G' || fail "the caret form of OSC (^[]0;pwned^G) is not shown"
screen | grep -qF '^[[2J' || fail "the caret form of ESC [2J is not shown"
screen | grep -qF '<U+202E>' || fail "the right-to-left override is not shown as <U+202E>"
screen | grep -qF '\x9b' || fail "the C1 CSI is not shown as \\x9b"
screen | grep -qF '中文标题' || fail "wide CJK text is not shown"
pass "the panes: hostile text shown in caret forms, borders in their columns"

# focused_total: the row count in the focused pane's bottom border
focused_total() { screen | grep -o '┗[━ ]*[0-9]* of [0-9]*' | head -1 | awk '{print $NF}'; }
titles=("" Departments Projects Blockers Indicators)
details=0
for pane in 1 2 3 4; do
    keys "$pane"
    wait_for "┏━ $pane ${titles[$pane]}"
    keys g
    wait_line "┗[━ ]*1 of [0-9]+"
    total=$(focused_total)
    [ -n "$total" ] && [ "$total" -gt 0 ] || fail "pane $pane: no rows"
    for ((r = 1; r <= total; r++)); do
        keys Enter
        wait_for "Esc back"
        check_view "pane $pane row $r: detail" 160
        keys G
        sleep 0.05
        check_view "pane $pane row $r: detail, its end" 160
        keys Escape
        wait_gone "Esc back"
        details=$((details + 1))
        if [ "$r" -lt "$total" ]; then
            keys j
            wait_line "┗[━ ]*$((r + 1)) of $total"
        fi
    done
    check_view "pane $pane after its details" 160 grid 42
done
pass "$details detail views (departments, projects, blockers, indicators) keep their borders"

# the hostile key's detail, a form on a hostile blocker, the help
keys 3
wait_for "┏━ 3 Blockers"
keys /
keys "title"
wait_for "osc ^[]0;pwned^G title"
keys Enter
keys g
wait_line "▸S2 +B-[0-9]+ +osc"
keys e
wait_for " FORM "
check_view "a form holding a hostile title" 160
keys Escape
wait_gone " FORM "
keys Escape
check_view "the blockers pane after the form" 160 grid 42
keys '?'
wait_for "Help: PANES keys first"
check_view "the help" 160
keys q
wait_gone "Help: PANES"
pass "a form holding a hostile title, and the help over the panes"

# triage: every blocker in the queue
keys t
wait_for "done this round"
wait_line "[0-9]+ of [0-9]+"
for ((i = 0; i < 16; i++)); do
    check_view "triage, blocker $((i + 1))" 160
    keys j
    sleep 0.05
done
keys Escape
wait_for "┏━ 3 Blockers"
pass "triage walks the hostile queue with its borders in place"

[ "$(dump)" = "$before" ] || fail "visiting changed blockers, projects, departments, indicators or the audit log"
pass "visiting panes, details, a form, the help and triage wrote nothing"

# the stand-up: every department's page
keys S
wait_line "STAND-UP|Stand-up|stand-up"
for ((i = 0; i < 6; i++)); do
    sleep 0.1
    check_view "stand-up page $((i + 1))" 160
    keys n
done
keys Escape
wait_for "4 Indicators"
check_view "the panes after the stand-up" 160 grid 42
pass "stand-up pages keep their borders"

# narrower, where wide characters are cut
tm resize-window -t e2e -x 81 -y 30
wait_line "[━─] 4 Indicators"
sleep 0.2
check_view "81x30" 81 grid 24
tm resize-window -t e2e -x 160 -y 48
wait_line "[━─] 4 Indicators"

not_pwned "the end of the visit"
bad=$(LC_ALL=C grep -caP '\e\]|\eP|\e\[2J|\x07|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$LOG")
[ "$bad" = 0 ] || fail "the terminal received OSC, DCS, ESC [2J, BEL, a C1 control or a bidi override ($bad lines): $(LC_ALL=C grep -aoP '.{0,20}(\e\]|\eP|\e\[2J|\x07|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]).{0,20}' "$LOG" | head -3 | od -c | head -4)"
keys q
wait_for "EXIT=0"
[ "$(LC_ALL=C grep -c $'\e\\[?1049l' "$LOG")" -le 1 ] || fail "the alternate screen was left more than once"
[ "$(tm display -p -t e2e '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on after q"
pass "the terminal never received a hostile sequence; q exits 0"
echo "took $(($(date +%s) - T0)) s"
