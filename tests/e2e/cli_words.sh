#!/bin/bash
# Counts read in the singular for one, in the plural otherwise, wherever
# the command line prints them: import and demo, the flow's window, the
# report's departments.
# Usage: bash cli_words.sh BATON
. "$(dirname "$0")/lib-cli.sh"

b() { "$BATON" --db one.db "$@"; }
cat >one.yaml <<'YAML'
organisation: One
departments:
  - {key: ENG, name: Engineering, lead: alice}
people:
  - {login: alice, name: Alice Martin, department: ENG}
projects:
  - {key: ENG-1, title: New billing, department: ENG, owner: alice, status: active}
blockers:
  - {key: B-1, project: ENG-1, title: Waiting for the VAT rules, state: new, raised_by: alice}
indicators:
  - {key: churn, name: Monthly churn, department: ENG, unit: '%', direction: down, target: 2}
YAML
run b import one.yaml
expect_rc 0 "import"
expect_out "one.yaml: 1 department, 1 project, 1 blocker, 1 indicator"
run b demo
expect_rc 2 "demo over an organisation"
expect_err "already holds an organisation (1 department, 1 project)"
run b flow --since 2026-11-25
expect_rc 0 "flow over one day"
expect_out "(1 day)"
run b flow --since 2026-11-20
expect_out "(6 days)"
run b report
expect_rc 0 "report"
expect_out "| ENG Engineering | 1 raised | 1 open blocker |"
b blocker add --project ENG-1 --title "Second" >/dev/null || fail "add"
run b report
expect_out "| ENG Engineering | 2 raised | 2 open blockers |"
grep -qE '(^|[^0-9])1 (departments|projects|blockers|indicators|days|changes|notes|decisions|actions)\b' out &&
    fail "a plural after 1: $(grep -E '(^|[^0-9])1 [a-z]+s\b' out)"
echo ok
