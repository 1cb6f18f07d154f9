# Sourced by end-to-end tests that need something this machine may lack
# (tmux, a second user, a tmpfs): e2e_skip WHAT MESSAGE exits 77, which
# ctest reports as skipped, never as passed. When WHAT is named in
# $BATON_REQUIRE (words separated by spaces or commas, e.g. "tmux", or
# "all"), the test fails instead: CI sets it for what it installs, so a
# required test can never pass by not running.
e2e_skip() {
    local what=$1
    shift
    case " ${BATON_REQUIRE//,/ } " in
    *" $what "* | *" all "*)
        echo "FAIL: $what is required (BATON_REQUIRE=$BATON_REQUIRE) but: $*"
        exit 1
        ;;
    esac
    echo "SKIP: $*"
    exit 77
}
