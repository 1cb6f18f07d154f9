#!/bin/bash
# Installed means installed: `cmake --install BUILD --prefix P` works for
# any P; PREFIX/bin/baton reads PREFIX/share/baton and nothing else (not
# the source tree, not the build folder), also when moved after install
# and when the source and build folders are out of sight; no build path
# is compiled into the binary.
# Usage: bash cli_install.sh BATON
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib-skip.sh"
BATON=${1:?usage: bash cli_install.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
BUILD=$(cd "$(dirname "$BATON")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
[ -f "$BUILD/cmake_install.cmake" ] || e2e_skip cmake "$BATON is not in a CMake build folder"
command -v cmake >/dev/null || e2e_skip cmake "cmake is not installed"
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB BATON_SRCDIR
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }

for p in p1 p2; do
    cmake --install "$BUILD" --prefix "$T/$p" >install.log 2>&1 || fail "install to $p: $(tail -3 install.log)"
    [ -x "$p/bin/baton" ] && [ -f "$p/share/baton/demo-org.yaml" ] && [ -f "$p/share/baton/themes/light.yaml" ] ||
        fail "install to $p: missing files: $(find "$p" -type f | head -20)"
done

# No build path in the installed binary: the same bytes whatever the
# folders it was built in were called. (A sanitizer build, never one to
# install, keeps full paths in its reports.)
if grep -aqF "__asan_init" p1/bin/baton; then
    echo "note: a sanitizer build: its reports name source files in full; not looked at"
else
    for dir in "$SRC" "$BUILD"; do
        grep -aqF "$dir" p1/bin/baton && fail "the installed binary contains the build path $dir"
    done
fi

# Each prefix runs the demo from its own data folder.
for p in p1 p2; do
    run "$p/bin/baton" --db "$p.db" demo
    [ "$rc" = 0 ] || fail "demo from $p: exit $rc: $(cat err)"
    grep -qF "10 departments" out || fail "demo from $p: $(cat out)"
    printf 'theme: light\n' >"$p.yaml"
    run "$p/bin/baton" --config "$p.yaml" config check
    [ "$rc" = 0 ] || fail "the theme from $p: exit $rc: $(cat err)"
done

# Only the installed folder: without its demo-org.yaml and themes the
# installed baton finds none, although the source tree has them.
rm p1/share/baton/demo-org.yaml p1/share/baton/themes/light.yaml
run p1/bin/baton --db gone.db demo
[ "$rc" != 0 ] || fail "demo without the installed demo-org.yaml found one elsewhere"
grep -qF "demo-org.yaml" err || fail "demo without demo-org.yaml: $(cat err)"
run p1/bin/baton --config p1.yaml config check
[ "$rc" = 2 ] || fail "theme without the installed light.yaml: exit $rc (found elsewhere?): $(cat out err)"
# ... and with BATON_SRCDIR set, the source tree's files are read again.
BATON_SRCDIR=$SRC run p1/bin/baton --db src.db demo
[ "$rc" = 0 ] || fail "demo with BATON_SRCDIR: exit $rc: $(cat err)"

# Moved after install: the data folder is found from the binary's path.
mv p2 p3
run p3/bin/baton --db p3.db demo
[ "$rc" = 0 ] || fail "demo from a moved install: exit $rc: $(cat err)"

# The source and build folders out of sight (a mount namespace hides
# them), where root may make one.
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    rm -f hidden.db
    unshare --mount sh -c "mount -t tmpfs none '$SRC' && { [ '$BUILD' = '$SRC' ] || mount -t tmpfs none '$BUILD' 2>/dev/null; true; } &&
        [ ! -e '$SRC/CMakeLists.txt' ] && '$T/p3/bin/baton' --db '$T/hidden.db' demo" >out 2>err
    rc=$?
    [ "$rc" = 0 ] || fail "demo with the source tree out of sight: exit $rc: $(cat err)"
else
    echo "note: cannot hide the source tree here (needs root and unshare); the moved install ran"
fi
echo ok
