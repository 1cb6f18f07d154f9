#!/bin/bash
# Many processes on one database: four writers add a hundred blockers each
# while a fifth triages them and a sixth polls the list; no command may fail
# (SQLITE_BUSY never reaches a user), every blocker is there exactly once
# with its audit rows, and the database checks whole. Then writers killed
# with SIGKILL in the middle of an import or a run of adds leave the
# database whole, with an import either all there or not at all.
# Usage: bash cli_concurrency.sh BATON
set -u
BATON=${1:?usage: bash cli_concurrency.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
# Only this shell cleans up, never a background copy of it (see hostile_signals.sh).
trap '[ "$BASHPID" = "$$" ] && { kill $(jobs -p) 2>/dev/null; rm -rf "$T"; }' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 -cmd ".timeout 5000" "$@" || fail "sqlite3 $*"; }

cat >org.yaml <<'YAML'
departments:
  - {key: ENG, name: Engineering}
  - {key: FIN, name: Finance}
projects:
  - {key: ENG-1, title: New billing, department: ENG, status: active}
YAML
"$BATON" --db c.db import org.yaml >/dev/null || fail "import"

WRITERS=4 PER=100

writer() { # writer N: PER adds; any failure is written to fails.N
    for i in $(seq 1 $PER); do
        "$BATON" --db c.db blocker add --project ENG-1 --title "w$1-$i" --waiting-on FIN \
            >/dev/null 2>>"fails.$1" || echo "exit $? on w$1-$i" >>"fails.$1"
    done
}

triager() { # accepts, then resolves, blockers as they appear
    local n=1 tries=0
    while [ $n -le 60 ] && [ $tries -lt 3000 ]; do
        tries=$((tries + 1))
        out=$("$BATON" --db c.db blocker accept "B-$n" --severity 3 --waiting-on FIN 2>&1)
        rc=$?
        if [ $rc = 0 ]; then
            echo "B-$n" >>accepted
            "$BATON" --db c.db blocker resolve "B-$n" --note done >/dev/null 2>>fails.t &&
                echo "B-$n" >>resolved || echo "resolve B-$n failed" >>fails.t
            n=$((n + 1))
        elif [ $rc = 2 ] && [[ $out == *"no blocker"* ]]; then
            sleep 0.01 # not raised yet
        else
            echo "accept B-$n: exit $rc: $out" >>fails.t
            n=$((n + 1))
        fi
    done
}

poller() { # lists until told to stop; every list must succeed
    while [ ! -e stop ]; do
        "$BATON" --db c.db blocker list --state all --format csv >/dev/null 2>>fails.p ||
            echo "list: exit $?" >>fails.p
        echo x >>polls
    done
}

touch fails.t fails.p accepted resolved polls
for w in $(seq 1 $WRITERS); do touch "fails.$w"; done
poller &
POLLER=$!
start=$(date +%s.%N)
pids=""
for w in $(seq 1 $WRITERS); do writer "$w" & pids="$pids $!"; done
triager & pids="$pids $!"
for p in $pids; do wait "$p"; done
end=$(date +%s.%N)
touch stop
wait "$POLLER"

for f in fails.*; do
    [ ! -s "$f" ] || fail "$f: $(head -5 "$f")"
done
total=$((WRITERS * PER))
[ "$(q c.db "select count(*) from blocker")" = "$total" ] ||
    fail "expected $total blockers, saw $(q c.db "select count(*) from blocker")"
[ "$(q c.db "select count(distinct title) from blocker")" = "$total" ] || fail "titles are not unique"
[ "$(q c.db "select count(distinct key) from blocker")" = "$total" ] || fail "keys are not unique"
for w in $(seq 1 $WRITERS); do
    [ "$(q c.db "select count(*) from blocker where title like 'w$w-%'")" = $PER ] ||
        fail "writer $w: expected $PER blockers"
done
# Keys are B-1 .. B-400 without gaps.
[ "$(q c.db "select max(cast(substr(key,3) as integer)) from blocker")" = "$total" ] ||
    fail "keys have gaps"
# Audit rows match: one create per blocker, one accept and one resolve per
# triaged blocker, each for a blocker that is in that state.
[ "$(q c.db "select count(*) from event where entity='blocker' and action='create'")" = "$total" ] ||
    fail "create events: $(q c.db "select count(*) from event where entity='blocker' and action='create'")"
