#!/bin/bash
# A morning on the demo told truly, from the command line: blockers are
# declined, accepted, marked duplicate, snoozed and one escalated twice to
# two different people; the stand-up that follows (written into the
# database: the cockpit's own walk is in ui_standup_story.sh) exports
# minutes whose "what changed" and escalations hold every verdict with the
# blocker's state now and the person each escalation went to at its time;
# the brief fits one screen (at most 60 lines) and --full adds the detail,
# each blocker told once; both render cleanly as Markdown. The projects at
# risk agree between department list, report --format csv and the
# stand-up pages, each listed with why; report says whether its window
# starts at a stand-up.
# Usage: bash cli_morning_story.sh BATON
set -u
BATON=${1:?usage: bash cli_morning_story.sh /path/to/baton}
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/tests/e2e/lib-markdown.sh"
md_need
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_DB=$T/d.db
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
at() { local when=$1; shift; BATON_NOW=$when "$BATON" "$@" >/dev/null 2>err ||
    fail "$* at $when: $(cat err)"; }
has() { grep -qF -- "$1" "$2" || fail "expected '$1' in $2:
$(cat "$2")"; }

at 2026-11-26T07:00:00Z demo
# No stand-up yet: the report says where its window starts, and why
BATON_NOW=2026-11-26T08:00:00Z "$BATON" report >report0.md || fail "report"
has "Changes since Wed 25 Nov 08:00 (no stand-up yet)" report0.md
grep -qF "(null)" report0.md && fail "(null) in the report"

# The morning's triage
at 2026-11-26T08:10:00Z blocker decline B-25 --reason "Payroll is out of scope"
at 2026-11-26T08:11:00Z blocker accept B-29 --severity 2 --waiting-on OPS
at 2026-11-26T08:12:00Z blocker duplicate B-33 --of B-26 --reason "Same customs issue"
at 2026-11-26T08:13:00Z blocker snooze B-36 --until 2026-12-14T09:00 --reason "Audit in January"
at 2026-11-26T08:14:00Z blocker escalate B-35 --to kjohansson
at 2026-11-26T08:15:00Z blocker escalate B-35 --to amartin
# the report of the morning, before any stand-up, tells the same story
BATON_NOW=2026-11-26T08:30:00Z "$BATON" report --full >report.md || fail "report --full"

sqlite3 "$BATON_DB" <<'SQL' || fail "writing the stand-up"
INSERT INTO standup (id, facilitator, since, started_at, ended_at)
  VALUES (1, 'kjohansson', '2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z', '2026-11-26T09:14:00Z');
INSERT INTO standup_department (standup_id, department_id, seconds_spent, skipped)
  SELECT 1, id, 80, 0 FROM department;
INSERT INTO standup_entry (standup_id, department_id, kind, text, owner, due, done, created_by,
  created_at) SELECT 1, d.id, x.kind, x.text, x.owner, x.due, 0, 'kjohansson', x.at
  FROM (SELECT 'OPS' dept, 'decision' kind, 'Appoint the Rotterdam broker this week' text,
               NULL owner, NULL due, '2026-11-26T09:02:00Z' at
        UNION ALL SELECT 'ENG', 'action', 'Fix the photo sync conflicts', 'sjensen',
               '2026-11-30', '2026-11-26T09:05:00Z') x
  JOIN department d ON d.key = x.dept;
SQL
export BATON_NOW=2026-11-26T09:30:00Z

"$BATON" standup export >brief.md || fail "standup export"
"$BATON" standup export --full >full.md || fail "standup export --full"

# Every verdict, with the blocker's state now, in the full minutes and the report
for f in full.md report.md; do
    has '- Declined B-25 Payroll provider does not support SAML "Payroll is out of scope" — now declined (root, Thu 26 Nov 08:10)' $f
    has '- Accepted B-29 Time-slot design needs hourly depot capacity data as S2 — now accepted S2 (root, Thu 26 Nov 08:11)' $f
    has '- Duplicate B-33 Pharma customer requires GDP-certified vehicles of B-26: Same customs issue — now duplicate (root, Thu 26 Nov 08:12)' $f
    has '- Snoozed B-36 Auditor needs evidence of quarterly access reviews until Mon 14 Dec 09:00: Audit in January — now snoozed (root, Thu 26 Nov 08:13)' $f
done
# raised in the window and triaged since: the line says what it is now
has '- Raised B-36 Auditor needs evidence of quarterly access reviews — now snoozed' full.md
has '- Raised B-35 Offline sync conflicts lose proof-of-delivery photos — still new S1' full.md
# escalations, in the brief too, each naming who it went to then
for f in brief.md full.md report.md; do
    has '- Escalated B-35 Offline sync conflicts lose proof-of-delivery photos to kjohansson (Karin Johansson) — now new S1 (root, Thu 26 Nov 08:14)' $f
    has '- Escalated B-35 Offline sync conflicts lose proof-of-delivery photos to amartin (Alice Martin) — now new S1 (root, Thu 26 Nov 08:15)' $f
done
# the bottom line counts the same facts
grep -qE "blockers: [0-9]+ raised, 1 accepted, 1 declined, 1 duplicate, 1 snoozed, 2 escalated, 0 resolved" brief.md ||
    fail "bottom line: $(sed -n '/Bottom line/,/^## Dec/p' brief.md)"
has "- **OPS**: Appoint the Rotterdam broker this week" brief.md
has "- [ ] Fix the photo sync conflicts (@sjensen, due Mon 30 Nov) — ENG" brief.md
has "Facilitator: kjohansson · 09:00–09:14 UTC · 14m 00s · changes since Wed 25 Nov 09:00" brief.md
echo "ok   every verdict is told with the state now and the escalations name who"

# The brief fits one screen; --full tells each blocker once
lines=$(wc -l <brief.md)
[ "$lines" -le 60 ] || fail "the brief is $lines lines: $(cat brief.md)"
# the table: its heading and one row per department (as many as the csv's lines)
[ "$(grep -c '^| ' brief.md)" = "$("$BATON" department list --format csv | wc -l)" ] ||
    fail "one line per department: $(grep '^| ' brief.md)"
grep -q '^### ' brief.md && fail "the brief holds the detail by department"
dups=$(grep -oE '^- S[1-4?] B-[0-9]+' full.md | sort | uniq -d)
[ -z "$dups" ] || fail "blockers told twice in the full minutes: $dups"
for f in brief.md full.md report.md; do
    grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:' $f && fail "a raw ISO time in $f: $(grep -E 'T[0-9]{2}:' $f)"
    md_check $f || exit 1
done
echo "ok   the brief is $lines lines, --full tells each blocker once, all render cleanly"

# One definition of at risk: department list, report csv, the pages
"$BATON" department list --format json >depts.json || fail "department list"
"$BATON" report --format csv >report.csv || fail "report csv"
"$BATON" standup export --full --format json >full.json || fail "export json"
for d in $(awk -F, 'NR > 1 {print $1}' report.csv); do
    a=$(grep -o "\"key\":\"$d\"[^}]*\"projects_at_risk\":[0-9]*" depts.json | grep -o '[0-9]*$')
    b=$(awk -F, -v d="$d" '$1 == d {print $6}' report.csv)
    c=$(sed -n "/^### $d —/,/^### /p" full.md | grep -cE "^- $d-[0-9]+ .* — (red|amber), ")
    [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] ||
        fail "$d: department list says ${a:-?} at risk, report csv $b, the minutes list $c"
done
# each listed project says why
if grep -E '^- [A-Z]+-[0-9]+ .* — (red|amber), [0-9]+%$' full.md; then
    fail "a project at risk without a reason (above)"
fi
echo "ok   at-risk counts agree between department list, report csv and the minutes"

# A report after the stand-up starts at its end
"$BATON" report >report1.md || fail "report"
has "Changes since Thu 26 Nov 09:14 (the last stand-up)" report1.md
echo "ok cli_morning_story"
