#!/bin/bash
# Hostile text in every field that takes text: escape sequences (CSI,
# OSC), C0 and C1 controls, right-to-left overrides and isolates,
# spreadsheet formulas, Markdown pipes and line breaks, through `blocker
# add` and through `import`; and what baton refuses to store (invalid
# UTF-8, a raw 0x9B byte, a 100,000-character title) written into the
# database by sqlite3. Then every way out: list and show as table, CSV,
# Markdown and JSON, export in every format, and the messages that echo
# what was typed. Tables, Markdown, JSON and messages carry no control
# character, C1 control or bidi control and only valid UTF-8; CSV carries
# none but tab, CR and LF inside quoted cells and defuses formulas
# (checked by reading it back with sqlite3's CSV reader); Markdown rows
# keep their columns; JSON is valid (json_valid) and gives every stored
# title back; export -> import -> export keeps every byte.
# Usage: bash hostile_text.sh BATON
set -u
BATON=${1:?usage: bash hostile_text.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
export LC_ALL=C.UTF-8
unset BATON_DB
cd "$T"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 "$@"; }
DB=h.db
"$BATON" --db $DB init >/dev/null && "$BATON" --db $DB import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: setting up" >&2; exit 1; }

# Raw bytes a terminal must never receive: ESC, other C0 controls but the
# line feed (tab is allowed in none of these outputs either), DEL, C1
# controls in UTF-8, the bidi controls (embeddings, overrides, isolates,
# marks), and bytes that are not UTF-8 (a lone 0x9B is CSI to an 8-bit
# terminal). CSV may keep tab and CR, inside its quoted cells.
BIDI='\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c'
raw_controls() { # FILE -> count of offending lines
    local n
    n=$(LC_ALL=C grep -caP "[\\x00-\\x09\\x0b-\\x1f\\x7f]|\\xc2[\\x80-\\x9f]|$BIDI" "$1")
    iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || n=$((n + 1))
    echo "$n"
}
csv_controls() { # FILE -> count of offending lines
    local n
    n=$(LC_ALL=C grep -caP "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]|\\xc2[\\x80-\\x9f]|$BIDI" "$1")
    iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || n=$((n + 1))
    echo "$n"
}

titles=(
    $'\e[31mred\e[0m and \e]0;owned\a title'
    $'bell\a backspace\b\b\b cr\rover ff\f vt\v del\x7f'
    $'c1 csi \xc2\x9b31m and osc \xc2\x9d0;x\xc2\x9c'
    $'\xe2\x80\xaertl override\xe2\x80\xac and \xe2\x81\xa6isolate\xe2\x81\xa9'
    "=cmd|' /C calc'!A0"
    "+1+2"
    "-2+3 minus"
    "@SUM(A1:A9)"
    $'\tstarts with a tab'
    $'| pipes | in | markdown |\nand a second line'
    '`code` *stars* _under_ [link](x) <b>html</b> \backslash'
    '"quoted", with commas, and ""doubled"" quotes'
)
keys=()
for t in "${titles[@]}" "invalid to come" "long to come"; do
    k=$("$BATON" --db $DB blocker add --project ENG-1 --title "$t" 2>err) ||
        { fail "blocker add refused a hostile title: $(head -c 200 err)"; continue; }
    keys+=("$k")