acc=$(wc -l <accepted) res=$(wc -l <resolved)
[ "$acc" -ge 50 ] || fail "the triager accepted only $acc blockers"
[ "$(q c.db "select count(*) from event where entity='blocker' and action='accept'")" = "$acc" ] ||
    fail "accept events do not match $acc accepted"
[ "$(q c.db "select count(*) from event where entity='blocker' and action='resolve'")" = "$res" ] ||
    fail "resolve events do not match $res resolved"
[ "$(q c.db "select count(*) from blocker where state='resolved'")" = "$res" ] ||
    fail "resolved blockers do not match the resolves"
[ "$(wc -l <polls)" -ge 5 ] || fail "the poller ran only $(wc -l <polls) times"
[ "$(q c.db "pragma integrity_check")" = ok ] || fail "integrity_check: $(q c.db "pragma integrity_check")"
"$BATON" --db c.db check >check.out 2>&1 || fail "baton check: $(cat check.out)"
echo "concurrency: $total adds, $acc accepts, $res resolves, $(wc -l <polls) polls in" \
    "$(echo "$end - $start" | bc 2>/dev/null || echo '?') s"

# ---- SIGKILL in the middle of a write ----

# A big organisation file: the demo at scale 2000, exported.
"$BATON" --db big.db demo --scale 2000 >/dev/null || fail "demo"
"$BATON" --db big.db export --format yaml >big.yaml || fail "export"
want=$(q big.db "select count(*) from blocker")
killed=0
for round in $(seq 1 20); do
    rm -f k.db k.db-wal k.db-shm
    "$BATON" --db k.db init >/dev/null || fail "init"
    "$BATON" --db k.db import big.yaml >/dev/null 2>&1 &
    pid=$!
    # Somewhere between starting and finishing.
    sleep "0.$(printf '%03d' $((RANDOM % 250)))"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    "$BATON" --db k.db check >check.out 2>&1 || fail "round $round: baton check after SIGKILL: $(cat check.out)"
    n=$(q k.db "select count(*) from blocker")
    [ "$n" = 0 ] || [ "$n" = "$want" ] || fail "round $round: a partial import is visible ($n of $want blockers)"
    d=$(q k.db "select count(*) from department")
    { [ "$n" = 0 ] && [ "$d" = 0 ]; } || { [ "$n" = "$want" ] && [ "$d" -gt 0 ]; } ||
        fail "round $round: departments and blockers disagree ($d, $n)"
done
[ "$killed" -ge 10 ] || fail "only $killed of 20 imports were killed mid-way; the file is too small"
# The database is usable after the last kill: the import completes.
"$BATON" --db k.db import big.yaml >/dev/null || fail "import after the kills"
[ "$(q k.db "select count(*) from blocker")" = "$want" ] || fail "import after the kills is incomplete"

# Adders killed at random points: every blocker that exists has its audit
# row and no half-written one is visible.
rm -f a.db a.db-wal a.db-shm
"$BATON" --db a.db import org.yaml >/dev/null || fail "import"
for round in $(seq 1 20); do
    ( for i in $(seq 1 50); do "$BATON" --db a.db blocker add --project ENG-1 --title "k$round-$i" >/dev/null 2>&1; done ) &
    loop=$!
    sleep "0.$(printf '%03d' $((RANDOM % 300)))"
    # Stopped first, so that the loop starts no adder after the kill.
    kill -STOP "$loop" 2>/dev/null
    pkill -9 -P "$loop" 2>/dev/null
    kill -9 "$loop" 2>/dev/null
    wait "$loop" 2>/dev/null
done
"$BATON" --db a.db check >check.out 2>&1 || fail "baton check after killed adders: $(cat check.out)"
[ "$(q a.db "select count(*) from blocker")" = \
  "$(q a.db "select count(*) from event where entity='blocker' and action='create'")" ] ||
    fail "a killed adder left a blocker without its audit row, or the reverse"
"$BATON" --db a.db blocker add --project ENG-1 --title after >/dev/null || fail "adding after the kills"
echo "ok ($killed imports killed mid-way)"
