/*
 * What `--help` shows beyond the options: two or three examples for each
 * command (the lines a person copies and adapts), and the groups the
 * top-level help lists the commands in, by what they act on. The
 * examples name the demo organisation's keys and people, so that each can
 * be tried on it as written (tests/e2e/cli_help.sh runs them).
 */
#include <string.h>

#include "baton/cli.h"
#include "baton/str.h"

struct cli_examples {
    const char *name, *verb; /* as in the command table; verb NULL for none */
    const char *lines[CLI_MAX_EXAMPLES + 1]; /* "COMMAND   # what it does" */
};

static const struct cli_examples examples[] = {
    {"init", NULL,
     {"baton init --db ~/acme.db", "baton init --db /srv/baton/acme.db --shared --group acme"}},
    {"demo", NULL,
     {"baton demo --db /tmp/demo.db", "baton demo --db /tmp/big.db --scale 100000 --seed 7"}},
    {"import", NULL, {"baton import acme.yaml", "baton --db /tmp/new.db import acme.yaml"}},
    {"export", NULL,
     {"baton export -o acme.yaml", "baton export --format csv --only blockers",
      "baton export --format md > organisation.md"}},
    {"check", NULL, {"baton check", "baton check --quick", "baton check --repair"}},
    {"config", "check", {"baton config check", "baton config check ~/.config/baton/config.yaml"}},
    {"whoami", NULL, {"baton whoami", "baton whoami --format json"}},
    {"blocker", "list",
     {"baton blocker list --waiting-on FIN", "baton blocker list --breached --format json",
      "baton blocker list --state all --project OPS-1 --sort age"}},
    {"blocker", "count", {"baton blocker count --state new", "baton blocker count --breached --dept OPS"}},
    {"blocker", "show", {"baton blocker show B-3", "baton blocker show B-3 --history 0 --format json"}},
    {"blocker", "add",
     {"baton blocker add --project OPS-1 --title 'Customs broker not appointed'",
      "baton blocker add --project FIN-2 --title 'VAT rules for Poland' --severity 2 "
      "--waiting-on LEGAL --owner pferreira"}},
    {"blocker", "accept",
     {"baton blocker accept B-26 --severity 2 --waiting-on LEGAL",
      "baton blocker accept B-26 --severity 1 --waiting-on LEGAL --owner pferreira"}},
    {"blocker", "start", {"baton blocker start B-3", "baton blocker start B-3 --expect-version 2"}},
    {"blocker", "resolve",
     {"baton blocker resolve B-3", "baton blocker resolve B-3 --note 'Countersigned on Monday'"}},
    {"blocker", "decline",
     {"baton blocker decline B-26 --reason 'Not a blocker: the broker is optional'",
      "baton blocker decline B-26 --reason 'Out of scope' --expect-version 1"}},
    {"blocker", "duplicate",
     {"baton blocker duplicate B-28 --of B-3", "baton blocker duplicate B-28 --of B-3 --reason 'Same lease'"}},
    {"blocker", "snooze",
     {"baton blocker snooze B-26 --until monday", "baton blocker snooze B-26 --until +2w --reason 'After the tender'"}},
    {"blocker", "reopen", {"baton blocker reopen B-9", "baton blocker reopen B-9 --reason 'It came back'"}},
    {"blocker", "escalate", {"baton blocker escalate B-3", "baton blocker escalate B-3 --to amartin"}},
    {"blocker", "edit",
     {"baton blocker edit B-3 --owner pferreira", "baton blocker edit B-3 --severity 2 --needed-by friday",
      "baton blocker edit B-3 --detail ''"}},
    {"blocker", "comment",
     {"baton blocker comment B-3 'Called the landlord; signature expected Friday'",
      "baton blocker comment b-26 \"Broker shortlist sent to Legal\""}},
    {"project", "list",
     {"baton project list", "baton project list --dept OPS --format csv",
      "baton project list --unaligned"}},
    {"project", "add",
     {"baton project add OPS-9 --title 'New depot in Lyon' --dept OPS",
      "baton project add OPS-9 --title 'New depot in Lyon' --dept OPS --owner bdubois "
      "--start 2027-01-04 --due 2027-06-30"}},
    {"project", "edit",
     {"baton project edit OPS-1 --progress 70 --serves DELIVERY,OPS-ROTTERDAM",
      "baton project edit OPS-1 --depends-on ''"}},
    {"objective", "list",
     {"baton objective list", "baton objective list --dept OPS --format json",
      "baton objective list --period 2027-Q1 --status all"}},
    {"objective", "show",
     {"baton objective show OPS-ROTTERDAM", "baton objective show GROWTH --format json"}},
    {"objective", "add",
     {"baton objective add OPS-PEAK --title 'No parcel left behind at peak' --period 2027-Q4 "
      "--dept OPS --parent DELIVERY --owner bdubois",
      "baton objective add PROFIT --title 'Return to profit' --period 2027 --status draft"}},
    {"objective", "edit",
     {"baton objective edit OPS-SCAN --owner tkowalski",
      "baton objective edit MKT-BRAND --status active --description 'Launch the new brand in spring'"}},
    {"objective", "link",
     {"baton objective link OPS-SCAN --indicator pick-accuracy",
      "baton objective link GROWTH --indicator pipeline --baseline 12000000"}},
    {"objective", "unlink",
     {"baton objective unlink OPS-ROTTERDAM --project OPS-1",
      "baton objective unlink CUSTOMERS --indicator churn"}},
    {"objective", "checkin",
     {"baton objective checkin OPS-ROTTERDAM --confidence 4 --note 'Customs broker not appointed'",
      "baton objective checkin SUP-NPS --confidence 8"}},
    {"project", "set", {"baton project set OPS-1 progress 70", "baton project set OPS-1 owner bdubois"}},
    {"project", "show", {"baton project show OPS-1", "baton project show OPS-1 --format json"}},
    {"indicator", "list", {"baton indicator list", "baton indicator list --dept OPS --format json"}},
    {"indicator", "show", {"baton indicator show revenue", "baton indicator show revenue --readings 0"}},
    {"indicator", "record",
     {"baton indicator record revenue 5.1e6", "baton indicator record on-time-delivery 93.5 --at '2026-11-25 17:00'",
      "baton indicator record revenue 5100000 --note 'before the credit notes'"}},
    {"indicator", "import", {"baton indicator import readings.csv", "baton indicator import readings.txt --format csv"}},
    {"indicator", "add",
     {"baton indicator add csat --name 'Customer satisfaction'",
      "baton indicator add refunds --name 'Refund rate' --department SALES --unit % "
      "--direction down --target 2 --amber 3 --red 5"}},
    {"indicator", "edit",
     {"baton indicator edit revenue --target 5e6", "baton indicator edit revenue --red none --stale-days 40"}},
    {"indicator", "set-target",
     {"baton indicator set-target revenue 5e6", "baton indicator set-target revenue 5e6 --amber 4.5e6 --from 2027-01-01"}},
    {"department", "list", {"baton department list", "baton department list --format json"}},
    {"department", "add", {"baton department add QA --name 'Quality'", "baton department add QA --name 'Quality' --lead amartin --order 5"}},
    {"department", "edit", {"baton department edit OPS --lead bdubois", "baton department edit HR --archived yes"}},
    {"standup", "list", {"baton standup list", "baton standup list --limit 5 --format json"}},
    {"standup", "export",
     {"baton standup export", "baton standup export --full > minutes.md", "baton standup export --id 3 --format json"}},
    {"report", NULL, {"baton report", "baton report --full", "baton report --format json"}},
    {"flow", NULL, {"baton flow", "baton flow --dept LEGAL", "baton flow --since 2026-10-01 --format json"}},
    {"person", "list", {"baton person list", "baton person list --dept OPS --format csv"}},
    {"person", "add",
     {"baton person add jdoe --name 'Jane Doe'", "baton person add jdoe --name 'Jane Doe' --dept OPS --title 'Planner'"}},
    {"person", "edit", {"baton person edit abello --dept FIN", "baton person edit abello --title ''"}},
};

const char *const *cli_examples(const char *name, const char *verb)
{
    for (size_t i = 0; i < sizeof examples / sizeof *examples; i++)
        if (strcmp(examples[i].name, name) == 0 && str_eq(examples[i].verb, verb))
            return examples[i].lines;
    return NULL;
}

/* The top-level help's groups, in order; a command is in the group that
 * names its first word. */
static const struct cli_group groups[] = {
    {"Setting up and checking", {"init", "demo", "import", "export", "check", "config", "whoami"}},
    {"Blockers", {"blocker"}},
    {"Projects", {"project"}},
    {"Departments and people", {"department", "person"}},
    {"Indicators", {"indicator"}},
    {"Objectives", {"objective"}},
    {"Stand-ups, reports and the flow", {"standup", "report", "flow"}},
};

const struct cli_group *cli_groups(size_t *n)
{
    *n = sizeof groups / sizeof *groups;
    return groups;
}
