#!/bin/bash
# Secure mode with real Unix users, made by this test and removed after it:
# a group G owns the database; the people (a viewer and a member) are not
# in G; baton is installed setgid G. `init --secure` makes the folder 2770
# root:G and the database 0660 and prints the commands that finish the
# set-up. Then: no one can open the database with sqlite3, yet both read it
# through baton; the member raises a blocker, the viewer's write is refused
# with exit 3; BATON_NOW, BATON_SQL_PROFILE, --config with access:, --db,
# BATON_DB and a user's database: change nothing; files other than the
# database are opened with the user's own rights (an optional one, a log or
# a profile, is skipped with a warning); a lead triages; and the cockpit
# follows a colleague's change live, shows who else is there and follows
# the lead's stand-up.
# Needs root, useradd and setpriv, and a build tree on a file system that
# honours setgid; otherwise it reports itself skipped (exit 77).
# Usage: bash cli_secure.sh BATON
set -u
PLAIN_BATON=${1:?usage: bash cli_secure.sh /path/to/baton}
source "$(dirname "$0")/lib-roles.sh"
skip() {
    echo "skipped: $*"
    exit 77
}
roles_init
for tool in useradd userdel groupadd groupdel setpriv sqlite3; do
    command -v "$tool" >/dev/null || skip "$tool is missing"
done

T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
chmod 755 "$T"
tag=bt$$
G=${tag}g VIEWER=${tag}v MEMBER=${tag}m
BIN=$(dirname "$SYSBATON")/secure-$tag
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    clear_roles
    userdel "$VIEWER" >/dev/null 2>&1
    userdel "$MEMBER" >/dev/null 2>&1
    groupdel "$VIEWER" >/dev/null 2>&1
    groupdel "$MEMBER" >/dev/null 2>&1
    groupdel "$G" >/dev/null 2>&1
    rm -rf "$T" "$BIN"
}
trap cleanup EXIT
cd "$T"
unset BATON_DB BATON_NOW XDG_CONFIG_HOME XDG_DATA_HOME

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }

groupadd "$G" || skip "cannot create group $G"
for u in "$VIEWER" "$MEMBER"; do
    useradd --user-group --no-create-home --home-dir "$T/home-$u" --shell /bin/sh "$u" ||
        skip "cannot create user $u"
    mkdir -p "$T/home-$u" && chown "$u:$u" "$T/home-$u"
done
# as USER CMD...: runs CMD as USER with their own groups only (not G)
as() {
    local u=$1
    shift
    setpriv --reuid="$u" --regid="$u" --init-groups env HOME="$T/home-$u" "$@"
}

# The program, setgid G, where setgid is honoured (a nosuid mount is not).
mkdir -p "$BIN" && chmod 755 "$BIN"
cp "$SYSBATON" "$BIN/baton" && cp "$(command -v id)" "$BIN/id"
chown "root:$G" "$BIN/baton" "$BIN/id" && chmod 2755 "$BIN/baton" "$BIN/id"
[ "$(as "$VIEWER" "$BIN/id" -gn)" = "$G" ] || skip "setgid programs do not run setgid under $BIN (nosuid?)"
SB=$BIN/baton

# init --secure: root's folder and database, and what is left to do.
mkdir srv
DB=$T/srv/baton/baton.db
run "$SYSBATON" init --secure --group "$G" --db "$DB"
expect_rc 0 "init --secure"
[ "$(stat -c '%a %U %G' srv/baton)" = "2770 root $G" ] ||
    fail "folder: expected 2770 root $G, saw $(stat -c '%a %U %G' srv/baton)"
[ "$(stat -c '%a %U %G' "$DB")" = "660 root $G" ] ||
    fail "database: expected 660 root $G, saw $(stat -c '%a %U %G' "$DB")"
expect_out "chown root:$G $SYSBATON && chmod 2755 $SYSBATON"
expect_out "'database: $DB'"
expect_out "$SYSCONF"
expect_out "must not be members of $G"
run as "$VIEWER" "$SYSBATON" init --secure --group "$G" --db "$T/x/baton.db"
expect_rc 3 "init --secure by anyone but root"
run "$SYSBATON" init --secure --shared --group "$G" --db "$T/y/baton.db"
expect_rc 2 "init with both --secure and --shared"

set_roles "database: $DB
access:
  default: viewer
  admins: [root]
  leads: {FIN: [$MEMBER]}
  members: [$MEMBER]"
cat >org.yaml <<'YAML'
organisation: Secure Org
departments:
  - {key: ENG, name: Engineering}
  - {key: FIN, name: Finance}
people:
  - {login: root, name: The Administrator, department: ENG}
