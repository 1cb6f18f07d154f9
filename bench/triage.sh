#!/usr/bin/env bash
# The triage ritual, replayed: a standard morning of 20 verdicts on the
# demo organisation, typed into the cockpit through a pseudo-terminal
# (ptydrive) as a lead would type them. Yesterday's queue is cleared from
# the shell, 18 blockers are raised as people and scripts raise them (some
# with a severity and a waiting-on department, most without), and the
# replay decides each in the triage queue: accepts without a department
# (the picker starts on the predicted one), accepts with one, accepts of
# complete blockers, two escalations right after an accept, declines on a
# reason's digit and one typed, duplicates on the suggested original,
# snoozes on a preset key. Prints the keys a verdict takes, without and
# with the free text typed, baton's own time for the replay (inside the
# process, summed over the keys) and the time through the terminal, and
# checks that every blocker ended as intended (exit 1 when one did not).
# Each key's timing goes to bench/out/triage.csv.
#
#   bash bench/triage.sh [--baton PATH] [--keep DIR]
#
# Without --baton it builds a Release baton in build-bench/. Needs cmake
# (unless --baton), a C compiler and sqlite3. Not a test.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
baton=""
keep=""
while [ $# -gt 0 ]; do
    case $1 in
    --baton) baton=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "triage.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

