/*
 * Subcommands that change a blocker's state, for scripts and people who
 * prefer a shell: blocker accept, start, resolve, decline, duplicate,
 * snooze, reopen and escalate.
 * The model checks the transition table, the version and who may give
 * each verdict; this file only maps options onto a verdict.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/timeutil.h"

static const struct {
    const char *verb;
    enum blocker_verb v;
    const char *done; /* what the confirmation line says */
} verdicts[] = {
    {"accept", VERB_ACCEPT, "accepted"},     {"start", VERB_START, "in progress"},
    {"resolve", VERB_RESOLVE, "resolved"},   {"decline", VERB_DECLINE, "declined"},
    {"duplicate", VERB_DUPLICATE, "marked duplicate"},
    {"snooze", VERB_SNOOZE, "snoozed"},      {"reopen", VERB_REOPEN, "reopened"},
};

int cmd_blocker_verdict(struct cli *c, struct err *e)
{
    const char *key = c->args[0];
    struct verdict v = {0};
    const char *done = NULL;
    for (size_t i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
        if (strcmp(verdicts[i].verb, c->cmd->verb) == 0) {
            v.verb = verdicts[i].v;
            done = verdicts[i].done;
        }
    if (!done)
        return err_set(e, ERR_USAGE, "unknown verdict '%s'", c->cmd->verb);
    const char *waiting = cli_opt(c, "waiting-on");
    if (waiting && cli_check_department(c, waiting, "--waiting-on", e) < 0)
        return -e->code;
    v.severity = (int)cli_opt_long(c, "severity", 0);
    v.waiting_on = waiting;
    v.owner = cli_opt(c, "owner");
    v.reason = cli_opt(c, "reason");
    if (!v.reason)
        v.reason = cli_opt(c, "note");
    v.duplicate_of = cli_opt(c, "of");
    v.expect_version = cli_opt_long(c, "expect-version", 0);
    char until[32];
    const char *u = cli_opt(c, "until");
    btime t;
    if (u && time_parse(u, &t)) {
        time_fmt_iso(t, until);
        v.until = until;
    }
    if (blocker_apply(c->st, key, &v, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: %s\n", key, done);
    return 0;
}

int cmd_blocker_escalate(struct cli *c, struct err *e)
{
    const char *key = c->args[0];
    if (blocker_escalate(c->st, key, cli_opt(c, "to"), cli_opt_long(c, "expect-version", 0), e) <
        0)
        return -e->code;
    struct blocker b = {0};
    if (blocker_get(c->st, key, &b, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: escalated to level %d%s%s\n", key, b.escalation_level,
            b.escalated_to ? ", " : "", b.escalated_to ? b.escalated_to : "");
    blocker_fini(&b);
    return 0;
}