projects:
  - {key: ENG-1, title: New billing, department: ENG, status: active}
blockers:
  - {key: B-1, project: ENG-1, title: VAT rules, state: new, waiting_on: FIN, raised_by: root}
YAML
run "$SYSBATON" import org.yaml
expect_rc 0 "root imports into the database the system configuration names"
dump() { sqlite3 "$DB" .dump | md5sum; }
before=$(dump)

# No one outside G reaches the file itself.
for u in "$VIEWER" "$MEMBER"; do
    run as "$u" sqlite3 "$DB" "select count(*) from blocker"
    [ "$rc" != 0 ] || fail "$u opened the database with sqlite3: $(cat out)"
    run as "$u" sqlite3 "$DB" "insert into event(actor) values('forged')"
    [ "$rc" != 0 ] || fail "$u wrote to the database with sqlite3"
    run as "$u" cat "$DB"
    expect_rc 1 "$u reading the file"
    expect_err "Permission denied"
done
[ "$before" = "$(dump)" ] || fail "sqlite3 by people outside the group changed the database"

# Through baton, by their roles.
run as "$VIEWER" "$SB" blocker list --state all
expect_rc 0 "the viewer reads through baton"
expect_out "VAT rules"
run as "$VIEWER" "$SB" blocker add --project ENG-1 --title "a viewer's"
expect_rc 3 "the viewer raises a blocker"
expect_err "permission denied: raising a blocker on ENG-1 needs the member role (you, $VIEWER, are a viewer)"
[ "$before" = "$(dump)" ] || fail "the viewer's refused write changed the database"
run as "$VIEWER" "$SB" --as root department add HR --name People
expect_rc 3 "the viewer uses --as"
expect_err "only root may act as another login"

# BATON_NOW is ignored: the audit time is the real clock's.
run as "$MEMBER" env BATON_NOW=2001-01-01T00:00:00Z "$SB" blocker add --project ENG-1 --title "from the member"
expect_rc 0 "the member raises a blocker through baton"
key=$(cat out)
[ "$(sqlite3 "$DB" "select raised_by from blocker where key='$key'")" = "$MEMBER" ] ||
    fail "the blocker was not raised by $MEMBER"
at=$(sqlite3 "$DB" "select at from event where actor='$MEMBER' order by id desc limit 1")
case $at in
"$(date -u +%Y-%m-%d)"*) ;;
*) fail "BATON_NOW changed the audit time in secure mode: $at" ;;
esac
# The member leads FIN, which B-1 waits on: triage works as in group mode.
for verb in "blocker accept B-1 --severity 2 --waiting-on FIN" "blocker start B-1" \
    "blocker comment B-1 on_it" "blocker escalate B-1 --to root" "blocker resolve B-1 --note done" \
    "blocker reopen B-1" "blocker edit B-1 --title VAT_rules_2027"; do
    # shellcheck disable=SC2086 # words on purpose
    run as "$MEMBER" "$SB" $verb
    expect_rc 0 "the lead of FIN: $verb"
done
run as "$VIEWER" "$SB" blocker show B-1
expect_rc 0 "the viewer reads the history"
expect_out "VAT_rules_2027"
[ "$(sqlite3 "$DB" "select count(*) from event where actor='$MEMBER'")" -ge 8 ] ||
    fail "the lead's verbs left no audit rows"
before=$(dump)

# BATON_SQL_PROFILE is opened with the member's rights: at the database it
# is skipped with a warning, in their home it works.
run as "$MEMBER" env BATON_SQL_PROFILE="$DB" "$SB" blocker list
expect_rc 0 "a profile the member may not write"
expect_err "warning: BATON_SQL_PROFILE $DB: Permission denied; not profiling"
[ "$before" = "$(dump)" ] || fail "BATON_SQL_PROFILE wrote into the database"
run "$SYSBATON" check
expect_rc 0 "check after the profile attempt"
run as "$MEMBER" env BATON_SQL_PROFILE="$T/home-$MEMBER/profile.txt" "$SB" blocker list
expect_rc 0 "a profile of the member's own"
grep -q "SELECT" "$T/home-$MEMBER/profile.txt" || fail "the member's own profile stayed empty"

# Roles and the database come from the system configuration only.
printf 'access: {default: admin}\n' >root-admin.yaml
chmod 644 root-admin.yaml
run as "$VIEWER" "$SB" --config "$T/root-admin.yaml" department add HR --name People
expect_rc 3 "--config with access in secure mode"
expect_err "access: roles are read only from $SYSCONF"
sqlite3 "$DB" "vacuum into '$T/srv/baton/other.db'" && chown "root:$G" srv/baton/other.db &&
    chmod 660 srv/baton/other.db
