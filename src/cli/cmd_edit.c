/*
 * Subcommands that add and edit: blocker edit and comment, project add,
 * edit and set, department add and edit, person add and edit. Each reads
 * the row, changes only the fields named by options, and hands it to the
 * model with the version it read (or the one --expect-version names), so
 * the model's checks, rights, conflict messages and audit rows are the
 * same as the cockpit's forms. An empty value ('') clears an optional
 * field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/department.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/utf8.h"

/* ---- blockers ---- */

static int set_fields(const struct cli *c, const struct entity *ent, void *obj, bool none,
                      struct err *e)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        char flag[64], opt[72];
        const char *v = f->flags & FL_EDIT ? cli_opt(c, field_flag(f, flag)) : NULL;
        if (!v)
            continue;
        if (none && !(f->flags & FL_REQUIRED) && strcmp(v, "none") == 0)
            v = NULL;
        double num;
        char why[160];
        if (f->type == FT_REAL && v && *v && !str_to_number(v, &num, why, sizeof why))
            return err_set(e, ERR_USAGE, "--%s: %s", flag, why);
        snprintf(opt, sizeof opt, "--%s", flag);
        if (f->ref == FREF_DEPARTMENT && v && *v &&
            cli_check_department((struct cli *)c, v, opt, e) < 0)
            return -e->code;
        if (field_set(f, obj, v, e) < 0)
            return -e->code;
    }
    return 0;
}

int cli_set_fields(const struct cli *c, const struct entity *ent, void *obj, struct err *e)
{
    return set_fields(c, ent, obj, false, e);
}

int cli_set_fields_none(const struct cli *c, const struct entity *ent, void *obj, struct err *e)
{
    return set_fields(c, ent, obj, true, e);
}

int cmd_blocker_edit(struct cli *c, struct err *e)
{
    if (cli_need_a_field(c, e) < 0)
        return -e->code;
    struct blocker b;
    if (blocker_get(c->st, c->args[0], &b, e) < 0)
        return -e->code;
    int rc = cli_set_fields(c, &blocker_entity, &b, e);
    if (rc) {
        blocker_fini(&b);
        return rc;
    }
    b.version = cli_opt_long(c, "expect-version", b.version);
    rc = blocker_update(c->st, &b, e);
    blocker_fini(&b);
    return cli_written(c, rc < 0 ? -e->code : 0, "updated");
}

int cmd_blocker_comment(struct cli *c, struct err *e)
{
    if (blocker_comment(c->st, c->args[0], c->args[1], e) < 0)
        return -e->code;
    fprintf(c->out, "%s: comment added\n", c->args[0]);
    return 0;
}

/* ---- projects ---- */

/* Fills p from the options; depends (when --depends-on was given) gets the
 * comma-separated keys. */
static int project_from_opts(struct cli *c, struct project *p, char ***deps, size_t *n_deps,
                             bool *deps_given, struct err *e)
{
    if (cli_set_fields(c, &project_entity, p, e) < 0)
        return -e->code;
    const char *on = cli_opt(c, "depends-on");
    *deps_given = on != NULL;
    *deps = NULL;
    *n_deps = 0;
    if (on) {
        char *copy = xstrdup(on);
        for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
            if (cli_check_project(c, tok, "--depends-on", e) < 0) {
                free(copy);
                return -e->code;
            }
            *deps = xrealloc(*deps, (*n_deps + 1) * sizeof **deps);
            (*deps)[(*n_deps)++] = xstrdup(tok);
        }
        free(copy);
    }
    return 0;
}