build="$root/build-bench"
mkdir -p "$build"
if [ -z "$baton" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target baton >/dev/null
    baton="$build/baton"
fi
case $baton in /*) ;; *) baton=$PWD/$baton ;; esac
cc -O2 -o "$build/ptydrive" "$here/ptydrive.c" -lutil

work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/baton-triage.XXXXXX")}
mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
unset BATON_DB NO_COLOR
db="$work/morning.db"
rm -f "$db" "$db-wal" "$db-shm"
b() { "$baton" --db "$db" "$@" >/dev/null; }
q() { sqlite3 "$db" "$@"; }

# ---- the morning ----
export BATON_NOW=2026-11-26T06:00:00Z
b demo
# yesterday's queue was dealt with
for k in $(q "select key from blocker where state='new'"); do
    b blocker resolve "$k" --note "cleared yesterday"
done

# title | project | options of blocker add | the verdict | its keys after
# the verdict key (one press each; "text:" types free text, then Enter) |
# what the blocker must be afterwards (state/severity/waiting-on/extra)
MORNING=$(cat <<'EOF'
Overtime budget for January not released|OPS-3||accept-guess|2 \r|accepted/2/FIN/
VAT rules for Spain not yet published|FIN-2||accept-guess|3 \r|accepted/3/LEGAL/
Tracking API documentation missing the v3 endpoints|SUP-2||accept-guess|3 \r|accepted/3/ENG/
Forklift temps not booked for the December peak|OPS-3|--waiting-on HR|accept-dept|2|accepted/2/HR/
Product screenshots for the brochure not delivered|MKT-1|--waiting-on PROD|accept-dept|4|accepted/4/PROD/
Load test environment not provisioned|ENG-2|--waiting-on IT|accept-dept|3|accepted/3/IT/
Customs declaration software licence expired|OPS-1|--severity 1 --waiting-on IT|accept-full+escalate||accepted/1/IT/escalated:rivanova
Invoice run fails for customers with two addresses|FIN-3|--severity 2 --waiting-on ENG|accept-full+escalate||accepted/2/ENG/escalated:amartin
Security review of the partner portal pending|SUP-1|--severity 3 --waiting-on IT|accept-full||accepted/3/IT/
Coffee machine on the second floor is broken|OPS-3||decline|1|declined///reason:not a blocker
Printer drivers missing on the new laptops|ENG-5||decline|2|declined///reason:already solved
Rename the support chat channels|SUP-1||decline|4|declined///reason:out of scope
A second monitor for each sales desk|SALES-1||decline-typed|text:order it through IT, not a blocker|declined///reason:order it through IT, not a blocker
Lease for the Rotterdam cross-dock still not countersigned|OPS-1||duplicate|\r|duplicate///of:B-3
Discount floor for tier 3 still not approved|SALES-1||duplicate|\r|duplicate///of:B-6
Booth options for the spring trade fair|MKT-3||snooze|t|snoozed///until:2026-11-27T09:00:00Z
Results of the office move survey|HR-3||snooze|m|snoozed///until:2026-11-30T09:00:00Z
Renewal of the staff parking contract|OPS-5||snooze|w|snoozed///until:2026-12-03T09:00:00Z
EOF
)
i=0
while IFS='|' read -r title project opts _; do
    i=$((i + 1))
    # raised one after another, oldest first
    BATON_NOW=$(printf '2026-11-26T07:%02d:00Z' "$i") \
        b blocker add --project "$project" --title "$title" $opts
done <<<"$MORNING"
export BATON_NOW=2026-11-26T09:00:00Z

# ---- the key script, in the order the queue shows the blockers ----
verdict_of() { # title -> its line of MORNING
    awk -F'|' -v t="$1" '$1 == t' <<<"$MORNING"
}
{
    echo "- t"
    q "select title from blocker where state='new'
       order by coalesce(severity,5), raised_at, cast(substr(key,3) as integer)" |
        while IFS= read -r title; do
            IFS='|' read -r _ _ _ kind after _ < <(verdict_of "$title")
            case $kind in
            accept*) echo "${kind%%+*} a" ;;
            decline*) echo "$kind d" ;;
            duplicate) echo "$kind m" ;;
            snooze) echo "$kind z" ;;
            esac
            case $after in
            text:*)
                text=${after#text:}
                for ((c = 0; c < ${#text}; c++)); do
                    ch=${text:c:1}
                    [ "$ch" = " " ] && ch='\x20'
                    echo "text $ch"
                done
                echo "$kind \\r"
                ;;
            *) for k in $after; do echo "$kind $k"; done ;;
            esac
            if [ "${kind#*+}" = escalate ]; then
                echo "escalate x"
                echo "escalate \\r"
            fi
        done
    echo '- \e'
    echo "- q"
} >"$work/keys.txt"

"$build/ptydrive" --size 160x48 --quiet 3000 --script "$work/keys.txt" \
    --out "$work/keys.csv" -- "$baton" --db "$db" >"$work/drive.txt"

mkdir -p "$here/out"
cp "$work/keys.csv" "$here/out/triage.csv" # label,outside_us,inside_us,bytes per key

# ---- did every blocker end as intended? ----
bad=0
while IFS='|' read -r title _ _ kind _ want; do
    IFS='|' read -r state sev dept to reason of until < <(q "select b.state, coalesce(b.severity,''),
             coalesce(d.key,''), coalesce(b.escalated_to,''), coalesce(b.reason,''),
             coalesce(o.key,''), coalesce(b.snoozed_until,'')
             from blocker b left join department d on d.id = b.waiting_on_id
             left join blocker o on o.id = b.duplicate_of
             where b.title = '${title//\'/\'\'}'")
    IFS='/' read -r wstate wsev wdept extra <<<"$want"
    ok=1
    [ "$state/$sev/$dept" = "$wstate/$wsev/$wdept" ] || ok=0
    case $extra in
    escalated:*) [ "$to" = "${extra#escalated:}" ] || ok=0 ;;
    reason:*) [ "$reason" = "${extra#reason:}" ] || ok=0 ;;
    of:*) [ "$of" = "${extra#of:}" ] || ok=0 ;;
    until:*) [ "$until" = "${extra#until:}" ] || ok=0 ;;
    esac
    if [ "$ok" = 0 ]; then
        echo "NOT AS INTENDED: '$title' ($kind): wanted $want;" \
            "is $state/$sev/$dept to=$to reason=$reason of=$of until=$until" >&2
        bad=1
    fi
done <<<"$MORNING"

# ---- the figures ----
verdicts=$(($(grep -c . <<<"$MORNING") + $(grep -c '+escalate|' <<<"$MORNING")))
all=$(awk -F, 'NR > 1' "$work/keys.csv" | wc -l)
text=$(awk -F, 'NR > 1 && $1 == "text"' "$work/keys.csv" | wc -l)
keys=$((all - text))
inside=$(awk -F, 'NR > 1 && $3 >= 0 { s += $3 } END { printf "%.3f", s / 1e6 }' "$work/keys.csv")
outside=$(awk -F, 'NR > 1 { s += $2 } END { printf "%.3f", s / 1e6 }' "$work/keys.csv")
echo "triage replay: $verdicts verdicts on $(grep -c . <<<"$MORNING") new blockers (the demo organisation)"
awk -v k="$keys" -v v="$verdicts" 'BEGIN { printf "keys a verdict, free text aside: %.2f (%d keys; target at most 2.0)\n", k / v, k }'
awk -v k="$all" -v v="$verdicts" -v t="$text" 'BEGIN { printf "keys a verdict, free text typed: %.2f (%d keys, %d of them free text)\n", k / v, k, t }'
echo "baton's time: $inside s inside the process, $outside s through the terminal (summed over the keys)"
echo "keys by verdict (free text aside):"
awk -F, 'NR > 1 && $1 != "text" { n[$1]++ } END { for (l in n) print l, n[l] }' "$work/keys.csv" |
    sort | while read -r label n; do
        case $label in
        escalate) count=$(grep -c '+escalate|' <<<"$MORNING") ;;
        accept-full) count=$(grep -c '|accept-full' <<<"$MORNING") ;;
        *) count=$(grep -c "|$label|" <<<"$MORNING") ;;
        esac
        awk -v l="$label" -v n="$n" -v c="$count" 'BEGIN { printf "  %-14s %d verdict%s, %.1f keys each\n", l, c, c == 1 ? "" : "s", n / c }'
    done
[ "$bad" = 0 ] && echo "every blocker ended as intended" || exit 1
