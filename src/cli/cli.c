/*
 * cli: the dispatcher. One constant table names every subcommand with its
 * options, usage and handler; parsing, validation, `--help` and the
 * "did you mean" suggestions are all read from it, so a new subcommand is
 * one row here and one handler in a cmd_*.c file.
 *
 * Before a handler runs, the dispatcher reads the configuration, works out
 * who is acting (the Unix login, never $USER), checks the least role the
 * command needs and opens the database the command asks for. Errors come
 * back as struct err and leave as one line on stderr and an exit code.
 */
#include "baton/cli.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/priv.h"
#include "baton/project.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"
#include "baton/verdict.h"

/* ---- the table ---- */

static const char *const fmt_list[] = {"table", "json", "csv", "md", NULL};
static const char *const fmt_show[] = {"table", "json", NULL};
static const char *const fmt_export[] = {"yaml", "json", "csv", "md", NULL};
static const char *const state_choices[] = {"open",     "closed",    "all",     "new",     "accepted",
                                            "in_progress", "resolved", "declined", "duplicate",
                                            "snoozed",  NULL};
static const char *const kind_choices[] = {"issue", "risk", "dependency", NULL};
static const char *const section_choices[] = {
    "departments", "people",      "projects", "blockers", "indicators", "readings",
    "objectives",  "key_results", "serves",   "checkins", NULL};
static const char *const blocker_sort_choices[] = {
    "urgency", "severity", "key", "title", "project", "waiting-on", "owner", "state", "age", NULL};

static const struct cli_opt opts_init[] = {
    {"shared", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "group mode: the people are in GROUP and share the file (needs --group)"},
    {"secure", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "secure mode: only a baton installed setgid GROUP reaches the file; root only (needs "
     "--group); prints the commands that finish the set-up"},
    {"group", 0, OPT_TEXT, "GROUP", 0, 0, NULL, false,
     "the database's group (with --shared or --secure)"},
    {0},
};

static const struct cli_opt opts_check[] = {
    {"repair", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "first recompute the stored roll-up from the rows (what the check calls stale)"},
    {"quick", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "skip what reads every row (integrity, foreign keys, the roll-up against the rows):"
     " check the schema version and the roll-up's counts against one another"},
    {0},
};

static const struct cli_opt opts_demo[] = {
    {"scale", 0, OPT_INT, "N", 1, 10000000, NULL, false,
     "generate N blockers, N/10 projects, N/100 indicators instead of the demo file"},
    {"seed", 0, OPT_INT, "S", 0, 2147483647, NULL, false,
     "seed of the generated organisation (with --scale; default 1)"},
    {0},
};

static const struct cli_opt opts_export[] = {
    {"output", 'o', OPT_TEXT, "FILE", 0, 0, NULL, false,
     "write to FILE (replaced whole, never half-written) instead of standard output"},
    {"only", 0, OPT_CHOICE, "SECTION", 0, 0, section_choices, false,
     "json, csv, md: only this section, as one plain table"},
    {0},
};

/* The filters of blocker list, which blocker count takes too, so that a
 * count always means the rows the same listing would print. */
#define OPTS_BLOCKER_FILTER                                                                        \
    {"state", 0, OPT_CHOICE, "STATE", 0, 0, state_choices, false,                                  \
     "blockers in this state; open (the default) is every open state, closed is resolved, declined and duplicate"},                            \
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false,                                               \
     "blockers of this department's projects or waiting on it"},                                   \
    {"waiting-on", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "blockers waiting on this department"}, \
    {"severity", 0, OPT_INT, "N", 1, 4, NULL, false, "blockers of this severity (1 = critical)"},  \
    {"breached", 0, OPT_FLAG, NULL, 0, 0, NULL, false, "only open blockers past their SLA"},       \
    {"project", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "blockers of this project"},                \
    {"tag", 0, OPT_TEXT, "TAG", 0, 0, NULL, false, "blockers tagged with TAG"}
static const struct cli_opt opts_blocker_count[] = {OPTS_BLOCKER_FILTER, {0}};
static const struct cli_opt opts_blocker_list[] = {
    OPTS_BLOCKER_FILTER,
    {"sort", 0, OPT_CHOICE, "COLUMN", 0, 0, blocker_sort_choices, false,
     "order (default urgency: breached first, then severity, then oldest)"},
    {"limit", 0, OPT_INT, "N", 1, 100000000, NULL, false, "at most N blockers"},
    {0},
};

static const struct cli_opt opts_blocker_add[] = {
    {"project", 0, OPT_TEXT, "KEY", 0, 0, NULL, true, "the project it blocks"},
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, true,
     "what blocks it, in one line (at most 500 characters)"},
    {"severity", 0, OPT_INT, "N", 1, 4, NULL, false, "1 critical, 2 high, 3 medium, 4 low"},
    {"waiting-on", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "the department that must act"},
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false,
     "the person who must act (a person of the organisation)"},
    {"detail", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "a longer description (at most 64 KiB)"},
    {"kind", 0, OPT_CHOICE, "KIND", 0, 0, kind_choices, false, "default issue"},
    {"needed-by", 0, OPT_DATE, "DATE", 0, 0, NULL, false, "when it must be cleared"},
    {"tags", 0, OPT_TEXT, "A,B", 0, 0, NULL, false,
     "tags, comma-separated keys (letters, digits, '-', '_', '.'), in the order given"},
    {0},
};

static const struct cli_opt opts_escalate[] = {
    {"to", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false,
     "who it goes to, a person of the organisation (default: the waiting-on department's "
     "lead)"},
    OPT_EXPECT,
    {0},
};
static const struct cli_opt opts_record[] = {
    {"at", 0, OPT_TIME, "TIME", 0, 0, NULL, false, "when the value was true (default now)"},
    {"note", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "a note kept with the reading"},
    {0},
};

static const struct cli_opt opts_dept_limit[] = {
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "only this department's"},
    {"limit", 0, OPT_INT, "N", 1, 100000000, NULL, false, "at most N rows"},
    {0},
};

static const char *const fmt_indicator_def[] = {"number", "percent", "currency", "duration",
                                                 NULL};
static const char *const fmt_readings[] = {"csv", "yaml", "yml", NULL};
static const char *const direction_choices[] = {"up", "down", NULL};