static void free_keys(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The likely twins of a project just added: the same initiative run by
 * another department, for its lead to look at. */
static int print_twins(struct cli *c, const struct project *p, struct err *e)
{
    struct project_match *m = NULL;
    size_t n = 0;
    if (project_twins(c->st, p->title, p->description, p->department, p->key, 5, &m, &n, e) < 0)
        return -e->code;
    if (n)
        fprintf(c->out, "likely twin%s in other departments (the same initiative twice?):\n",
                n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        char *title = utf8_sanitize(m[i].title, !utf8_locale());
        fprintf(c->out, "  %-12s %s  (%s)\n", m[i].key, title, m[i].department);
        free(title);
    }
    project_match_list_free(m, n);
    return 0;
}

int cmd_project_add(struct cli *c, struct err *e)
{
    struct project p = {0};
    p.key = xstrdup(c->args[0]);
    char **deps = NULL;
    size_t nd = 0;
    bool given = false;
    int rc = project_from_opts(c, &p, &deps, &nd, &given, e);
    p.depends_on = deps;
    p.n_depends_on = nd;
    /* the project and the objectives it serves, all or nothing */
    if (rc == 0 && store_begin(c->st, e) < 0)
        rc = -e->code;
    else if (rc == 0) {
        if (project_add(c->st, &p, e) < 0 ||
            (cli_opt(c, "serves") && project_serves_set(c->st, p.key, cli_opt(c, "serves"), e)))
            rc = -e->code;
        if (rc)
            store_rollback(c->st);
        else if (store_commit(c->st, e) < 0)
            rc = -e->code;
    }
    if (rc == 0) {
        fprintf(c->out, "%s: added\n", p.key);
        rc = print_twins(c, &p, e);
    }
    p.depends_on = NULL;
    p.n_depends_on = 0;
    free_keys(deps, nd);
    project_fini(&p);
    return rc;
}

/* Saves p (and, when given, its dependencies) in one transaction. */
static int project_save(struct cli *c, struct project *p, char **deps, size_t nd, bool given,
                        struct err *e)
{
    if (store_begin(c->st, e) < 0)
        return -e->code;
    int rc = project_update(c->st, p, e);
    if (rc == 0 && given)
        rc = project_set_depends(c->st, p->key, deps, nd, e);
    if (rc == 0 && cli_opt(c, "serves"))
        rc = project_serves_set(c->st, p->key, cli_opt(c, "serves"), e);
    if (rc) {
        store_rollback(c->st);
        return -e->code;
    }
    if (store_commit(c->st, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: updated\n", p->key);
    return 0;
}

int cmd_project_edit(struct cli *c, struct err *e)
{
    if (cli_need_a_field(c, e) < 0)
        return -e->code;
    struct project p;
    if (project_get(c->st, c->args[0], &p, e) < 0)
        return -e->code;
    char **deps = NULL;
    size_t nd = 0;
    bool given = false;
    int rc = project_from_opts(c, &p, &deps, &nd, &given, e);
    p.version = cli_opt_long(c, "expect-version", p.version);
    if (rc == 0)
        rc = project_save(c, &p, deps, nd, given, e);
    free_keys(deps, nd);
    project_fini(&p);
    return rc;
}

/* `project set KEY FIELD VALUE`: one field, for scripts and quick fixes. */
/* What `project set` says of a value its field refuses, in its own words
 * (the other fields refuse in the words of their rule). */
static const char *const set_refusals[][2] = {
    {"status", "status is planned, active, on_hold, done or cancelled, not '%s'"},
    {"health", "health is green, amber, red or derived, not '%s'"},
    {"progress", "progress is a whole number from 0 to 100, not '%s'"},
};

int cmd_project_set(struct cli *c, struct err *e)
{
    /* the fields `project set` names, as its help lists them: each the flag
     * of a field the project's descriptor edits */
    static const char *const fields[] = {"title", "owner", "status", "health", "progress",
                                         "start", "due", "description", "dept"};
    const char *field = c->args[1], *value = c->args[2];
    size_t i = 0, n = sizeof fields / sizeof fields[0];
    while (i < n && strcmp(fields[i], field) != 0)
        i++;
    const struct entity_field *f = i < n ? entity_field(&project_entity, field) : NULL;
    if (!f || !(f->flags & FL_EDIT)) {
        const char *near = str_nearest(field, fields, n);
        return err_set(e, ERR_USAGE, "no project field '%s'%s%s%s (title, owner, status, health, "
                       "progress, start, due, description, dept)", field,
                       near ? "; did you mean '" : "", near ? near : "", near ? "'" : "");
    }
    struct project p;
    if (project_get(c->st, c->args[0], &p, e) < 0)
        return -e->code;
    int rc = 0;
    if (f->ref == FREF_DEPARTMENT && cli_check_department(c, value, field, e) < 0)
        rc = -e->code;
    if (!rc && field_set(f, &p, value, e) < 0) {
        rc = -e->code;
        for (size_t k = 0; k < sizeof set_refusals / sizeof set_refusals[0]; k++)
            if (strcmp(set_refusals[k][0], field) == 0)
                rc = err_set(e, ERR_USAGE, set_refusals[k][1], value);
    }
    if (rc == 0 && project_update(c->st, &p, e) < 0)
        rc = -e->code;
    if (rc == 0)
        fprintf(c->out, "%s: %s set\n", p.key, field);
    project_fini(&p);
    return rc;
}

/* ---- departments and people ---- */

/* Sets the fields of obj its options name; when adding, first its key
 * from the command's argument; when editing, the version it read or the
 * one --expect-version names. */
static int set_described(struct cli *c, const struct entity *ent, void *obj, bool adding,
                         struct err *e)
{
    if (adding && field_set(entity_key(ent), obj, c->args[0], e) < 0)
        return -e->code;
    const struct entity_field *version = entity_field(ent, "version");
    int64_t v;
    memcpy(&v, (char *)obj + version->off, sizeof v);
    v = cli_opt_long(c, "expect-version", v);
    memcpy((char *)obj + version->off, &v, sizeof v);
    return cli_set_fields(c, ent, obj, e);
}

/* "ENG: added" once the model took it; frees obj. */
static int described_done(struct cli *c, const struct entity *ent, void *obj, int rc,
                          const char *done)
{
    entity_fini(ent, obj);
    return cli_written(c, rc, done);
}

int cmd_department_add(struct cli *c, struct err *e)
{
    struct department d = {0};
    int rc = set_described(c, &department_entity, &d, true, e);
    if (!rc && department_add(c->st, &d, e) < 0)
        rc = -e->code;
    return described_done(c, &department_entity, &d, rc, "added");
}

int cmd_department_edit(struct cli *c, struct err *e)
{
    if (cli_need_a_field(c, e) < 0)
        return -e->code;
    struct department d;
    if (department_get(c->st, c->args[0], &d, e) < 0)
        return -e->code;
    int rc = set_described(c, &department_entity, &d, false, e);
    if (!rc && department_update(c->st, &d, e) < 0)
        rc = -e->code;
    return described_done(c, &department_entity, &d, rc, "updated");
}

int cmd_person_add(struct cli *c, struct err *e)
{
    struct person p = {0};
    int rc = set_described(c, &person_entity, &p, true, e);
    if (!rc && person_add(c->st, &p, e) < 0)
        rc = -e->code;
    return described_done(c, &person_entity, &p, rc, "added");
}

int cmd_person_edit(struct cli *c, struct err *e)
{
    if (cli_need_a_field(c, e) < 0)
        return -e->code;
    struct person p;
    if (person_get(c->st, c->args[0], &p, e) < 0)
        return -e->code;
    int rc = set_described(c, &person_entity, &p, false, e);
    if (!rc && person_update(c->st, &p, e) < 0)
        rc = -e->code;
    return described_done(c, &person_entity, &p, rc, "updated");
}
