#!/bin/bash
# Creating and finding databases, and refusing files baton must not touch:
# init (plain and shared), the lookup order, a newer schema and a file that
# is not SQLite. Usage: bash cli_database.sh BATON
set -u
BATON=${1:?usage: bash cli_database.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }

# init without --db: the per-user default under $XDG_DATA_HOME.
run "$BATON" init
expect_rc 0 "init"
[ -f "$XDG_DATA_HOME/baton/baton.db" ] || fail "init did not create \$XDG_DATA_HOME/baton/baton.db"
[ "$(q "$XDG_DATA_HOME/baton/baton.db" 'PRAGMA user_version')" -ge 1 ] || fail "init left no schema"
run "$BATON" init
expect_rc 0 "init of an existing database"
expect_out "already a baton database"
run "$BATON" --db "$T/no/such/folder/x.db" init
expect_rc 2 "init in a missing folder"
expect_err "does not exist"

# An empty file (made by ': >' or touch) is a database init, demo and
# import create into; one made empty by SQLite (no schema yet) too.
for verb in init demo import; do
    : >"empty-$verb.db"
    case $verb in
    import)
        printf 'organisation: O\ndepartments: [{key: D, name: D}]\n' >e.yaml
        run "$BATON" --db "empty-$verb.db" import e.yaml ;;
    *) run "$BATON" --db "empty-$verb.db" "$verb" ;;
    esac
    expect_rc 0 "$verb into an empty file"
    [ "$(q "empty-$verb.db" 'PRAGMA user_version')" -ge 1 ] || fail "$verb into an empty file left no schema"
done
grep -qF "created empty-init.db" <("$BATON" --db empty-init.db init 2>&1) && fail "init of an initialised file said 'created'"
q schema0.db 'PRAGMA journal_mode = WAL' >/dev/null
run "$BATON" --db schema0.db init
expect_rc 0 "init of an SQLite file with nothing in it"
expect_out "created schema0.db"
run "$BATON" --db schema0.db blocker list
expect_rc 0 "listing what init created in an SQLite file with nothing in it"

# Lookup order: --db, then $BATON_DB, then the configuration, then XDG.
"$BATON" --db env.db init >/dev/null && "$BATON" --db cfg.db init >/dev/null || fail "init env/cfg"
add() { "$BATON" "$@" blocker add --project P-1 --title t >/dev/null 2>&1; }
for db in env.db cfg.db "$XDG_DATA_HOME/baton/baton.db" flag.db; do
    [ -f "$db" ] || "$BATON" --db "$db" init >/dev/null
    printf 'organisation: O\ndepartments: [{key: D, name: D}]\nprojects: [{key: P-1, title: P, department: D}]\n' >o.yaml
    "$BATON" --db "$db" import o.yaml >/dev/null || fail "import into $db"
done
mkdir -p "$XDG_CONFIG_HOME/baton"
printf 'database: %s\n' "$T/cfg.db" >"$XDG_CONFIG_HOME/baton/config.yaml"
count() { q "$1" 'select count(*) from blocker'; }
BATON_DB=$T/env.db add --db flag.db
[ "$(count flag.db)" = 1 ] && [ "$(count env.db)" = 0 ] || fail "--db did not win over \$BATON_DB"
BATON_DB=$T/env.db add
[ "$(count env.db)" = 1 ] && [ "$(count cfg.db)" = 0 ] || fail "\$BATON_DB did not win over the configuration"
add
[ "$(count cfg.db)" = 1 ] || fail "the configuration's database: was not used"
rm "$XDG_CONFIG_HOME/baton/config.yaml"
add
[ "$(count "$XDG_DATA_HOME/baton/baton.db")" = 1 ] || fail "the XDG default was not used"

# check: integrity and schema version.
run "$BATON" --db flag.db check
expect_rc 0 "check"
expect_out "integrity"

# A database from a newer baton is refused and left byte for byte.
cp flag.db newer.db
q newer.db 'PRAGMA user_version = 99'
cp newer.db newer.orig
for cmd in "blocker list" "check" "export" "demo"; do
    run "$BATON" --db newer.db $cmd
    [ "$rc" != 0 ] || fail "$cmd on a newer schema succeeded"
    expect_err "99"
    [ "$(wc -l <err)" = 1 ] || fail "expected one line, saw: $(cat err)"
    cmp newer.db newer.orig || fail "$cmd changed a database with a newer schema"
done
# A file that is not SQLite is refused and left alone.
printf 'these are my notes, not a database\n' >notes.db
cp notes.db notes.orig
for cmd in "blocker list" "init" "import o.yaml" "check"; do
    run "$BATON" --db notes.db $cmd
    [ "$rc" != 0 ] || fail "$cmd on a non-SQLite file succeeded"
    cmp notes.db notes.orig || fail "$cmd changed a file that is not a database"
    [ ! -e notes.db-wal ] || fail "$cmd left a -wal next to a non-database"
done

# A shared database: a setgid folder of the group, the file group-writable.
group=$(id -gn)
run "$BATON" --db "$T/shared/baton.db" init --shared --group "$group"
expect_rc 0 "init --shared"
[ "$(stat -c %a "$T/shared")" = 2770 ] || fail "shared folder mode $(stat -c %a "$T/shared")"
[ "$(stat -c %G "$T/shared")" = "$group" ] || fail "shared folder group $(stat -c %G "$T/shared")"
[ "$(stat -c %a "$T/shared/baton.db")" = 660 ] || fail "shared database mode $(stat -c %a "$T/shared/baton.db")"
mkdir plain
run "$BATON" --db "$T/plain/baton.db" init --shared --group "$group"
expect_rc 2 "init --shared in a folder not set up"
expect_err "chmod 2770"
[ ! -e "$T/plain/baton.db" ] || fail "refused shared init created the database"
[ "$(stat -c %a plain)" != 2770 ] || fail "refused shared init changed the folder"
run "$BATON" --db "$T/s2/baton.db" init --shared
expect_rc 2 "--shared without --group"
run "$BATON" --db "$T/s3/baton.db" init --shared --group no-such-group-here
expect_rc 2 "unknown group"

echo "ok"
