/*
 * Commands that take an entity's fields by their flags: the options a
 * command lists, then one for each field its entity lets `edit` change
 * that the list does not name, made from the description (type, limits,
 * choices, label), so that a field added to the description is an option
 * of these commands without a word written here.
 */
#include <stdio.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/entity.h"

static const struct {
    const char *name, *verb;
    const struct entity *ent;
} described[] = {
    {"blocker", "add", &blocker_entity},
    {"blocker", "edit", &blocker_entity},
};

/* The option of field f (into o, its help and choices in c's storage k). */
static void field_opt(struct cli *c, size_t k, const struct entity_field *f, const char *flag,
                      struct cli_opt *o)
{
    static const struct {
        enum cli_opt_type type;
        const char *metavar;
    } by_type[] = {
        [FT_TEXT] = {OPT_TEXT, "TEXT"}, [FT_DATE] = {OPT_DATE, "DATE"},
        [FT_TIME] = {OPT_TIME, "TIME"}, [FT_INT] = {OPT_INT, "N"},
        [FT_CHOICE] = {OPT_CHOICE, "WORD"}, [FT_LIST] = {OPT_TEXT, "A,B"},
        [FT_ID] = {OPT_TEXT, "TEXT"},   [FT_BOOL] = {OPT_TEXT, "TEXT"},
        [FT_REAL] = {OPT_TEXT, "X"},
    };
    *o = (struct cli_opt){.name = flag, .type = by_type[f->type].type,
                          .metavar = by_type[f->type].metavar, .min = f->min, .max = f->max};
    if (f->type == FT_CHOICE) {
        size_t n = 0;
        for (; n < 12 && f->choice_name((int)n) && *f->choice_name((int)n); n++)
            c->described_choices[k][n] = f->choice_name((int)n);
        c->described_choices[k][n] = NULL;
        o->choices = c->described_choices[k];
    }
    snprintf(c->described_help[k], sizeof c->described_help[k], "%s%s ('' clears)", f->label,
             f->type == FT_LIST ? ", comma-separated keys" : "");
    o->help = c->described_help[k];
}

const struct cli_cmd *cli_described(struct cli *c, const struct cli_cmd *cmd)
{
    const struct entity *ent = NULL;
    for (size_t i = 0; i < sizeof described / sizeof *described; i++)
        if (strcmp(cmd->name, described[i].name) == 0 && str_eq(cmd->verb, described[i].verb))
            ent = described[i].ent;
    if (!ent)
        return cmd;
    size_t n = cli_opt_count(cmd->opts);
    if (n > CLI_MAX_OPTS)
        return cmd;
    memcpy(c->described_opts, cmd->opts, n * sizeof *cmd->opts);
    for (size_t i = 0; i < ent->n && n < CLI_MAX_OPTS; i++) {
        const struct entity_field *f = &ent->fields[i];
        char flag[64];
        field_flag(f, flag);
        bool listed = false;
        for (size_t k = 0; k < cli_opt_count(cmd->opts) && !listed; k++)
            listed = strcmp(cmd->opts[k].name, flag) == 0;
        if (!(f->flags & FL_EDIT) || listed)
            continue;
        snprintf(c->described_flags[n], sizeof c->described_flags[n], "%s", flag);
        field_opt(c, n, f, c->described_flags[n], &c->described_opts[n]);
        n++;
    }
    c->described_opts[n] = (struct cli_opt){0};
    c->described = *cmd;
    c->described.opts = c->described_opts;
    return &c->described;
}
