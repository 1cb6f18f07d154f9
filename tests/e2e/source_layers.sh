#!/bin/bash
# The layers of DESIGN.md, read from the sources: util, then core, then
# config, then view, then the cockpit (ui) and the command line (cli) side
# by side, and main.c over both. No file includes a header of a layer
# above its own, nor the cockpit's and the command line's each other's;
# sqlite3 is included only in src/core, curses only in src/ui, libyaml
# only in src/config. A header belongs to the lowest layer that has a .c
# file of its name (standup.h: src/core/standup.c). Checked on the source
# tree this script stands in; the baton binary it is given goes unused.
# Usage: bash source_layers.sh BATON
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
cd "$SRC" || exit 1
[ -d src/core ] && [ -d include/baton ] || { echo "FAIL: no source tree at $SRC"; exit 1; }

rank() {
    case $1 in
    util) echo 0 ;; core) echo 1 ;; config) echo 2 ;; view) echo 3 ;; ui | cli) echo 4 ;;
    *) echo 9 ;;
    esac
}

# The layer of include/baton/NAME.h.
header_layer() {
    local name=$1 best="" r
    for layer in util core config view ui cli; do
        if [ -f "src/$layer/$name.c" ]; then
            best=$layer
            break
        fi
    done
    case $name in standup_view) best=view ;; esac # its code is src/view/standup.c
    echo "$best"
}

bad=0
checked=0
say() { echo "FAIL: $*"; bad=$((bad + 1)); }

for f in src/*/*.c src/*/*.h include/baton/*.h; do
    if [[ $f == include/* ]]; then
        n=$(basename "$f" .h)
        own=$(header_layer "$n")
        [ -n "$own" ] || { say "$f: no layer has a file $n.c"; continue; }
    else
        own=$(basename "$(dirname "$f")")
    fi
    while read -r h; do
        [ -n "$h" ] || continue
        layer=$(header_layer "$h")
        checked=$((checked + 1))
        if [ -z "$layer" ]; then
            say "$f includes baton/$h.h, which no layer implements"
        elif [ "$(rank "$layer")" -gt "$(rank "$own")" ]; then
            say "$f ($own) includes baton/$h.h of $layer, a layer above it"
        elif [ "$(rank "$layer")" = "$(rank "$own")" ] && [ "$layer" != "$own" ]; then
            say "$f ($own) includes baton/$h.h of $layer: the cockpit and the command line never reach into each other (main.c chooses)"
        fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"baton\/\([a-z_0-9]*\)\.h".*/\1/p' "$f")
    for lib in sqlite3:core curses:ui yaml:config; do
        name=${lib%%:*} allowed=${lib##*:}
        if grep -qE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]([a-z]*/)?n?${name}[a-z]*\.h" "$f" &&
            [ "$own" != "$allowed" ]; then
            say "$f ($own) includes $name, which only src/$allowed may"
        fi
    done
done

# main.c is the only file that sees both the cockpit and the command line.
grep -q '"baton/ui.h"' src/main.c && grep -q '"baton/cli.h"' src/main.c ||
    say "src/main.c should choose between the cockpit (ui.h) and the command line (cli.h)"

[ "$checked" -gt 100 ] || say "only $checked includes were read: is this the source tree?"
[ "$bad" = 0 ] || exit 1
echo "ok: $checked includes, every one to its own layer or one below"
