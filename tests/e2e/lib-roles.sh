# Roles for the end-to-end tests, sourced by them (CMakeLists.txt leaves
# lib-*.sh out of the tests).
#
# baton reads roles only from its system configuration, a file owned by
# root and writable by no one else, in folders likewise root's. The tests
# therefore run baton-test ($BATON_TEST_BATON, set by ctest): the same
# program built with its system configuration under /run
# ($BATON_TEST_SYSCONF, a folder per build tree), a file they write as
# root. One test at a time holds it (flock). Where that cannot be (not
# root, a /run others may write), roles_try says why and roles_init skips
# the test (exit 77).
SYSBATON=${BATON_TEST_BATON:-}
SYSCONF=${BATON_TEST_SYSCONF:-}
ROLES_WHY=

roles_try() {
    if [ -z "$SYSBATON" ] || [ ! -x "$SYSBATON" ] || [ -z "$SYSCONF" ]; then
        ROLES_WHY="BATON_TEST_BATON and BATON_TEST_SYSCONF are unset: run it through ctest"
        return 1
    fi
    if [ "$(id -u)" != 0 ]; then
        ROLES_WHY="roles live in a file only root may write: run as root"
        return 1
    fi
    local dir
    dir=$(dirname "$SYSCONF")
    mkdir -p "$dir" && chmod 755 "$dir" "$(dirname "$dir")" || {
        ROLES_WHY="cannot make $dir"
        return 1
    }
    if command -v flock >/dev/null; then
        exec 9>"$dir/.lock"
        flock 9
    fi
    rm -f "$SYSCONF"
    local probe
    if ! probe=$("$SYSBATON" config check 2>&1); then
        ROLES_WHY="$dir is no place for a trusted file: $probe"
        return 1
    fi
    return 0
}

roles_init() {
    if ! roles_try; then
        echo "skipped: $ROLES_WHY"
        exit 77
    fi
}

# set_roles TEXT: the system configuration becomes TEXT (root's, 0644),
# replaced whole so that no run reads half of it.
set_roles() {
    printf '%s\n' "$1" >"$SYSCONF.new" && chmod 644 "$SYSCONF.new" && mv -f "$SYSCONF.new" "$SYSCONF" ||
        { echo "FAIL: cannot write $SYSCONF" >&2; exit 1; }
}

clear_roles() {
    [ -n "$SYSCONF" ] && rm -f "$SYSCONF" "$SYSCONF.new"
    return 0
}