#define OPTS_INDICATOR_DEF(name_required)                                                          \
    {"name", 0, OPT_TEXT, "TEXT", 0, 0, NULL, name_required, "what it measures, for people"},      \
    {"department", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false,                                         \
     "the department it belongs to (none: company-wide)"},                                         \
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false,                                         \
     "who answers for it (a person of the organisation)"},                                        \
    {"unit", 0, OPT_TEXT, "UNIT", 0, 0, NULL, false,                                               \
     "%, EUR, tickets ...; a currency code with --format currency, h or days with duration"},      \
    {"direction", 0, OPT_CHOICE, "DIR", 0, 0, direction_choices, false,                            \
     "up: higher is better, down: lower is better"},                                               \
    {"target", 0, OPT_TEXT, "X", 0, 0, NULL, false, "the target (none to clear)"},                 \
    {"amber", 0, OPT_TEXT, "X", 0, 0, NULL, false, "amber threshold (none to clear)"},             \
    {"red", 0, OPT_TEXT, "X", 0, 0, NULL, false, "red threshold (none to clear)"},                 \
    {"stale-days", 0, OPT_INT, "N", 0, 36500, NULL, false,                                         \
     "flag readings older than N days (0 = never)"},                                               \
    {"project", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "a project it follows (none to clear)"}
static const struct cli_opt opts_indicator_add[] = {OPTS_INDICATOR_DEF(true), {0}};
static const struct cli_opt opts_indicator_edit[] = {
    OPTS_INDICATOR_DEF(false),
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,
     "refuse (exit 4) unless the indicator is still at version V, as shown by show"},
    {0},
};
static const struct cli_opt opts_set_target[] = {
    {"amber", 0, OPT_TEXT, "X", 0, 0, NULL, false, "amber threshold (default: kept; none clears)"},
    {"red", 0, OPT_TEXT, "X", 0, 0, NULL, false, "red threshold (default: kept; none clears)"},
    {"from", 0, OPT_TIME, "TIME", 0, 0, NULL, false,
     "in force from then on (default now); earlier readings keep their colour"},
    {0},
};

static const struct cli_opt opts_indicator_show[] = {
    {"readings", 0, OPT_INT, "N", 0, 100000, NULL, false,
     "how many of the latest readings to show (default 10; 0 = all)"},
    {0},
};

static const struct cli_opt opts_history[] = {
    {"history", 0, OPT_INT, "N", 0, 100000, NULL, false,
     "how many of the latest changes to show (default 20; 0 = all)"},
    {0},
};

static const char *const status_choices[] = {"planned", "active", "on_hold", "done",
                                             "cancelled", NULL};
static const char *const health_choices[] = {"green", "amber", "red", "derived", NULL};
static const char *const yesno_choices[] = {"yes", "no", NULL};
static const struct cli_opt opts_blocker_edit[] = {
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "what blocks it, in one line"},
    {"detail", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "a longer description ('' clears)"},
    {"severity", 0, OPT_INT, "N", 1, 4, NULL, false, "1 critical, 2 high, 3 medium, 4 low"},
    {"waiting-on", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "the department that must act"},
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false,
     "the person who must act, a person of the organisation ('' clears)"},
    {"kind", 0, OPT_CHOICE, "KIND", 0, 0, kind_choices, false, "issue, risk or dependency"},
    {"needed-by", 0, OPT_DATE, "DATE", 0, 0, NULL, false, "when it must be cleared ('' clears)"},
    {"tags", 0, OPT_TEXT, "A,B", 0, 0, NULL, false,
     "its tags, comma-separated keys (replaces the list; '' clears)"},
    OPT_EXPECT,
    {0},
};
#define PROJECT_FIELDS                                                                           \
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false, "who is accountable (a person)"},         \
    {"status", 0, OPT_CHOICE, "STATUS", 0, 0, status_choices, false,                             \
     "a new project starts planned"},                                                            \
    {"health", 0, OPT_CHOICE, "HEALTH", 0, 0, health_choices, false,                             \
     "set by hand; derived (the default) follows the rules"},                                    \
    {"progress", 0, OPT_INT, "N", 0, 100, NULL, false, "percent done"},                          \
    {"start", 0, OPT_DATE, "DATE", 0, 0, NULL, false, "when work starts"},                       \
    {"due", 0, OPT_DATE, "DATE", 0, 0, NULL, false, "when it is due (not before the start)"},    \
    {"description", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "what it delivers"},                 \
    {"depends-on", 0, OPT_TEXT, "KEYS", 0, 0, NULL, false,                                       \
     "projects it depends on, comma-separated (replaces the list; '' clears)"},                  \
    {"serves", 0, OPT_TEXT, "KEYS", 0, 0, NULL, false,                                           \
     "objectives it serves, comma-separated (replaces the list; '' clears)"}
static const struct cli_opt opts_project_add[] = {
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, true, "the project's name"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, true, "the department that owns it"},
    PROJECT_FIELDS,
    {0},
};
static const struct cli_opt opts_project_edit[] = {
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "the project's name"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "the department that owns it"},
    PROJECT_FIELDS,
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,
     "refuse (exit 4) unless the project is still at version V"},
    {0},
};
static const struct cli_opt opts_project_list[] = {
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "only this department's"},
    {"limit", 0, OPT_INT, "N", 1, 100000000, NULL, false, "at most N rows"},
    {"unaligned", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "only active projects that serve no objective and are no objective's key result"},
    {0},
};

static const char *const objective_status_choices[] = {"active", "draft", "done", "dropped",
                                                       NULL};
static const char *const objective_list_status_choices[] = {"active", "draft", "done",
                                                            "dropped", "all", NULL};
static const struct cli_opt opts_objective_list[] = {
    {"period", 0, OPT_TEXT, "PERIOD", 0, 0, NULL, false,
     "only objectives within it: 2027, 2027-H1 or 2027-Q1"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "only this department's ('-': the company's)"},
    {"parent", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "only those directly under this objective"},
    {"status", 0, OPT_CHOICE, "STATUS", 0, 0, objective_list_status_choices, false,
     "only this status (default: active and draft; all for every one)"},
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false, "only this person's"},
    {0},
};
#define OBJECTIVE_FIELDS_OPTS(req)                                                              \
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, req, "what it means to achieve, in one line"},      \
    {"period", 0, OPT_TEXT, "PERIOD", 0, 0, NULL, req,                                            \
     "when: a year (2027), a half (2027-H1) or a quarter (2027-Q1)"},                             \
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false,                                              \
     "the department whose objective it is (none, or '': the company's)"},                        \
    {"parent", 0, OPT_TEXT, "KEY", 0, 0, NULL, false,                                             \
     "the objective it contributes to ('' clears)"},                                              \
    {"owner", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false,                                            \
     "who answers for it and checks in (a person; '' clears)"},                                    \
    {"status", 0, OPT_CHOICE, "STATUS", 0, 0, objective_status_choices, false,                    \
     "active (the default), draft, done or dropped"},                                             \
    {"description", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "why it matters ('' clears)"}
