/*
 * Subcommands that change a blocker's state, for scripts and people who
 * prefer a shell: blocker accept, start, resolve, decline, duplicate,
 * snooze, reopen and escalate.
 * The model checks the transition table, the version and who may give
 * each verdict; this file only maps options onto a verdict, and each
 * verdict's options are the fields its row of the verdict table takes.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/timeutil.h"
#include "baton/verdict.h"

/* How each field a verdict takes reads as an option. */
static const struct {
    enum cli_opt_type type;
    const char *metavar;
    long min, max;
} field_opt[VF_COUNT] = {
    [VF_SEVERITY] = {OPT_INT, "N", 1, 4},  [VF_WAITING_ON] = {OPT_TEXT, "DEPT", 0, 0},
    [VF_OWNER] = {OPT_TEXT, "LOGIN", 0, 0}, [VF_NOTE] = {OPT_TEXT, "TEXT", 0, 0},
    [VF_REASON] = {OPT_TEXT, "TEXT", 0, 0}, [VF_ORIGINAL] = {OPT_TEXT, "KEY", 0, 0},
    [VF_UNTIL] = {OPT_TIME, "TIME", 0, 0},
};

/* The options of each verdict's command: its fields, then --expect-version. */
static struct cli_opt verdict_opts[VERB_COUNT][VERDICT_MAX_ARGS + 2];

const struct cli_opt *cli_verdict_opts(enum blocker_verb verb)
{
    const struct verdict_rule *r = verdict_rule(verb);
    if (!r)
        return NULL;
    struct cli_opt *o = verdict_opts[verb];
    if (o[0].name)
        return o;
    size_t n = 0;
    for (; n < verdict_n_args(r); n++) {
        const struct verdict_arg *a = &r->args[n];
        o[n] = (struct cli_opt){a->flag, 0, field_opt[a->field].type, field_opt[a->field].metavar,
                                field_opt[a->field].min, field_opt[a->field].max, NULL,
                                a->need == VN_REQUIRED, a->help};
    }
    o[n] = (struct cli_opt)OPT_EXPECT;
    return o;
}

/* Puts the value of the option of a into v. */
static int take(struct cli *c, const struct verdict_arg *a, struct verdict *v, char until[32],
                struct err *e)
{
    const char *s = cli_opt(c, a->flag);
    btime t;
    switch (a->field) {
    case VF_SEVERITY: v->severity = (int)cli_opt_long(c, a->flag, 0); break;
    case VF_WAITING_ON:
        if (s && cli_check_department(c, s, "--waiting-on", e) < 0)
            return -e->code;
        v->waiting_on = s;
        break;
    case VF_OWNER: v->owner = s; break;
    case VF_NOTE:
    case VF_REASON:
        if (!v->reason)
            v->reason = s;
        break;
    case VF_ORIGINAL: v->duplicate_of = s; break;
    case VF_UNTIL:
        if (s && time_parse(s, &t)) {
            time_fmt_iso(t, until);
            v->until = until;
        }
        break;
    default: break;
    }
    return 0;
}

int cmd_blocker_verdict(struct cli *c, struct err *e)
{
    const char *key = c->args[0];
    const struct verdict_rule *r = verdict_rule_named(c->cmd->verb);
    if (!r)
        return err_set(e, ERR_USAGE, "unknown verdict '%s'", c->cmd->verb);
    struct verdict v = {.verb = r->verb};
    char until[32];
    for (size_t i = 0; i < verdict_n_args(r); i++)
        if (take(c, &r->args[i], &v, until, e) < 0)
            return -e->code;
    v.expect_version = cli_opt_long(c, "expect-version", 0);
    if (blocker_apply(c->st, key, &v, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: %s\n", key, r->done);
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
