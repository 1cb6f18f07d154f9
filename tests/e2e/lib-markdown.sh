# Markdown rendering for the end-to-end tests, sourced by the scripts
# that check minutes and reports (this file is not a test itself: run on
# its own it exits 0 at once).
#
# md_need: makes cmark-gfm (GitHub's CommonMark, with tables) available,
# installing it with apt-get when it is missing and this user may; when it
# cannot be had the test reports itself skipped (exit 77, ctest's
# SKIP_RETURN_CODE). md_render FILE prints the HTML. md_check FILE asserts
# that the Markdown renders cleanly: no markup left over as text (a stray
# **, a backslash escape, a pipe of a broken table), no "(null)".
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    exit 0
fi

md_need() {
    command -v cmark-gfm >/dev/null 2>&1 && return 0
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    if command -v apt-get >/dev/null 2>&1; then
        { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive \
            "${sudo[@]}" apt-get install -y cmark-gfm; } >/dev/null 2>&1
    fi
    command -v cmark-gfm >/dev/null 2>&1 && return 0
    echo "SKIP: cmark-gfm is not installed and could not be installed"
    exit 77
}

md_render() { cmark-gfm -e table "$1"; }

# The text a reader sees: the HTML without its tags and entities decoded.
md_text_of() { md_render "$1" | sed -e 's/<[^>]*>//g' -e 's/&gt;/>/g; s/&lt;/</g; s/&quot;/"/g; s/&amp;/\&/g'; }

md_check() {
    local f=$1 html text
    html=$(md_render "$f") || { echo "FAIL: cmark-gfm could not render $f"; return 1; }
    text=$(md_text_of "$f")
    if grep -nE '\*\*|\\[^ ]|^\|' <<<"$text"; then
        echo "FAIL: markup left over as text in the rendered $f (above)"
        return 1
    fi
    if grep -qF "(null)" <<<"$text"; then
        echo "FAIL: (null) in $f"
        return 1
    fi
    # every table row of the source is a row of a rendered table (the
    # line under a heading, "| --- | ---: |", is none)
    local rows trs
    rows=$(grep '^| ' "$f" | grep -cvE '^\| *:?-+:? *\|')
    trs=$(grep -o '<tr>' <<<"$html" | wc -l)
    if [ "$rows" != "$trs" ]; then
        echo "FAIL: $f has $rows table rows, the rendering $trs"
        return 1
    fi
    return 0
}