static const struct cli_opt opts_objective_add[] = {OBJECTIVE_FIELDS_OPTS(true), {0}};
static const struct cli_opt opts_objective_edit[] = {
    OBJECTIVE_FIELDS_OPTS(false),
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,
     "refuse (exit 4) unless the objective is still at version V, as shown by show"},
    {0},
};
static const struct cli_opt opts_objective_show[] = {
    {"checkins", 0, OPT_INT, "N", 0, 100000, NULL, false,
     "how many of the latest check-ins to show (default 10; 0 = all)"},
    {"history", 0, OPT_INT, "N", 0, 100000, NULL, false,
     "how many of the latest changes to show (default 20; 0 = all)"},
    {0},
};
static const struct cli_opt opts_objective_link[] = {
    {"indicator", 0, OPT_TEXT, "KEY", 0, 0, NULL, false,
     "an indicator: progress is how far it moved from its baseline toward its target"},
    {"project", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "a project: progress is the project's"},
    {"baseline", 0, OPT_TEXT, "X", 0, 0, NULL, false,
     "the indicator's value when the period began (default: read from its readings)"},
    {0},
};
static const struct cli_opt opts_objective_unlink[] = {
    {"indicator", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "the indicator to unlink"},
    {"project", 0, OPT_TEXT, "KEY", 0, 0, NULL, false, "the project to unlink"},
    {0},
};
static const struct cli_opt opts_objective_checkin[] = {
    {"confidence", 0, OPT_INT, "N", 1, 10, NULL, true,
     "how sure you are it will be met: 1 (not at all) to 10 (certain)"},
    {"note", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "why, in a sentence or two"},
    {0},
};

static const struct cli_opt opts_department_add[] = {
    {"name", 0, OPT_TEXT, "TEXT", 0, 0, NULL, true, "the department's name"},
    {"lead", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false, "who leads it"},
    {"order", 0, OPT_INT, "N", -1000000, 1000000, NULL, false, "sort order in lists"},
    {0},
};
static const struct cli_opt opts_department_edit[] = {
    {"name", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "the department's name"},
    {"lead", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false, "who leads it ('' clears)"},
    {"order", 0, OPT_INT, "N", -1000000, 1000000, NULL, false, "sort order in lists"},
    {"archived", 0, OPT_CHOICE, "yes|no", 0, 0, yesno_choices, false, "hide it from lists"},
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,
     "refuse (exit 4) unless the department is still at version V"},
    {0},
};
static const struct cli_opt opts_person_add[] = {
    {"name", 0, OPT_TEXT, "TEXT", 0, 0, NULL, true, "the person's full name"},
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "job title"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "home department"},
    {0},
};
static const struct cli_opt opts_person_edit[] = {
    {"name", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "the person's full name"},
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, false, "job title ('' clears)"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false, "home department ('' clears)"},
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,
     "refuse (exit 4) unless the person is still at version V"},
    {0},
};

static const char *const fmt_minutes[] = {"md", "json", NULL};
static const char *const fmt_report[] = {"md", "json", "csv", NULL};
static const struct cli_opt opts_standup_list[] = {
    {"limit", 0, OPT_INT, "N", 1, 100000000, NULL, false, "at most N stand-ups"},
    {0},
};
static const struct cli_opt opts_standup_export[] = {
    {"last", 0, OPT_FLAG, NULL, 0, 0, NULL, false, "the newest stand-up (the default)"},
    {"id", 0, OPT_INT, "N", 1, 2147483647, NULL, false, "stand-up N (see 'baton standup list')"},
    {"full", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "add the detail by department (every verdict, blocker, project at risk and indicator)"
     " and the flow's figures per department waited on"},
    {0},
};
static const struct cli_opt opts_report[] = {
    {"full", 0, OPT_FLAG, NULL, 0, 0, NULL, false,
     "add the detail by department (every verdict, blocker, project at risk and indicator)"
     " and the flow's figures per department waited on"},
    {0},
};

static const struct cli_opt opts_flow[] = {
    {"since", 0, OPT_TIME, "DATE", 0, 0, NULL, false,
     "start of the window (default 30 days ago); trends compare with as long before it"},
    {"dept", 0, OPT_TEXT, "DEPT", 0, 0, NULL, false,
     "only this department's row and column, figures and aging"},
    {0},
};