done
[ ${#keys[@]} = $((${#titles[@]} + 2)) ] || fail "only ${#keys[@]} hostile blockers were added"
# What baton refuses to store, as another program would write it.
badkey=${keys[${#keys[@]} - 2]}
longkey=${keys[${#keys[@]} - 1]}
q $DB "update blocker set title = 'invalid ' || cast(x'fffe' as text) || ' utf-8 ' || cast(x'e282' as text)
    || ' cut ' || cast(x'c0af' as text) || ' overlong, raw csi ' || cast(x'9b' as text) || '31m'
    where key = '$badkey';
  update blocker set title = replace(hex(zeroblob(50000)), '0', 'L') where key = '$longkey'"
[ "$(q $DB "select length(title) from blocker where key = '$longkey'")" = 100000 ] ||
    fail "the 100,000-character title was not written"

# The same shapes through an organisation file, in every text field.
cat >hostile.yaml <<'YAML'
organisation: "\e[2JAcme\a"
departments:
  - {key: HX, name: "\e]0;dept\a \u202Eevil\u202C", lead: "=lead"}
people:
  - {login: mallory, name: "\x9B31mMallory", department: HX, title: "@chief"}
projects:
  - {key: HX-1, title: "| a | b |\nnext line", department: HX, owner: mallory,
     description: "\e[1mbold\e[0m and \t tab"}
blockers:
  - {key: B-900, project: HX-1, title: "=HYPERLINK(\"http://x\")", state: new,
     raised_by: mallory}
indicators:
  - {key: hx-ind, name: "-1+1 \e[5mblink", department: HX, unit: "\e[7m%",
     readings: [{at: 2026-11-01T00:00:00Z, value: 2.5, note: "\e[8mhidden"}]}
YAML
"$BATON" --db $DB import hostile.yaml >out 2>err || fail "import of hostile text failed: $(cat err)"

# Every listing, in every format.
for what in "blocker list --state all" "project list" "department list" "indicator list" \
    "blocker show ${keys[0]}" "blocker show B-900" "project show HX-1" "indicator show hx-ind"; do
    formats="table csv md json"
    case $what in *show*) formats="table json" ;; esac
    for f in $formats; do
        name=$(echo "$what $f" | tr ' ' _)
        "$BATON" --db $DB $what --format $f >"$name" 2>err || { fail "$what --format $f: $(cat err)"; continue; }
        case $f in
        table)
            n=$(raw_controls "$name")
            [ "$n" = 0 ] || fail "$what as a table: $n line(s) carry raw control characters"
            ;;
        json)
            [ "$(q :memory: "select json_valid(readfile('$name'))")" = 1 ] || fail "$what: JSON is not valid"
            n=$(raw_controls "$name")
            [ "$n" = 0 ] || fail "$what as JSON: $n line(s) carry raw control characters"
            ;;
        csv)
            n=$(csv_controls "$name")
            [ "$n" = 0 ] || fail "$what as CSV: $n line(s) carry raw control characters"
            # Read it back with a real CSV reader: no cell starts a formula.
            rm -f csv.db
            q csv.db ".import --csv $name t" 2>csv.err || { fail "$what: sqlite3 cannot read the CSV: $(cat csv.err)"; continue; }
            for c in $(q csv.db "select name from pragma_table_info('t')"); do
                bad=$(q csv.db "select count(*) from t where substr(\"$c\", 1, 1) in ('=', '+', '-', '@', char(9), char(13))
                    and not (\"$c\" glob '[-+][0-9.]*' and substr(\"$c\", 2) not glob '*[^0-9.eE]*')")
                [ "$bad" = 0 ] || fail "$what: $bad CSV cell(s) of column $c start a formula"
            done
            ;;
        md)
            # Every row of the table has the heading's number of cells.
            want=$(grep -a '^|' "$name" | head -1 | sed 's/\\|//g' | tr -cd '|' | wc -c)
            grep -a '^|' "$name" | sed 's/\\|//g' | while IFS= read -r line; do
                got=$(printf '%s' "$line" | tr -cd '|' | wc -c)
                [ "$got" = "$want" ] || { echo "x"; break; }
            done | grep -q x && fail "$what as Markdown: a row does not keep its columns"
            [ "$(raw_controls "$name")" = 0 ] || fail "$what as Markdown: raw control characters"
            ;;
        esac
    done
done

# CSV keeps the text itself: the formula is defused by a leading quote,
# not lost.
"$BATON" --db $DB blocker list --state all --format csv >all.csv
grep -aqF "\"'=cmd|' /C calc'!A0\"" all.csv || fail "CSV does not show the formula title defused as '=cmd..."
grep -aqF "'@SUM(A1:A9)" all.csv || fail "CSV does not defuse @SUM"
# JSON carries every title baton stored back exactly, escaped.
"$BATON" --db $DB blocker list --state all --format json >all.json
for i in "${!titles[@]}"; do
    got=$(q :memory: "select json_extract(value, '$.title') from json_each(readfile('all.json'))
        where json_extract(value, '$.key') = '${keys[$i]}'")
    [ "$got" = "${titles[$i]}" ] || fail "JSON changed title $i: expected '${titles[$i]}', saw '$got'"
done
[ "$(q :memory: "select length(json_extract(value, '$.title')) from json_each(readfile('all.json'))
    where json_extract(value, '$.key') = '$longkey'")" = 100000 ] || fail "JSON cut the 100,000-character title"

# Exports in every format, and the round trip of the organisation file.
for f in yaml json csv md; do
    "$BATON" --db $DB export --format $f >export.$f 2>err || fail "export --format $f: $(cat err)"
done
[ "$(q :memory: "select json_valid(readfile('export.json'))")" = 1 ] || fail "export --format json is not valid JSON"
[ "$(raw_controls export.md)" = 0 ] || fail "export --format md carries raw control characters"
[ "$(raw_controls export.json)" = 0 ] || fail "export --format json carries raw control characters"
[ "$(raw_controls export.yaml)" = 0 ] || fail "export --format yaml carries raw control characters"
[ "$(csv_controls export.csv)" = 0 ] || fail "export --format csv carries raw control characters"
for f in md json csv; do
    "$BATON" --db $DB report --format $f >report.$f 2>err || fail "report --format $f: $(cat err)"
done
[ "$(raw_controls report.md)" = 0 ] || fail "report (Markdown) carries raw control characters"
[ "$(raw_controls report.json)" = 0 ] || fail "report --format json carries raw control characters"
[ "$(csv_controls report.csv)" = 0 ] || fail "report --format csv carries raw control characters"
# An organisation file holds only what baton accepts: the title over the
# limit is refused on import (below), so shorten it for the round trip.
"$BATON" --db round.db init >/dev/null
"$BATON" --db round.db import export.yaml >out 2>err
[ $? = 2 ] && grep -q "export.yaml:[0-9]*:[0-9]*: blocker $longkey: title is too long (100000 characters).*at most 500" err ||
    fail "importing a 100,000-character title was not refused at its line with the limit: $(head -c 300 err)"
"$BATON" --db $DB blocker edit "$longkey" --title "was long" >/dev/null || fail "shortening the long title"
"$BATON" --db $DB export --format yaml >export.yaml
rm -f round.db
"$BATON" --db round.db init >/dev/null
"$BATON" --db round.db import export.yaml >out 2>err || fail "the exported organisation does not import: $(head -c 300 err)"
"$BATON" --db round.db export --format yaml >export2.yaml
cmp -s export.yaml export2.yaml || fail "export -> import -> export changed the file: $(diff export.yaml export2.yaml | head -5)"

# Messages that echo what was typed: no control character reaches stderr.
for args in "blocker add --project $(printf '\e[31mX\a') --title t" \
    "blocker show $(printf 'B-\e]0;x\a')" \
    "blocker lst$(printf '\e[2J')" \
    "--format $(printf '\e[5mxml') blocker list" \
    "import $(printf 'no\e[31mfile').yaml"; do
    "$BATON" --db $DB $args >out 2>err
    rc=$?
    [ "$rc" != 0 ] || fail "'$args' succeeded"
    [ "$(raw_controls err)" = 0 ] || fail "the message for '$(printf '%q' "$args")' carries raw control characters: $(od -c err | head -2 | tr -s ' ')"
done
"$BATON" --db bad.db init >/dev/null
"$BATON" --db bad.db import hostile.yaml >/dev/null 2>&1
printf 'departments:\n  - {key: "\\e[31mK", name: x, lead: 5}\n  - {key: "\\e[31mK", name: "\\e]0;t\\a"}\n' >dup.yaml
"$BATON" --db bad.db import dup.yaml >out 2>err
[ "$?" = 2 ] || fail "a file with a hostile key was not refused with 2: $(cat err)"
[ "$(raw_controls err)" = 0 ] || fail "the message about a hostile key carries raw control characters: $(od -c err | head -2 | tr -s ' ')"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
