#!/bin/bash
# Likely twin projects on the command line: adding a project lists the
# active projects of other departments that say the same thing, the
# closest first; its own department's, finished ones and those sharing
# one word only are not listed, and a project with no twin adds quietly.
source "$(dirname "$0")/lib-cli.sh"

B() { "$BATON" --db "$T/t.db" "$@"; }
run B init
expect_rc 0 "init"
for d in ENG OPS SALES; do
    run B department add $d --name $d
    expect_rc 0 "department add $d"
done
run B project add OPS-1 --title "Customer self-service portal" --dept OPS --status active \
    --description "Customers track deliveries and download invoices online."
expect_rc 0 "project add OPS-1"
run B project add SALES-1 --title "Customer portal refresh" --dept SALES --status done
expect_rc 0 "project add SALES-1"
run B project add ENG-1 --title "Customer portal backend" --dept ENG --status active
expect_rc 0 "project add ENG-1"
expect_out "OPS-1        Customer self-service portal  (OPS)"
no_out "SALES-1"

run B project add SALES-2 --title "A customer portal" --dept SALES
expect_rc 0 "project add SALES-2"
expect_out "SALES-2: added"
expect_out "likely twins in other departments (the same initiative twice?):"
[ "$(sed -n 3p out)" = "  ENG-1        Customer portal backend  (ENG)" ] ||
    fail "the closest twin first, saw: $(cat out)"
[ "$(sed -n 4p out)" = "  OPS-1        Customer self-service portal  (OPS)" ] ||
    fail "then the other, saw: $(cat out)"
no_out "SALES-1"
[ "$(wc -l <out)" = 4 ] || fail "two twins and nothing else, saw: $(cat out)"

# the description's words count; one shared word does not
run B project add ENG-2 --title "Online billing" --dept ENG \
    --description "Download invoices and follow deliveries"
expect_rc 0 "project add ENG-2"
expect_out "likely twin in other departments"
expect_out "OPS-1"
no_out "SALES-2"
run B project add ENG-3 --title "Supplier portal" --dept ENG
expect_rc 0 "project add ENG-3"
[ "$(cat out)" = "ENG-3: added" ] || fail "one shared word is no twin, saw: $(cat out)"

# a title from the data reaches the terminal sanitised
run B project add OPS-2 --title $'Partner \e[31mbilling\e[0m online' --dept OPS --status active
expect_rc 0 "project add OPS-2"
run B project add SALES-3 --title "Partner online billing" --dept SALES
expect_rc 0 "project add SALES-3"
expect_out "OPS-2"
! grep -q $'\e' out || fail "an escape sequence reached the terminal: $(cat -v out)"
echo "ok   likely twins on project add"