static struct cli_cmd commands[] = {
    {"init", NULL, "", 0, 0, "create a database", opts_init, NULL, NEED_CONFIG, ACT_CREATE_DATABASE,
     cmd_init},
    {"demo", NULL, "", 0, 0, "fill an empty database with a demo organisation", opts_demo, NULL,
     NEED_DB_CREATE, ACT_GENERATE_DEMO, cmd_demo},
    {"import", NULL, "FILE.yaml", 1, 1,
     "bring an organisation file into the database (by key; idempotent)", NULL, NULL,
     NEED_DB_CREATE, ACT_IMPORT, cmd_import},
    {"export", NULL, "", 0, 0, "write the whole organisation (yaml is the organisation file)",
     opts_export, fmt_export, NEED_DB, ACT_READ, cmd_export},
    {"check", NULL, "", 0, 0,
     "check the database's integrity, the model's rules, roll-up and schema version",
     opts_check, NULL, NEED_DB, ACT_READ, cmd_check},
    {"config", "check", "[FILE]", 0, 1,
     "check configuration files without opening the database", NULL, NULL, NEED_NOTHING,
     ACT_READ, cmd_config_check},
    {"whoami", NULL, "", 0, 0, "who you are to baton: login, role, departments led", NULL,
     fmt_show, NEED_CONFIG, ACT_READ, cmd_whoami},
    {"blocker", "list", "", 0, 0,
     "list blockers, most urgent first, with where each stands against its SLA", opts_blocker_list,
     fmt_list, NEED_DB, ACT_READ, cmd_blocker_list},
    {"blocker", "count", "", 0, 0,
     "count the blockers blocker list would list (same filters); prints the number",
     opts_blocker_count, fmt_list, NEED_DB, ACT_READ, cmd_blocker_list},
    {"blocker", "show", "KEY", 1, 1, "every field of a blocker, and its history", opts_history,
     fmt_show, NEED_DB, ACT_READ, cmd_blocker_show},
    {"blocker", "add", "", 0, 0, "raise a blocker; prints its key", opts_blocker_add, NULL,
     NEED_DB, ACT_READ, cmd_blocker_add},
    /* the verdicts: their help and options are their rows of the verdict table */
    {"blocker", "accept", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ, cmd_blocker_verdict},
    {"blocker", "start", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ, cmd_blocker_verdict},
    {"blocker", "resolve", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ,
     cmd_blocker_verdict},
    {"blocker", "decline", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ,
     cmd_blocker_verdict},
    {"blocker", "duplicate", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ,
     cmd_blocker_verdict},
    {"blocker", "snooze", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ, cmd_blocker_verdict},
    {"blocker", "reopen", "KEY", 1, 1, NULL, NULL, NULL, NEED_DB, ACT_READ, cmd_blocker_verdict},
    {"blocker", "escalate", "KEY", 1, 1, "raise the escalation level and restart the SLA clock",
     opts_escalate, NULL, NEED_DB, ACT_READ, cmd_blocker_escalate},
    {"blocker", "edit", "KEY", 1, 1, "change a blocker's fields (only those named)",
     opts_blocker_edit, NULL, NEED_DB, ACT_READ, cmd_blocker_edit},
    {"blocker", "comment", "KEY TEXT", 2, 2, "add a comment to a blocker's history", NULL, NULL,
     NEED_DB, ACT_READ, cmd_blocker_comment},
    {"project", "list", "", 0, 0, "list projects", opts_project_list, fmt_list, NEED_DB,
     ACT_READ, cmd_project_list},
    {"project", "add", "KEY", 1, 1, "add a project, then list its likely twins in other departments", opts_project_add, NULL, NEED_DB,
     ACT_READ, cmd_project_add},
    {"project", "edit", "KEY", 1, 1, "change a project's fields (only those named)",
     opts_project_edit, NULL, NEED_DB, ACT_READ, cmd_project_edit},
    {"project", "set", "KEY FIELD VALUE", 3, 3,
     "set one field: title, owner, status, health, progress, start, due, description, dept",
     NULL, NULL, NEED_DB, ACT_READ, cmd_project_set},
    {"project", "show", "KEY", 1, 1, "every field of a project, and its history", opts_history,
     fmt_show, NEED_DB, ACT_READ, cmd_project_show},
    {"objective", "list", "", 0, 0,
     "list objectives as a tree (company, then departments'), neither done nor dropped, "
     "with progress, health and confidence", opts_objective_list, fmt_list, NEED_DB, ACT_READ,
     cmd_objective_list},
    {"objective", "show", "KEY", 1, 1,
     "an objective's fields, key results, check-ins, the projects that serve it, its history",
     opts_objective_show, fmt_show, NEED_DB, ACT_READ, cmd_objective_show},
    {"objective", "add", "KEY", 1, 1, "add an objective (active unless --status says otherwise)",
     opts_objective_add, NULL, NEED_DB, ACT_READ, cmd_objective_add},
    {"objective", "edit", "KEY", 1, 1, "change an objective's fields (only those named)",
     opts_objective_edit, NULL, NEED_DB, ACT_READ, cmd_objective_edit},
    {"objective", "link", "KEY", 1, 1, "measure an objective by an indicator or a project",
     opts_objective_link, NULL, NEED_DB, ACT_READ, cmd_objective_link},
    {"objective", "unlink", "KEY", 1, 1, "remove a key result from an objective",
     opts_objective_unlink, NULL, NEED_DB, ACT_READ, cmd_objective_unlink},
    {"objective", "checkin", "KEY", 1, 1,
     "record your confidence that an objective will be met (1-10)", opts_objective_checkin,
     NULL, NEED_DB, ACT_READ, cmd_objective_checkin},
    {"indicator", "list", "", 0, 0, "list indicators with their latest value", opts_dept_limit,
     fmt_list, NEED_DB, ACT_READ, cmd_indicator_list},
    {"indicator", "show", "KEY", 1, 1, "every field of an indicator, and its latest readings",
     opts_indicator_show, fmt_show, NEED_DB, ACT_READ, cmd_indicator_show},
    {"indicator", "record", "KEY VALUE", 2, 2, "record a reading (a second one at the same time "
     "replaces the first)", opts_record, NULL, NEED_DB, ACT_READ, cmd_indicator_record},
    {"indicator", "import", "FILE", 1, 1,
     "record readings from CSV (key,at,value[,note]) or YAML, all or none", NULL, fmt_readings,
     NEED_DB, ACT_READ, cmd_indicator_import},
    {"indicator", "add", "KEY", 1, 1, "define an indicator (--format is how values read)",
     opts_indicator_add, fmt_indicator_def, NEED_DB, ACT_READ, cmd_indicator_add},
    {"indicator", "edit", "KEY", 1, 1, "change an indicator's definition (a new target applies "
     "from now)", opts_indicator_edit, fmt_indicator_def, NEED_DB, ACT_READ, cmd_indicator_edit},
    {"indicator", "set-target", "KEY VALUE", 2, 2,
     "set the target (and thresholds) in force from a time on", opts_set_target, NULL, NEED_DB,
     ACT_READ, cmd_indicator_set_target},
    {"department", "list", "", 0, 0, "list departments with their roll-up", opts_dept_limit,
     fmt_list, NEED_DB, ACT_READ, cmd_department_list},
    {"standup", "list", "", 0, 0, "list past stand-ups, the newest first", opts_standup_list,
     fmt_list, NEED_DB, ACT_READ, cmd_standup_list},
    {"standup", "export", "", 0, 0, "print a stand-up's minutes (default the last one): a brief of one screen; --full adds the detail by department",
     opts_standup_export, fmt_minutes, NEED_DB, ACT_READ, cmd_standup_export},
    {"report", NULL, "", 0, 0, "the stand-up's picture for now: changes since the last one (or a day, with none yet), "
     "blockers, projects at risk, indicators off target", opts_report, fmt_report, NEED_DB,
     ACT_READ, cmd_report},
    {"flow", NULL, "", 0, 0, "who waits on whom: open blockers between departments, the "
     "bottleneck, answer and resolution times, aging", opts_flow, fmt_list, NEED_DB, ACT_READ,
     cmd_flow},
    {"department", "add", "KEY", 1, 1, "add a department", opts_department_add, NULL, NEED_DB,
     ACT_READ, cmd_department_add},
    {"department", "edit", "KEY", 1, 1, "change a department (only the fields named)",
     opts_department_edit, NULL, NEED_DB, ACT_READ, cmd_department_edit},
    {"person", "list", "", 0, 0, "list people, by login", opts_dept_limit, fmt_list, NEED_DB,
     ACT_READ, cmd_person_list},
    {"person", "add", "LOGIN", 1, 1, "add a person", opts_person_add, NULL, NEED_DB, ACT_READ,
     cmd_person_add},
    {"person", "edit", "LOGIN", 1, 1, "change a person (only the fields named)", opts_person_edit,
     NULL, NEED_DB, ACT_READ, cmd_person_edit},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

/* The verdicts' rows take their help and options from the verdict table. */
static void fill_verdict_rows(void)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const struct verdict_rule *r = commands[i].run == cmd_blocker_verdict
                                           ? verdict_rule_named(commands[i].verb)
                                           : NULL;
        if (r) {
            commands[i].help = r->help;
            commands[i].opts = cli_verdict_opts(r->verb);
        }
    }
}

