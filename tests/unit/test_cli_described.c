/*
 * Commands that take an entity's fields by their flags (cli_described):
 * blocker add and edit offer every field the blocker's description lets
 * `edit` change, those their own table leaves out made from the
 * description (type, limits, choices, help), after the table's own; other
 * commands are left as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/entity.h"

static int run_nothing(struct cli *c, struct err *e)
{
    (void)c;
    (void)e;
    return 0;
}

static const struct cli_opt only_title[] = {
    {"title", 0, OPT_TEXT, "TEXT", 0, 0, NULL, true, "what blocks it"},
    {0},
};

static const struct cli_opt *opt_named(const struct cli_cmd *cmd, const char *name)
{
    for (size_t i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (strcmp(cmd->opts[i].name, name) == 0)
            return &cmd->opts[i];
    return NULL;
}

static void every_field_edit_changes_is_an_option(void)
{
    const char *verbs[] = {"add", "edit"};
    for (size_t v = 0; v < 2; v++) {
        struct cli_cmd cmd = {"blocker", verbs[v], "KEY", 1, 1, "test", only_title, NULL,
                              NEED_DB, ACT_READ, run_nothing};
        struct cli *c = calloc(1, sizeof *c);
        const struct cli_cmd *got = cli_described(c, &cmd);
        CHECK(got != &cmd);
        /* the table's own first, as it has them */
        CHECK_STR(got->opts[0].name, "title");
        CHECK_STR(got->opts[0].help, "what blocks it");
        CHECK(got->opts[0].required);
        for (size_t i = 0; i < blocker_entity.n; i++) {
            const struct entity_field *f = &blocker_entity.fields[i];
            char flag[64];
            field_flag(f, flag);
            const struct cli_opt *o = opt_named(got, flag);
            if (!(f->flags & FL_EDIT)) {
                CHECK(o == NULL);
                continue;
            }
            CHECK(o != NULL);
            if (o && f->type == FT_INT) {
                CHECK_INT(o->type, OPT_INT);
                CHECK_INT(o->min, f->min);
                CHECK_INT(o->max, f->max);
            }
            if (o && f->type == FT_CHOICE) {
                CHECK_INT(o->type, OPT_CHOICE);
                CHECK(o->choices && str_eq(o->choices[0], f->choice_name(0)));
            }
            if (o && f->type == FT_DATE)
                CHECK_INT(o->type, OPT_DATE);
            if (o && f->type == FT_LIST)
                CHECK_STR(o->metavar, "A,B");
        }
        const struct cli_opt *tags = opt_named(got, "tags");
        CHECK(tags && strcmp(tags->help, "Tags, comma-separated keys ('' clears)") == 0);
        const struct cli_opt *severity = opt_named(got, "severity");
        CHECK(severity && severity->max == 4 && !severity->required);
        free(c);
    }
    /* a command that edits no described entity keeps its table */
    struct cli_cmd other = {"blocker", "resolve", "KEY", 1, 1, "test", only_title, NULL,
                            NEED_DB, ACT_READ, run_nothing};
    struct cli *c = calloc(1, sizeof *c);
    CHECK(cli_described(c, &other) == &other);
    free(c);
}

int main(void)
{
    RUN(every_field_edit_changes_is_an_option);
    return check_report();
}
