#!/bin/bash
# Local time from the command line. An organisation in Paris, a lead in
# Chicago on the same database: a time typed is read in the person's zone
# (TZ, else timezone: in their configuration, else the organisation's) and
# stored in UTC; presets mean 09:00 local; a local time the clocks skip or
# repeat is refused with the two times it could mean; tables show local
# times (with the zone when it is not the organisation's), json keeps UTC;
# the zone goes out with export and comes back with import; unknown zones
# are refused wherever they are named.
# Usage: bash cli_timezone.sh BATON
set -u
BATON=${1:?usage: bash cli_timezone.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
if [ ! -e /usr/share/zoneinfo/Europe/Paris ] && [ -z "${TZDIR:-}" ]; then
    echo "SKIP: no zoneinfo (install tzdata)"
    exit 0
fi
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset BATON_DB TZ
export BATON_NOW=2026-12-07T18:00:00Z # a Monday: 19:00 in Paris, 12:00 in Chicago
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(cat out)"; }
q() { sqlite3 t.db "$1"; }
until_of() { q "SELECT snoozed_until FROM blocker WHERE key = '$1'"; }

cat >org.yaml <<'YAML'
organisation: Tz Test
timezone: Europe/Paris
departments:
  - {key: ENG, name: Engineering}
projects:
  - {key: ENG-1, title: Billing, department: ENG, status: active}
blockers:
  - {key: B-1, project: ENG-1, title: one, state: new, raised_at: 2026-12-01T09:00:00Z}
  - {key: B-2, project: ENG-1, title: two, state: new, raised_at: 2026-12-01T09:00:00Z}
  - {key: B-3, project: ENG-1, title: three, state: new, raised_at: 2026-12-01T09:00:00Z}
  - {key: B-4, project: ENG-1, title: four, state: new, raised_at: 2026-12-01T09:00:00Z}
  - {key: B-5, project: ENG-1, title: five, state: new, raised_at: 2026-12-01T09:00:00Z}
indicators:
  - {key: churn, name: Churn, department: ENG, unit: '%', direction: down, target: 2}
YAML
run "$BATON" --db t.db import org.yaml
expect_rc 0 "import"
[ "$(q "SELECT value FROM meta WHERE key = 'timezone'")" = Europe/Paris ] || fail "zone not stored"

# The same wall time, typed in Paris and in Chicago
run env TZ=Europe/Paris "$BATON" --db t.db blocker snooze B-1 --until '2026-12-08 09:00' --reason r
expect_rc 0 "snooze in Paris"
[ "$(until_of B-1)" = 2026-12-08T08:00:00Z ] || fail "Paris 09:00 stored as $(until_of B-1)"
run env TZ=America/Chicago "$BATON" --db t.db blocker snooze B-2 --until '2026-12-08 09:00' --reason r
expect_rc 0 "snooze in Chicago"
[ "$(until_of B-2)" = 2026-12-08T15:00:00Z ] || fail "Chicago 09:00 stored as $(until_of B-2)"
# "tomorrow" in Chicago wakes at 09:00 Chicago time
run env TZ=America/Chicago "$BATON" --db t.db blocker snooze B-3 --until tomorrow --reason r
expect_rc 0 "snooze tomorrow"
[ "$(until_of B-3)" = 2026-12-08T15:00:00Z ] || fail "Chicago tomorrow stored as $(until_of B-3)"
# an ISO time with an offset is that instant, whoever types it
run env TZ=Asia/Kolkata "$BATON" --db t.db blocker snooze B-4 --until 2026-12-08T09:00+01:00 --reason r
expect_rc 0 "snooze with an offset"
[ "$(until_of B-4)" = 2026-12-08T08:00:00Z ] || fail "offset stored as $(until_of B-4)"

# Nobody's TZ: the organisation's zone
run "$BATON" --db t.db blocker snooze B-5 --until '+1w' --reason r
expect_rc 0 "snooze +1w"
[ "$(until_of B-5)" = 2026-12-14T08:00:00Z ] || fail "+1w stored as $(until_of B-5)"

# The clocks' changes: refused with both readings
run env TZ=Europe/Paris "$BATON" --db t.db blocker accept B-1 --severity 2 --waiting-on ENG
run env TZ=Europe/Paris "$BATON" --db t.db blocker snooze B-1 --until '2027-03-28 02:30' --reason r
expect_rc 2 "a time the clocks skip"
expect_err "baton: --until: '2027-03-28 02:30' does not exist in Europe/Paris (the clocks skip it): type 2027-03-28T03:30+02:00 (CEST) or 2027-03-28T01:30+01:00 (CET)"
run env TZ=America/Chicago "$BATON" --db t.db indicator record churn 2.5 --at '2026-11-01 01:30'
expect_rc 2 "a time the clocks repeat"
expect_err "happens twice in America/Chicago (the clocks go back): type 2026-11-01T01:30-05:00 (CDT) or 2026-11-01T01:30-06:00 (CST)"
[ "$(q "SELECT count(*) FROM reading")" = 0 ] || fail "a refused reading was stored"
run env TZ=Asia/Kolkata "$BATON" --db t.db indicator record churn 2.5 --at '2026-12-07 09:00'
expect_rc 0 "record at a local time"
[ "$(q "SELECT at FROM reading")" = 2026-12-07T03:30:00Z ] || fail "reading at $(q "SELECT at FROM reading")"
run "$BATON" --db t.db blocker snooze B-1 --until whenever --reason r
expect_rc 2 "not a time"
expect_err "--until: 'whenever' is not a time; type '2026-12-08 09:00' (your time zone)"

# Tables: local time, with the zone when it is not the organisation's; json: UTC
run env TZ=America/Chicago "$BATON" --db t.db blocker show B-2
expect_out "2026-12-08 09:00 CST"
run env TZ=Europe/Paris "$BATON" --db t.db blocker show B-2
expect_out "2026-12-08 16:00"
grep -q "16:00 CET" out && fail "the organisation's own zone is named: $(cat out)"
run "$BATON" --db t.db blocker show B-2
expect_out "2026-12-08 16:00"
run env TZ=America/Chicago "$BATON" --db t.db blocker show B-2 --format json
expect_out '"snoozed_until":"2026-12-08T15:00:00Z"'
run env TZ=America/Chicago "$BATON" --db t.db indicator list --format csv
expect_out ",2026-12-07T03:30:00Z"
run env TZ=America/Chicago "$BATON" --db t.db indicator list
expect_out "2026-12-06 21:30 CST"

# The person's configuration names their zone; TZ wins over it
mkdir -p "$XDG_CONFIG_HOME/baton"
echo "timezone: Asia/Kolkata" >"$XDG_CONFIG_HOME/baton/config.yaml"
run "$BATON" --db t.db blocker show B-2
expect_out "2026-12-08 20:30 IST"
run env TZ=America/Chicago "$BATON" --db t.db blocker show B-2
expect_out "2026-12-08 09:00 CST"
echo "timezone: Asia/Bombay_Town" >"$XDG_CONFIG_HOME/baton/config.yaml"
run "$BATON" config check
expect_rc 2 "config check with an unknown zone"
expect_err "config.yaml:1:11: timezone: unknown time zone 'Asia/Bombay_Town'"
rm "$XDG_CONFIG_HOME/baton/config.yaml"
run env TZ=Nowhere/Land "$BATON" --db t.db blocker list
expect_rc 2 "an unknown TZ"
expect_err "baton: TZ: unknown time zone 'Nowhere/Land'"

# Dates typed: presets in the person's calendar (19:00 Monday in Paris is
# already Tuesday 03:00 in Tokyo)
run env TZ=Asia/Tokyo "$BATON" --db t.db blocker edit B-2 --needed-by tomorrow
expect_rc 0 "needed-by tomorrow"
[ "$(q "SELECT needed_by FROM blocker WHERE key = 'B-2'")" = 2026-12-09 ] ||
    fail "needed-by $(q "SELECT needed_by FROM blocker WHERE key = 'B-2'")"
run "$BATON" --db t.db blocker edit B-2 --needed-by '2026-12-09 10:00'
expect_rc 2 "a time for a date"

# Help and export
run "$BATON" blocker snooze --help
expect_out "TIME                     '2026-12-08 09:00' (your time zone), an ISO time"
run "$BATON" project add --help
expect_out "DATE                     YYYY-MM-DD, or tomorrow, monday..sunday, +3d, +1w"
run "$BATON" --db t.db export
expect_out "timezone: Europe/Paris"
cp out back.yaml
run "$BATON" --db t.db export --format json
expect_out '"timezone": "Europe/Paris"'
run "$BATON" --db t2.db import back.yaml
expect_rc 0 "import the export"
[ "$(sqlite3 t2.db "SELECT value FROM meta WHERE key = 'timezone'")" = Europe/Paris ] ||
    fail "the zone did not come back"
sed 's|^timezone: Europe/Paris|timezone: Europe/Atlantis|' back.yaml >bad.yaml
run "$BATON" --db t3.db import bad.yaml
expect_rc 2 "import an unknown zone"
expect_err "bad.yaml:2:11: timezone: unknown time zone 'Europe/Atlantis'"
echo "ok"