/* Options every command takes, before or after its name. */
enum { G_DB, G_CONFIG, G_THEME, G_AS, G_FORMAT, G_HELP, G_VERSION, G_COUNT };
static const struct cli_opt globals[] = {
    [G_DB] = {"db", 0, OPT_TEXT, "PATH", 0, 0, NULL, false,
              "the database; else $BATON_DB, the configuration's database:, "
              "$XDG_DATA_HOME/baton/baton.db"},
    [G_CONFIG] = {"config", 0, OPT_TEXT, "FILE", 0, 0, NULL, false,
                  "read FILE after /etc/baton/config.yaml and "
                  "$XDG_CONFIG_HOME/baton/config.yaml; it may set all but roles"},
    [G_THEME] = {"theme", 0, OPT_TEXT, "NAME", 0, 0, NULL, false, "the cockpit's colour theme"},
    [G_AS] = {"as", 0, OPT_TEXT, "LOGIN", 0, 0, NULL, false, "act as LOGIN (root only)"},
    [G_FORMAT] = {"format", 0, OPT_TEXT, "F", 0, 0, NULL, false,
                  "output format; which ones apply is in each command's --help"},
    [G_HELP] = {"help", 'h', OPT_FLAG, NULL, 0, 0, NULL, false, "show help and exit"},
    [G_VERSION] = {"version", 0, OPT_FLAG, NULL, 0, 0, NULL, false, "print the version and exit"},
};

/* ---- lookups ---- */

static const struct cli_opt *opt_find(const struct cli_opt *opts, size_t n, const char *name,
                                      char short_name, size_t *idx)
{
    for (size_t i = 0; i < n; i++) {
        if ((name && strcmp(opts[i].name, name) == 0) ||
            (!name && short_name && opts[i].short_name == short_name)) {
            *idx = i;
            return &opts[i];
        }
    }
    return NULL;
}

static bool group_exists(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return true;
    return false;
}

static const struct cli_cmd *cmd_find(const char *name, const char *verb)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0 && str_eq(commands[i].verb, verb))
            return &commands[i];
    return NULL;
}

static const char *suggest_option(const struct cli_cmd *cmd, const char *typed)
{
    const char *cands[CLI_MAX_OPTS + G_COUNT];
    size_t n = 0;
    for (size_t i = 0; i < G_COUNT; i++)
        cands[n++] = globals[i].name;
    for (size_t i = 0; cmd && i < cli_opt_count(cmd->opts) && n < sizeof cands / sizeof *cands; i++)
        cands[n++] = cmd->opts[i].name;
    return cli_suggest(typed, cands, n);
}

/* ---- help ---- */

#define HELP_COL 27   /* where descriptions start */
#define HELP_WIDTH 79 /* and where they wrap */

/* Appends "  left   text" with text wrapped at word boundaries, its
 * continuation lines indented under its first. */
static void help_line(struct strbuf *sb, const char *left, const char *text)
{
    /* at least two blanks between the two, else the text on a line of its own */
    if ((int)strlen(left) > HELP_COL - 4)
        sb_addf(sb, "  %s\n%*s", left, HELP_COL, "");
    else
        sb_addf(sb, "  %-*s ", HELP_COL - 3, left);
    int col = HELP_COL;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (col > HELP_COL && col + 1 + (int)n > HELP_WIDTH) {
            sb_addf(sb, "\n%*s", HELP_COL, "");
            col = HELP_COL;
        } else if (col > HELP_COL) {
            sb_addc(sb, ' ');
            col++;
        }
        sb_addn(sb, p, n);
        col += (int)n;
        p += n;
        while (*p == ' ')
            p++;
    }
    sb_addc(sb, '\n');
}

static void help_opt_line(struct strbuf *sb, const struct cli_opt *o)
{
    struct strbuf left, text;
    sb_init(&left);
    sb_init(&text);
    if (o->short_name)
        sb_addf(&left, "-%c, ", o->short_name);
    sb_addf(&left, "--%s", o->name);
    if (o->metavar)
        sb_addf(&left, " %s", o->metavar);
    sb_add(&text, o->help);
    if (o->type == OPT_CHOICE) {
        sb_add(&text, "; one of ");
        for (size_t i = 0; o->choices[i]; i++)
            sb_addf(&text, "%s%s", i ? ", " : "", o->choices[i]);
    } else if (o->type == OPT_INT) {
        sb_addf(&text, " (%ld-%ld)", o->min, o->max);
    }
    if (o->required)
        sb_add(&text, " [required]");
    help_line(sb, sb_str(&left), sb_str(&text));
    sb_fini(&left);
    sb_fini(&text);
}

static void help_usage_cmd(struct strbuf *sb, const struct cli_cmd *cmd)
{
    char title[64];
    cli_cmd_title(cmd, title, sizeof title);
    sb_addf(sb, "baton %s", title);
    for (size_t i = 0; i < cli_opt_count(cmd->opts); i++)
        if (cmd->opts[i].required)
            sb_addf(sb, " --%s %s", cmd->opts[i].name, cmd->opts[i].metavar);
    if (cli_opt_count(cmd->opts) || cmd->formats)
        sb_add(sb, " [OPTIONS]");
    if (*cmd->args)
        sb_addf(sb, " %s", cmd->args);
}