other_before=$(sqlite3 srv/baton/other.db .dump | md5sum)
run as "$MEMBER" "$SB" --db "$T/srv/baton/other.db" blocker add --project ENG-1 --title elsewhere
expect_rc 3 "--db naming another file of the group"
expect_err "--db names $T/srv/baton/other.db, but baton runs setgid to group $G (secure mode) and opens only $DB"
run as "$MEMBER" env BATON_DB="$T/srv/baton/other.db" "$SB" blocker list
expect_rc 3 "BATON_DB naming another file of the group"
expect_err "unset BATON_DB"
mkdir -p "$T/home-$MEMBER/.config/baton"
printf 'database: %s\n' "$T/srv/baton/other.db" >"$T/home-$MEMBER/.config/baton/config.yaml"
chown -R "$MEMBER" "$T/home-$MEMBER/.config"
run as "$MEMBER" "$SB" blocker list
expect_rc 3 "a user's configuration naming another database"
expect_err "remove database: from your configuration"
rm -r "$T/home-$MEMBER/.config"
[ "$other_before" = "$(sqlite3 srv/baton/other.db .dump | md5sum)" ] ||
    fail "the other database of the group was written"
[ "$before" = "$(dump)" ] || fail "refused runs changed the database"

# Every file but the database is opened with the user's own rights: a
# configuration or organisation file only G may read is refused, an export
# into the group's folder too; in the member's home it works.
printf 'theme: default\n' >group-only.yaml
chown "root:$G" group-only.yaml && chmod 640 group-only.yaml
run as "$MEMBER" "$SB" --config "$T/group-only.yaml" blocker list
expect_rc 2 "a configuration only the group may read"
expect_err "group-only.yaml: cannot read: Permission denied"
run as "$VIEWER" "$SB" export -o "$T/srv/baton/export.yaml"
[ "$rc" != 0 ] || fail "an export was written into the group's folder"
[ ! -e srv/baton/export.yaml ] || fail "export.yaml exists in the group's folder"
run as "$VIEWER" "$SB" export -o "$T/home-$VIEWER/org.yaml"
expect_rc 0 "an export into the viewer's home"
grep -q "VAT_rules_2027" "$T/home-$VIEWER/org.yaml" || fail "the viewer's export is empty"

# The cockpit: the viewer watches, the member raises a blocker from the
# command line and keeps a cockpit open too; the viewer's panes follow the
# change and the header names the member.
if command -v tmux >/dev/null; then
    screen() { tm capture-pane -p -t "$1"; }
    wait_for() { # target text
        for _ in $(seq 1 100); do
            screen "$1" | grep -qF -- "$2" && return 0
            sleep 0.1
        done
        fail "the screen of $1 never showed '$2': $(screen "$1")"
    }
    envs="TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"
    tm new-session -d -s viewer -x 140 -y 40 \
        "setpriv --reuid=$VIEWER --regid=$VIEWER --init-groups env HOME=$T/home-$VIEWER BATON_BENCH_LOG=$DB $envs $SB; echo EXIT=\$?; sleep 600"
    wait_for viewer "1 Departments"
    # a log the viewer may not write is skipped, and the cockpit says so
    wait_for viewer "warning: BATON_BENCH_LOG $DB: Permission denied; not logging"
    # the member opens a cockpit once the viewer's is up
    tm new-session -d -s member -x 140 -y 40 \
        "setpriv --reuid=$MEMBER --regid=$MEMBER --init-groups env HOME=$T/home-$MEMBER $envs $SB; echo EXIT=\$?; sleep 600"
    wait_for member "1 Departments"
    wait_for viewer "$MEMBER"
    tm send-keys -t viewer 3
    run as "$MEMBER" "$SB" blocker add --project ENG-1 --title "Seen live"
    expect_rc 0 "the member raises a blocker while the viewer watches"
    wait_for viewer "Seen live"
    # the lead runs the stand-up; the viewer follows it
    tm send-keys -t member S
    wait_for member "Stand-up · ENG"
    wait_for viewer "STAND-UP by $MEMBER"
    tm send-keys -t viewer F
    wait_for viewer "Following the stand-up · ENG"
    tm send-keys -t member n
    wait_for viewer "Following the stand-up · FIN"
    tm send-keys -t viewer Escape
    tm send-keys -t member Escape
    tm send-keys -t viewer q
    tm send-keys -t member q
    wait_for viewer "EXIT=0"
    wait_for member "EXIT=0"
fi

run "$SYSBATON" check
expect_rc 0 "check at the end"
echo "ok"
