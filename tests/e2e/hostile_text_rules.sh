#!/bin/bash
# The rules for text coming in, at every way in (arguments, organisation
# files, readings files):
#  - keys of departments, projects, indicators and blockers: letters,
#    digits, '-', '_', '.', at most 32 characters; logins: no blank,
#    control character, ':' or '/', not starting with '-' or '@';
#  - only valid UTF-8 (a raw 0x9B byte, a cut sequence, an overlong form);
#  - names and titles at most 500 characters, free text (details,
#    descriptions, notes, reasons, comments, readings' notes) at most
#    64 KiB: a 4 MB note is refused with a message naming 64 KiB.
# Each refusal exits 2 with one line on stderr that names the rule and
# carries no raw control character, and nothing is stored. What is within
# the rules (a 32-character key, a 500-character title, a 64 KiB detail)
# is taken.
# Usage: bash hostile_text_rules.sh BATON
set -u
BATON=${1:?usage: bash hostile_text_rules.sh /path/to/baton}
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
DB=r.db
q() { sqlite3 "$DB" "$@"; }
"$BATON" --db $DB init >/dev/null && "$BATON" --db $DB import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: setting up" >&2; exit 1; }

# Everything a refusal could have stored, as one fingerprint.
state() {
    q "select count(*) from department; select count(*) from person; select count(*) from project;
       select count(*) from blocker; select count(*) from indicator; select count(*) from reading;
       select count(*) from event; select max(version) from blocker; select group_concat(name) from department;" | md5sum
}
raw_controls() { # FILE -> count of offending lines (see hostile_text.sh)
    local n
    n=$(LC_ALL=C grep -caP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1")
    iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || n=$((n + 1))
    echo "$n"
}

# refused LABEL WORDS -- ARGS...: exit 2, one line naming WORDS, nothing stored.
refused() {
    local label=$1 want=$2
    shift 3
    local before rc
    before=$(state)
    "$BATON" --db $DB "$@" >out 2>err
    rc=$?
    [ "$rc" = 2 ] || fail "$label: exit $rc, expected 2 (stderr: $(head -c 300 err))"
    [ "$(wc -l <err)" = 1 ] || fail "$label: the refusal is not one line: $(head -c 300 err)"
    grep -qF -- "$want" err || fail "$label: the message does not say '$want': $(head -c 300 err)"
    [ "$(raw_controls err)" = 0 ] || fail "$label: the message carries raw control characters: $(od -c err | head -3 | tr -s ' ')"
    [ ! -s out ] || fail "$label: printed on stdout: $(head -c 200 out)"
    [ "$(state)" = "$before" ] || fail "$label: the refusal stored something"
}
taken() {
    local label=$1
    shift
    "$BATON" --db $DB "$@" >out 2>err || fail "$label: refused: $(head -c 300 err)"
}

KEYRULE="a letter, a digit, '-', '_' or '.'"
LOGINRULE="a login has 1 to 64 characters"
UTF8="not valid UTF-8"
NAMERULE="at most 500 characters"
FREERULE="at most 64 KiB"
K32=$(printf 'K%.0s' $(seq 1 32))
K33=${K32}K

# ---- keys --------------------------------------------------------------
for k in $'P\e]0;PWN\a' 'two words' 'Z'$'\xc3\xbc''rich' "$K33" 'a/b' $'x\xc2\x9by' $'\xe2\x80\xaeENG' ''"'"'q'; do
    refused "project add $(printf '%q' "$k")" "$KEYRULE" -- project add "$k" --title t --dept ENG
    refused "department add $(printf '%q' "$k")" "$KEYRULE" -- department add "$k" --name x
    refused "indicator add $(printf '%q' "$k")" "$KEYRULE" -- indicator add "$k" --name x
done
refused "a project key with an escape, echoed" "project key 'P^[]0;PWN^G'" -- project add $'P\e]0;PWN\a' --title t --dept ENG
taken "a 32-character project key" project add "$K32" --title t --dept ENG
taken "a key of every allowed kind of character" department add 'Ops_2.b-c' --name x
refused "a depends-on key with an escape" "$KEYRULE" -- project edit "$K32" --depends-on $'ENG-1,\e[2J'
cat >badkey.yaml <<'YAML'
projects:
  - {key: "P 1", title: Spaced, department: ENG}
YAML
refused "import of a project key with a blank" "badkey.yaml:2:11: project: key 'P 1' is not allowed" -- import badkey.yaml
cat >badind.yaml <<'YAML'
indicators:
  - {key: ok, name: Fine}
  - {key: "\e]0;x\a", name: Hostile}
YAML
refused "import of an indicator key with an escape" "badind.yaml:3:11:" -- import badind.yaml
printf 'key,at,value\n\xc2\x9b,2026-11-01,1\n' >badkey.csv
refused "a readings file naming a key with a C1 control" "badkey.csv:2:" -- indicator import badkey.csv

# ---- logins ------------------------------------------------------------
for l in $'x\e[2J' '-rf' '@staff' 'a b' 'a:b' $'\xe2\x80\xaebob'; do
    refused "person add $(printf '%q' "$l")" "$LOGINRULE" -- person add --name X -- "$l"
    refused "blocker add --owner $(printf '%q' "$l")" "$LOGINRULE" -- blocker add --project ENG-1 --title t --owner "$l"
done
refused "blocker add --owner ghost" "no person 'ghost' in the organisation" -- blocker add --project ENG-1 --title "owned by a stranger" --owner ghost
taken "a login with a domain" person add alice@corp.example --name "Alice at Corp"

# ---- invalid UTF-8 at every entry point ----------------------------------
NEW=$("$BATON" --db $DB blocker add --project ENG-1 --title "to decline")
for bad in $'overlong \xc0\xaf' $'\xff\xfe'; do
    refused "blocker add --title $(printf '%q' "$bad")" "$UTF8" -- blocker add --project ENG-1 --title "$bad"
done
for bad in $'x\x9b31m' $'cut \xe2\x82'; do
    label=$(printf '%q' "$bad")
    refused "blocker add --title $label" "$UTF8" -- blocker add --project ENG-1 --title "$bad"
    refused "blocker add --detail $label" "$UTF8" -- blocker add --project ENG-1 --title t --detail "$bad"
    refused "blocker edit --title $label" "$UTF8" -- blocker edit B-1 --title "$bad"
    refused "blocker comment $label" "$UTF8" -- blocker comment B-1 "$bad"
    refused "blocker decline --reason $label" "$UTF8" -- blocker decline "$NEW" --reason "$bad"
    refused "project add --description $label" "$UTF8" -- project add P-9 --title t --dept ENG --description "$bad"
    refused "department edit --name $label" "$UTF8" -- department edit ENG --name "$bad"
    refused "person add --name $label" "$UTF8" -- person add dave --name "$bad"
    refused "indicator add --name $label" "$UTF8" -- indicator add ind9 --name "$bad"
    refused "indicator record --note $label" "$UTF8" -- indicator record churn 2 --note "$bad"
    printf 'key,at,value,note\nchurn,2026-11-03,2.5,ok\nchurn,2026-11-04,2.6,%s\n' "$bad" >bad.csv
    refused "a readings file with $label in a note" "bad.csv:3:" -- indicator import bad.csv
done
printf 'organisation: "Acme \x9b"\n' >bad.yaml
refused "an organisation file that is not UTF-8" "bad.yaml" -- import bad.yaml

# ---- lengths -------------------------------------------------------------
T500=$(printf 'T%.0s' $(seq 1 500))
E500=$(for i in $(seq 1 500); do printf '\xc3\xa9'; done)
taken "a 500-character title" blocker add --project ENG-1 --title "$T500"
taken "a 500-character title of two-byte characters" blocker add --project ENG-1 --title "$E500"
refused "a 501-character title" "title is too long (501 characters): $NAMERULE for names and titles" -- \
    blocker add --project ENG-1 --title "${T500}x"
refused "a 501-character department name" "$NAMERULE" -- department edit ENG --name "${T500}x"
refused "a 501-character project title" "$NAMERULE" -- project add P-10 --title "${E500}x" --dept ENG
refused "a 501-character indicator name" "$NAMERULE" -- indicator add ind10 --name "${T500}x"
refused "a 501-character job title" "$NAMERULE" -- person add erin --name Erin --title "${T500}x"
F64=$(head -c 65536 /dev/zero | tr '\0' d)
taken "a 64 KiB detail" blocker add --project ENG-1 --title "long detail" --detail "$F64"
K=$(cat out)
[ "$(q "select length(detail) from blocker where key = '$K'")" = 65536 ] || fail "the 64 KiB detail was not kept whole"
refused "a detail of 64 KiB and a byte" "detail is too long (65537 bytes): $FREERULE (65536 bytes) for free text" -- \
    blocker add --project ENG-1 --title t --detail "${F64}x"
refused "a 64 KiB + 1 comment" "$FREERULE" -- blocker comment B-1 "${F64}x"
refused "a 64 KiB + 1 reason" "$FREERULE" -- blocker decline "$NEW" --reason "${F64}x"
refused "a 64 KiB + 1 description" "$FREERULE" -- project edit ENG-1 --description "${F64}x"
refused "a 64 KiB + 1 reading note" "$FREERULE" -- indicator record churn 2 --note "${F64}x"
# A 4 MB note does not fit in an argument; it comes in files.
{
    echo 'key,at,value,note'
    echo 'churn,2026-11-05,2.5,fine'
    printf 'churn,2026-11-06,2.6,'
    head -c 4194304 /dev/zero | tr '\0' n
    echo
} >big.csv
refused "a readings file with a 4 MB note" "big.csv:3:" -- indicator import big.csv
grep -qF "note is too long (4194304 bytes)" err && grep -qF "$FREERULE" err ||
    fail "the 4 MB note's refusal does not name its size and the 64 KiB limit: $(head -c 300 err)"
{
    echo '[{key: churn, at: 2026-11-07, value: 1}, {key: churn, at: 2026-11-08, value: 2, note: "'
    head -c 4194304 /dev/zero | tr '\0' n
    echo '"}]'
} >big.yaml
refused "a YAML readings file with a 4 MB note" "$FREERULE" -- indicator import big.yaml
{
    echo 'projects:'
    printf '  - {key: BIG-1, title: Big, department: ENG, description: "'
    head -c 4194304 /dev/zero | tr '\0' n
    echo '"}'
} >bigorg.yaml
refused "an organisation file with a 4 MB description" "bigorg.yaml:2:" -- import bigorg.yaml
grep -qF "$FREERULE" err || fail "the 4 MB description's refusal does not name 64 KiB: $(head -c 300 err)"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