static void help_top(struct strbuf *sb)
{
    sb_add(sb, "Usage: baton [OPTIONS]                    open the cockpit\n"
               "       baton [OPTIONS] COMMAND [ARGS]     run one command\n\n"
               "baton is a terminal cockpit for cross-department coordination: departments,\n"
               "projects, what blocks them and the indicators that say whether the plan works.\n\n"
               "Commands, by what they act on:\n\n");
    size_t n_groups;
    const struct cli_group *groups = cli_groups(&n_groups);
    for (size_t g = 0; g < n_groups; g++) {
        sb_addf(sb, "%s%s:\n", g ? "\n" : "", groups[g].title);
        for (size_t i = 0; i < N_COMMANDS; i++) {
            bool in = false;
            for (size_t k = 0; groups[g].names[k]; k++)
                in |= strcmp(groups[g].names[k], commands[i].name) == 0;
            if (!in)
                continue;
            char title[64], left[96];
            cli_cmd_title(&commands[i], title, sizeof title);
            snprintf(left, sizeof left, "%s%s%s", title, *commands[i].args ? " " : "",
                     commands[i].args);
            help_line(sb, left, commands[i].help);
        }
    }
    sb_add(sb, "\nOptions (before or after the command):\n");
    for (size_t i = 0; i < G_COUNT; i++)
        help_opt_line(sb, &globals[i]);
    sb_add(sb, "\nTimes are stored in UTC (json and csv keep it); you see and type them in $TZ,\n"
               "else the configuration's timezone:, else the organisation's.\n");
    sb_add(sb, "\nText: keys are 1 to 32 letters, digits, '-', '_' or '.'; names and titles at\n"
               "most 500 characters; details, descriptions, notes, reasons and comments at most\n"
               "64 KiB; all of it UTF-8. Other text is refused (exit 2). A key typed in another\n"
               "case is the one key it matches (b-3 is B-3).\n");
    sb_add(sb, "\nExit codes: 0 ok, 1 runtime failure, 2 bad usage or input, 3 permission denied,\n"
               "4 conflict (a stale edit, or a transition the state does not allow).\n"
               "Run 'baton COMMAND --help' for a command's options; 'man baton' for more.\n");
}

/* "Examples:" and each example indented, a long one continued (" \\")
 * before an option, so that it can still be copied as it stands. */
static void help_examples(struct strbuf *sb, const char *const *ex)
{
    if (!ex || !ex[0])
        return;
    sb_add(sb, "\nExamples:\n");
    for (size_t i = 0; ex[i]; i++) {
        const char *p = ex[i];
        int indent = 2;
        while (*p) {
            size_t n = strlen(p), cut = n;
            if (indent + (int)n > HELP_WIDTH) {
                /* the last " --" that leaves the line short enough */
                cut = 0;
                for (const char *q = strstr(p + 1, " --"); q; q = strstr(q + 1, " --"))
                    if (indent + (int)(q - p) + 2 <= HELP_WIDTH)
                        cut = (size_t)(q - p);
                if (!cut)
                    cut = n;
            }
            sb_addf(sb, "%*s%.*s%s\n", indent, "", (int)cut, p, cut < n ? " \\" : "");
            p += cut;
            while (*p == ' ')
                p++;
            indent = 6;
        }
    }
}

static void help_group(struct strbuf *sb, const char *group)
{
    sb_addf(sb, "Usage: baton %s VERB [OPTIONS] [ARGS]\n\nVerbs:\n", group);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, group) != 0 || !commands[i].verb)
            continue;
        char left[96];
        snprintf(left, sizeof left, "%s%s%s", commands[i].verb, *commands[i].args ? " " : "",
                 commands[i].args);
        help_line(sb, left, commands[i].help);
    }
    sb_addf(sb, "\nRun 'baton %s VERB --help' for a verb's options.\n", group);
    /* the first example of the first verbs */
    const char *ex[CLI_MAX_EXAMPLES + 1] = {0};
    size_t n = 0;
    for (size_t i = 0; i < N_COMMANDS && n < CLI_MAX_EXAMPLES; i++) {
        const char *const *mine = strcmp(commands[i].name, group) == 0
                                      ? cli_examples(commands[i].name, commands[i].verb)
                                      : NULL;
        if (mine && mine[0])
            ex[n++] = mine[0];
    }
    help_examples(sb, ex);
}

/* What --format means for a command, by the set of formats it takes. */
static const char *format_help(const char *const *formats)
{
    static const struct {
        const char *const *formats;
        const char *help;
    } meaning[] = {
        {fmt_export, "output format, default yaml"},
        {fmt_indicator_def, "how values read, default number"},
        {fmt_readings, "input format; by default from the file's extension"},
        {fmt_minutes, "output format, default md"},
        {fmt_report, "output format, default md"},
    };
    for (size_t i = 0; i < sizeof meaning / sizeof meaning[0]; i++)
        if (meaning[i].formats == formats)
            return meaning[i].help;
    return "output format, default table";
}

static void help_cmd(struct strbuf *sb, const struct cli_cmd *cmd)
{
    sb_add(sb, "Usage: ");
    help_usage_cmd(sb, cmd);
    /* the one line of the table as a sentence, wrapped at the help's width */
    char *sentence = xasprintf("%c%s.", toupper((unsigned char)cmd->help[0]), cmd->help + 1);
    sb_add(sb, "\n\n");
    for (const char *p = sentence; *p;) {
        size_t n = strlen(p);
        if (n > HELP_WIDTH) {
            n = HELP_WIDTH;
            while (n && p[n] != ' ')
                n--;
            if (!n)
                n = strcspn(p, " ");
        }
        sb_addf(sb, "%.*s\n", (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
    free(sentence);
    size_t n = cli_opt_count(cmd->opts);
    if (n || cmd->formats) {
        sb_add(sb, "\nOptions:\n");
        for (size_t i = 0; i < n; i++)
            help_opt_line(sb, &cmd->opts[i]);
        if (cmd->formats) {
            struct cli_opt f = globals[G_FORMAT];
            f.type = OPT_CHOICE;
            f.choices = cmd->formats;
            f.help = format_help(cmd->formats);
            help_opt_line(sb, &f);
        }
        bool time = false, date = false;
        for (size_t i = 0; i < n; i++) {
            time |= cmd->opts[i].type == OPT_TIME;
            date |= cmd->opts[i].type == OPT_DATE;
        }
        if (time || date)
            sb_add(sb, "\nValues:\n");
        if (time)
            help_line(sb, "TIME", TIME_INPUT_HELP);
        if (date)
            help_line(sb, "DATE", DATE_INPUT_HELP);
    }
    sb_add(sb, "\nGlobal options: --db PATH, --config FILE, --theme NAME, --as LOGIN\n"
               "(see 'baton --help').\n");
    help_examples(sb, cli_examples(cmd->name, cmd->verb));
}

/* ---- parsing ---- */

/* Checks a value as typed; times are read again in the person's zone once
 * it is known (resolve_times), so a time the clocks skip or repeat there
 * passes here. */
static int check_value(const struct cli_opt *o, const char *v, struct err *e)
{
    long n;
    btime t;
    char date[16];
    struct err why;
    switch (o->type) {
    case OPT_FLAG:
    case OPT_TEXT:
        return 0;
    case OPT_INT:
        if (!str_to_long(v, &n) || n < o->min || n > o->max)
            return err_set(e, ERR_USAGE, "--%s wants a whole number from %ld to %ld, not '%s'",
                           o->name, o->min, o->max, v);
        return 0;
    case OPT_TIME:
        if (time_input(v, time_now(), &t, &why) < 0 && !strstr(why.msg, "(the clocks"))
            return err_set(e, ERR_USAGE, "--%s: %s", o->name, why.msg);
        return 0;
    case OPT_DATE:
        if (*v && time_input_date(v, time_now(), date, &why) < 0)
            return err_set(e, ERR_USAGE, "--%s: %s", o->name, why.msg);
        return 0;
    case OPT_CHOICE: {
        size_t k = 0;
        for (; o->choices[k]; k++)
            if (strcmp(o->choices[k], v) == 0)
                return 0;
        struct strbuf list;
        sb_init(&list);
        for (size_t i = 0; o->choices[i]; i++)
            sb_addf(&list, "%s%s", i ? ", " : "", o->choices[i]);
        const char *near = cli_suggest(v, (const char *const *)o->choices, k);
        err_set(e, ERR_USAGE, "--%s must be one of %s, not '%s'%s%s%s", o->name, sb_str(&list), v,
                near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        sb_fini(&list);
        return -ERR_USAGE;
    }
    }
    return 0;
}

struct parse {
    const char *group;          /* the command's name, once seen */
    const char *help, *version; /* "1" once given */
};

static int unknown_option(const struct cli_cmd *cmd, const struct parse *p, const char *arg,
                          const char *name, struct err *e)
{
    char title[64] = "";
    if (cmd)
        cli_cmd_title(cmd, title, sizeof title);
    else if (p->group)
        snprintf(title, sizeof title, "%s", p->group);
    const char *near = name ? suggest_option(cmd, name) : NULL;
    if (near)
        return err_set(e, ERR_USAGE, "unknown option '%s'%s%s%s (did you mean '--%s'?)", arg,
                       *title ? " for '" : "", title, *title ? "'" : "", near);
    return err_set(e, ERR_USAGE, "unknown option '%s'%s%s%s; see 'baton %s%s--help'", arg,
                   *title ? " for '" : "", title, *title ? "'" : "", title, *title ? " " : "");
}

/* Where each global option's value goes (a flag's is "1"): a field of
 * the context, or of the parse for those that stop it. */
static const struct {
    bool of_parse;
    size_t at;
} global_dest[G_COUNT] = {
    [G_DB] = {false, offsetof(struct cli, db_opt)},
    [G_CONFIG] = {false, offsetof(struct cli, config_opt)},
    [G_THEME] = {false, offsetof(struct cli, theme)},
    [G_AS] = {false, offsetof(struct cli, as)},
    [G_FORMAT] = {false, offsetof(struct cli, format_s)},
    [G_HELP] = {true, offsetof(struct parse, help)},
    [G_VERSION] = {true, offsetof(struct parse, version)},
};

static void set_global(struct cli *c, struct parse *p, size_t idx, const char *v)
{
    char *base = global_dest[idx].of_parse ? (char *)p : (char *)c;
    memcpy(base + global_dest[idx].at, &v, sizeof v);
}

static int parse_word(struct cli *c, struct parse *p, const char *w, struct err *e)
{
    if (!p->group) {
        if (!group_exists(w)) {
            const char *cands[N_COMMANDS];
            for (size_t i = 0; i < N_COMMANDS; i++)
                cands[i] = commands[i].name;
            const char *near = cli_suggest(w, cands, N_COMMANDS);
            if (near)
                return err_set(e, ERR_USAGE, "unknown command '%s' (did you mean '%s'?)", w,
                               near);
            return err_set(e, ERR_USAGE, "unknown command '%s'; see 'baton --help'", w);
        }
        p->group = w;
        c->cmd = cmd_find(w, NULL);
        return 0;
    }
    if (!c->cmd) {
        c->cmd = cmd_find(p->group, w);
        if (c->cmd) {
            c->cmd = cli_described(c, c->cmd);
            return 0;
        }
        const char *cands[N_COMMANDS];
        size_t n = 0;
        for (size_t i = 0; i < N_COMMANDS; i++)
            if (strcmp(commands[i].name, p->group) == 0 && commands[i].verb)
                cands[n++] = commands[i].verb;
        const char *near = cli_suggest(w, cands, n);
        if (near)
            return err_set(e, ERR_USAGE, "unknown verb '%s' for '%s' (did you mean '%s'?)", w,
                           p->group, near);
        return err_set(e, ERR_USAGE, "unknown verb '%s' for '%s'; see 'baton %s --help'", w,
                       p->group, p->group);
    }
    if (c->n_args >= c->cmd->max_args || c->n_args >= CLI_MAX_ARGS) {
        char title[64];
        cli_cmd_title(c->cmd, title, sizeof title);
        return err_set(e, ERR_USAGE, "unexpected argument '%s' for '%s'; see 'baton %s --help'",
                       w, title, title);
    }
    c->args[c->n_args++] = w;
    return 0;
}

static int parse_args(struct cli *c, struct parse *p, int argc, char **argv, struct err *e)
{
    bool words_only = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* "-5" is a value (a reading below zero), not an option. */
        bool negative = a[0] == '-' && (isdigit((unsigned char)a[1]) ||
                                         (a[1] == '.' && isdigit((unsigned char)a[2])));
        if (words_only || a[0] != '-' || a[1] == '\0' || negative) {
            if (parse_word(c, p, a, e) < 0)
                return -e->code;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            words_only = true;
            continue;
        }
        char name[64] = "";
        const char *inline_val = NULL;
        char short_name = 0;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, a + 2, n);
            name[n] = '\0';
            inline_val = eq ? eq + 1 : NULL;
        } else {
            short_name = a[1];
            inline_val = a[2] ? a + 2 : NULL;
        }
        const char *key = short_name ? NULL : name;
        size_t idx;
        const struct cli_opt *o = opt_find(globals, G_COUNT, key, short_name, &idx);
        bool global = o != NULL;
        if (!o && c->cmd)
            o = opt_find(c->cmd->opts, cli_opt_count(c->cmd->opts), key, short_name, &idx);
        if (!o)
            return unknown_option(c->cmd, p, a, short_name ? NULL : name, e);
        const char *v = "1";
        if (o->type == OPT_FLAG) {
            if (inline_val)
                return err_set(e, ERR_USAGE, "option '--%s' takes no value", o->name);
        } else if (inline_val) {
            v = inline_val;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            return err_set(e, ERR_USAGE, "option '--%s' needs a value (%s)", o->name,
                           o->metavar);
        }
        if (check_value(o, v, e) < 0)
            return -e->code;
        if (global)
            set_global(c, p, idx, v);
        else
            c->vals[idx] = v;
    }
    return 0;
}

/* After parsing: what the command as a whole needs. */
static int check_complete(struct cli *c, struct err *e)
{
    const struct cli_cmd *cmd = c->cmd;
    char title[64];
    cli_cmd_title(cmd, title, sizeof title);
    if (c->n_args < cmd->min_args)
        return err_set(e, ERR_USAGE, "'%s' needs %s; see 'baton %s --help'", title, cmd->args,
                       title);
    for (size_t i = 0; i < cli_opt_count(cmd->opts); i++)
        if (cmd->opts[i].required && !c->vals[i])
            return err_set(e, ERR_USAGE, "'%s' needs --%s %s; see 'baton %s --help'", title,
                           cmd->opts[i].name, cmd->opts[i].metavar, title);
    if (c->format_s) {
        if (!cmd->formats)
            return err_set(e, ERR_USAGE, "'%s' has no --format; leave it out", title);
        struct cli_opt f = globals[G_FORMAT];
        f.type = OPT_CHOICE;
        f.choices = cmd->formats;
        if (check_value(&f, c->format_s, e) < 0)
            return -e->code;
    }
    return 0;
}

/* ---- the cockpit ---- */

static int run_cockpit(struct cli *c, struct err *e)
{
    if (!c->cockpit)
        return err_set(e, ERR_RUNTIME, "the cockpit is not built; see 'baton --help'");
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return err_set(e, ERR_USAGE,
                       "the cockpit needs a terminal; run a command instead (see 'baton --help')");
    return c->cockpit(c->st, c->db_path, c->theme, &c->cfg, e);
}

/* ---- main ---- */

static void cli_fini(struct cli *c)
{
    if (c->st)
        store_close(c->st);
    if (c->cfg_loaded)
        config_fini(&c->cfg);
    free(c->login);
    for (size_t i = 0; c->groups && c->groups[i]; i++)
        free(c->groups[i]);
    free(c->groups);
    free(c->db_path);
    for (size_t i = 0; i < sizeof c->resolved / sizeof *c->resolved; i++)
        free(c->resolved[i]);
}

static int dispatch(struct cli *c, int argc, char **argv, struct err *e)
{
    struct parse p = {0};
    /* --help wins over any other mistake on the line: a person asking for
     * help should get it. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            p.help = "1";
    int rc = parse_args(c, &p, argc, argv, e);
    if (p.help) {
        struct strbuf sb;
        sb_init(&sb);
        if (c->cmd)
            help_cmd(&sb, c->cmd);
        else if (p.group)
            help_group(&sb, p.group);
        else
            help_top(&sb);
        fputs(sb_str(&sb), c->out);
        sb_fini(&sb);
        err_clear(e);
        return 0;
    }
    if (rc < 0)
        return rc;
    if (p.version) {
        fprintf(c->out, "baton %s\n", BATON_VERSION);
        return 0;
    }
    /* A clock frozen at a time that cannot be read would silently run on. */
    const char *frozen = getenv("BATON_NOW");
    btime t;
    if (frozen && *frozen && !time_parse(frozen, &t))
        return err_set(e, ERR_USAGE,
                       "BATON_NOW '%s' is not an ISO-8601 time (use YYYY-MM-DDTHH:MM:SSZ, "
                       "or unset it)",
                       frozen);
    if (p.group && !c->cmd) {
        struct strbuf verbs;
        sb_init(&verbs);
        for (size_t i = 0; i < N_COMMANDS; i++)
            if (strcmp(commands[i].name, p.group) == 0)
                sb_addf(&verbs, "%s%s", verbs.len ? ", " : "", commands[i].verb);
        err_set(e, ERR_USAGE, "'%s' needs a verb (%s); see 'baton %s --help'", p.group,
                sb_str(&verbs), p.group);
        sb_fini(&verbs);
        return -ERR_USAGE;
    }
    if (!c->cmd) {
        if (c->format_s)
            return err_set(e, ERR_USAGE, "the cockpit has no --format; name a command");
        if (cli_setup(c, NEED_DB, ACT_READ, e) < 0)
            return -e->code;
        return run_cockpit(c, e);
    }
    if (check_complete(c, e) < 0)
        return -e->code;
    if (c->format_s)
        out_format_parse(c->format_s, &c->format);
    c->format_set = c->format_s != NULL;
    if (cli_setup(c, c->cmd->need, c->cmd->action, e) < 0)
        return -e->code;
    return c->cmd->run(c, e);
}

int cli_main(int argc, char **argv, cli_cockpit_fn cockpit, const char *system_config)
{
    struct err e;
    err_clear(&e);
    /* First of all: a setgid run puts its group aside before it reads
     * anything. */
    if (priv_start(&e) < 0) {
        cli_say("%s", e.msg);
        return e.code;
    }
    /* Past a file size limit a write should fail, and its transaction roll
     * back with a message, rather than the process die mid-way. */
    signal(SIGXFSZ, SIG_IGN);
    fill_verdict_rows();
    struct cli c;
    memset(&c, 0, sizeof c);
    c.out = stdout;
    c.cockpit = cockpit;
    c.system_config = system_config;
    c.secure = priv_secure();
    /* The audit log's times are the real clock's, and the organisation's
     * calendar (the stored roll-up's day) the system's zoneinfo, when the
     * environment is not the user's to choose. */
    if (c.secure) {
        unsetenv("BATON_NOW");
        unsetenv("TZDIR");
    }
    c.tty = isatty(STDOUT_FILENO);
    c.format = OUT_TABLE;
    /* On a terminal, whatever a command prints (every format) goes through
     * the filter that shows control characters instead of sending them. */
    FILE *shown = c.tty ? out_terminal_open(stdout, !utf8_locale()) : NULL;
    if (shown)
        c.out = shown;
    int rc = dispatch(&c, argc, argv, &e);
    if (shown && fclose(shown) != 0 && rc == 0)
        rc = err_set(&e, ERR_RUNTIME, "cannot write the output: %s", strerror(errno));
    char *readonly_note = c.readonly_fallback ? xstrdup(c.db_path) : NULL;
    cli_fini(&c);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (rc == 0)
            err_set(&e, ERR_RUNTIME, "cannot write the output: %s", strerror(errno));
        rc = -ERR_RUNTIME;
    }
    if (rc < 0 || e.code) {
        free(readonly_note);
        cli_say("%s", e.msg[0] ? e.msg : "failed");
        return e.code ? e.code : ERR_RUNTIME;
    }
    /* After a read, so that a refused change stays one line. */
    if (readonly_note)
        cli_say("note: %s is read-only for you: you can look, but changes will be refused (ask "
                "for write access to it and its folder)",
                readonly_note);
    free(readonly_note);
    return 0;
}
