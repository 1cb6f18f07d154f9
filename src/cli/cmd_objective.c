/*
 * `baton objective ...`: list (as a tree, every objective neither done
 * nor dropped unless --status says otherwise), show (its fields, key
 * results, check-ins, the projects that serve it, its history), add and
 * edit (fields through the objective's descriptor), link and unlink key
 * results, and checkin. The model checks periods, cycles, rights and
 * versions; this file maps options onto it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baton/cli.h"
#include "baton/event.h"
#include "baton/objective.h"
#include "baton/str.h"

#define COUNT_OF(a) (sizeof a / sizeof *a)
#define COLS(a) a, COUNT_OF(a)

/* Health as the format wants it: words for people, a key for programs. */
static const char *health_text(const struct cli *c, enum objective_health h)
{
    return c->format == OUT_JSON || c->format == OUT_CSV ? objective_health_key(h)
                                                         : objective_health_name(h);
}

static void set_percent(struct out *o, size_t col, double share)
{
    if (share >= 0)
        out_set_long(o, col, lround(share * 100));
}

static void set_confidence(struct out *o, size_t col, int confidence)
{
    if (confidence > 0)
        out_set_long(o, col, confidence);
}

/* ---- list ---- */

/* People (tables, Markdown) read the first seven columns, a draft marked
 * in its title, so that the tree fits 80 columns with its keys whole;
 * programs (JSON, CSV) get the owner and status as fields of their own. */
enum { OBJECTIVE_PEOPLE_COLS = 7 };
static const struct out_col objective_cols[] = {
    {"key", OUT_KEY},        {"title", OUT_STR},      {"period", OUT_STR},
    {"department", OUT_STR}, {"progress", OUT_NUM},   {"health", OUT_STR},
    {"confidence", OUT_NUM}, {"owner", OUT_STR},      {"status", OUT_STR},
};
/* Where each of those goes in what programs read. */
static const size_t program_order[] = {0, 1, 2, 3, 6, 7, 8, 4, 5};
static const struct out_col objective_program_cols[] = {
    {"key", OUT_STR},     {"title", OUT_STR},    {"period", OUT_STR},
    {"department", OUT_STR}, {"owner", OUT_STR}, {"status", OUT_STR},
    {"progress", OUT_NUM}, {"health", OUT_STR},  {"confidence", OUT_NUM},
};

int cmd_objective_list(struct cli *c, struct err *e)
{
    struct objective_filter f = {cli_opt(c, "period"), cli_opt(c, "dept"), cli_opt(c, "parent"),
                                 cli_opt(c, "owner"), cli_opt(c, "status")};
    if (f.dept && !str_eq(f.dept, "-") && cli_check_department(c, f.dept, "--dept", e) < 0)
        return -e->code;
    struct objective *v = NULL;
    size_t n = 0;
    if (objective_list(c->st, &f, &v, &n, e) < 0)
        return -e->code;
    /* people read the tree by its indent; programs get the key alone */
    bool people = c->format == OUT_TABLE || c->format == OUT_MD;
    struct out o;
    if (people)
        out_init(&o, objective_cols, OBJECTIVE_PEOPLE_COLS);
    else
        out_init(&o, COLS(objective_program_cols));
    for (size_t i = 0; i < n; i++) {
        const size_t *col = program_order;
        static const size_t same[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        if (people)
            col = same;
        out_row(&o);
        if (people && v[i].depth)
            out_setf(&o, col[0], "%*s%s", 2 * (v[i].depth > 8 ? 8 : v[i].depth), "", v[i].key);
        else
            out_set(&o, col[0], v[i].key);
        if (people && v[i].status != OBJECTIVE_ACTIVE)
            out_setf(&o, col[1], "%s (%s)", v[i].title, objective_status_name(v[i].status));
        else
            out_set(&o, col[1], v[i].title);
        out_set(&o, col[2], v[i].period);
        out_set(&o, col[3], v[i].department);
        set_percent(&o, col[4], v[i].progress);
        out_set(&o, col[5], health_text(c, v[i].health));
        set_confidence(&o, col[6], v[i].confidence);
        if (!people) {
            out_set(&o, col[7], v[i].owner);
            out_set(&o, col[8], objective_status_name(v[i].status));
        }
    }
    cli_emit(c, &o);
    out_fini(&o);
    objective_list_free(v, n);
    return 0;
}

/* ---- show ---- */

static const struct out_col show_cols[] = {
    {"key", OUT_STR},        {"title", OUT_STR},         {"period", OUT_STR},
    {"department", OUT_STR}, {"parent", OUT_STR},        {"owner", OUT_STR},
    {"status", OUT_STR},     {"progress", OUT_NUM},      {"health", OUT_STR},
    {"confidence", OUT_NUM}, {"confidence_at", OUT_TIME}, {"children", OUT_LIST},
    {"served_by", OUT_LIST}, {"version", OUT_NUM},       {"description", OUT_STR},
};
static const struct out_col result_cols[] = {
    {"kind", OUT_STR},     {"key", OUT_STR},   {"title", OUT_STR}, {"baseline", OUT_NUM},
    {"value", OUT_NUM},    {"target", OUT_NUM}, {"progress", OUT_NUM},
};
static const struct out_col checkin_cols[] = {
    {"at", OUT_TIME}, {"confidence", OUT_NUM}, {"who", OUT_STR}, {"note", OUT_STR},
};

struct section {
    const char *member, *heading;
    struct out o;
};

/* The record, then each titled table; in JSON one object with each table
 * as a member. */
static void emit_sections(struct cli *c, const struct out *rec, struct section *s, size_t n)
{
    if (c->format == OUT_JSON) {
        struct strbuf sb;
        sb_init(&sb);
        out_render_json_object(&sb, rec, 0);
        sb.s[--sb.len] = '\0'; /* reopen the object */
        for (size_t k = 0; k < n; k++) {
            sb_addf(&sb, ",\"%s\":[", s[k].member);
            for (size_t r = 0; r < s[k].o.n_rows; r++) {
                if (r)
                    sb_addc(&sb, ',');
                out_render_json_object(&sb, &s[k].o, r);
            }
            sb_addc(&sb, ']');
        }
        sb_add(&sb, "}\n");
        fputs(sb_str(&sb), c->out);
        sb_fini(&sb);
        return;
    }
    cli_emit_record(c, rec);
    for (size_t k = 0; k < n; k++) {
        fprintf(c->out, "\n%s:\n", s[k].heading);
        if (s[k].o.n_rows)
            cli_emit(c, &s[k].o);
        else
            fprintf(c->out, "  (none)\n");
    }
}

static void fill_results(struct out *o, const struct key_result *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out_row(o);
        out_set(o, 0, v[i].kind == KEY_RESULT_PROJECT ? "project" : "indicator");
        out_set(o, 1, v[i].key);
        out_set(o, 2, v[i].title);
        if (v[i].has_baseline)
            out_set_double(o, 3, v[i].baseline);
        if (v[i].has_value)
            out_set_double(o, 4, v[i].value);
        if (v[i].has_target)
            out_set_double(o, 5, v[i].target);
        set_percent(o, 6, v[i].progress);
    }
}

static void fill_checkins(struct out *o, const struct objective_checkin *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out_row(o);
        out_set(o, 0, v[i].at);
        out_set_long(o, 1, v[i].confidence);
        out_set(o, 2, v[i].who);
        out_set(o, 3, v[i].note);
    }
}


/* Keys of the objectives directly under key, and of the projects that
 * serve it, space-separated into a and b. */
static int related(struct cli *c, const char *key, struct strbuf *kids, struct strbuf *projects,
                   struct err *e)
{
    struct objective_filter f = {.parent = key, .status = "all"};
    struct objective *v = NULL;
    size_t n = 0;
    if (objective_list(c->st, &f, &v, &n, e) < 0)
        return -e->code;
    for (size_t i = 0; i < n; i++)
        sb_addf(kids, "%s%s", i ? " " : "", v[i].key);
    objective_list_free(v, n);
    struct project *p = NULL;
    if (objective_projects(c->st, key, &p, &n, e) < 0)
        return -e->code;
    for (size_t i = 0; i < n; i++)
        sb_addf(projects, "%s%s", i ? " " : "", p[i].key);
    project_list_free(p, n);
    return 0;
}

int cmd_objective_show(struct cli *c, struct err *e)
{
    struct objective ob;
    if (objective_get(c->st, c->args[0], &ob, e) < 0)
        return -e->code;
    struct strbuf kids, projects;
    sb_init(&kids);
    sb_init(&projects);
    struct key_result *rv = NULL;
    struct objective_checkin *cv = NULL;
    struct event *ev = NULL;
    size_t rn = 0, cn = 0, en = 0;
    int rc = related(c, ob.key, &kids, &projects, e);
    if (!rc && objective_results(c->st, ob.key, &rv, &rn, e) < 0)
        rc = -e->code;
    if (!rc && objective_checkins(c->st, ob.key, (int)cli_opt_long(c, "checkins", 10), &cv, &cn,
                                  e) < 0)
        rc = -e->code;
    if (!rc && event_list(c->st, "objective", ob.key, NULL, (int)cli_opt_long(c, "history", 20),
                          &ev, &en, e) < 0)
        rc = -e->code;
    if (!rc) {
        struct out o;
        out_init(&o, COLS(show_cols));
        out_row(&o);
        cli_out_fields(&o, &objective_entity, &ob);
        /* what is worked out rather than stored */
        set_percent(&o, 7, ob.progress);
        out_set(&o, 8, health_text(c, ob.health));
        set_confidence(&o, 9, ob.confidence);
        out_set(&o, 10, ob.confidence_at);
        out_set(&o, 11, sb_str(&kids));
        out_set(&o, 12, sb_str(&projects));
        struct section s[] = {
            {"key_results", "Key results", {0}},
            {"checkins", "Check-ins, newest first", {0}},
            {"history", "History, newest first", {0}},
        };
        out_init(&s[0].o, COLS(result_cols));
        fill_results(&s[0].o, rv, rn);
        out_init(&s[1].o, COLS(checkin_cols));
        fill_checkins(&s[1].o, cv, cn);
        out_init(&s[2].o, cli_event_cols, CLI_EVENT_COLS);
        cli_fill_events(&s[2].o, ev, en);
        emit_sections(c, &o, s, COUNT_OF(s));
        for (size_t k = 0; k < COUNT_OF(s); k++)
            out_fini(&s[k].o);
        out_fini(&o);
    }
    event_list_free(ev, en);
    objective_checkin_list_free(cv, cn);
    key_result_list_free(rv, rn);
    sb_fini(&kids);
    sb_fini(&projects);
    objective_fini(&ob);
    return rc;
}

/* ---- add and edit ---- */

/* The fields the options name: --dept for the department, the others
 * under their descriptor names; '' clears an optional one. */
static int from_opts(const struct cli *c, struct objective *o, struct err *e)
{
    const char *dept = cli_opt(c, "dept");
    if (dept && field_set(entity_field(&objective_entity, "department"), o, dept, e) < 0)
        return -e->code;
    return cli_set_fields(c, &objective_entity, o, e);
}

int cmd_objective_add(struct cli *c, struct err *e)
{
    const char *dept = cli_opt(c, "dept");
    if (!str_empty(dept) && cli_check_department(c, dept, "--dept", e) < 0)
        return -e->code;
    struct objective o = {0};
    o.key = xstrdup(c->args[0]);
    o.status = OBJECTIVE_ACTIVE;
    int rc = from_opts(c, &o, e);
    if (!rc && objective_add(c->st, &o, e) < 0)
        rc = -e->code;
    objective_fini(&o);
    return cli_written(c, rc, NULL);
}

int cmd_objective_edit(struct cli *c, struct err *e)
{
    if (cli_need_a_field(c, e) < 0)
        return -e->code;
    const char *dept = cli_opt(c, "dept");
    if (!str_empty(dept) && cli_check_department(c, dept, "--dept", e) < 0)
        return -e->code;
    struct objective o;
    if (objective_get(c->st, c->args[0], &o, e) < 0)
        return -e->code;
    int rc = from_opts(c, &o, e);
    o.version = cli_opt_long(c, "expect-version", o.version);
    if (!rc && objective_update(c->st, &o, e) < 0)
        rc = -e->code;
    objective_fini(&o);
    return cli_written(c, rc, "updated");
}

/* ---- key results and check-ins ---- */

int cmd_objective_link(struct cli *c, struct err *e)
{
    const char *indicator = cli_opt(c, "indicator"), *project = cli_opt(c, "project");
    const char *base = cli_opt(c, "baseline");
    double baseline;
    if (base) {
        char why[96];
        if (!str_to_number(base, &baseline, why, sizeof why))
            return err_set(e, ERR_USAGE, "--baseline: %s", why);
        if (project)
            return err_set(e, ERR_USAGE, "--baseline is an indicator's value: a project's "
                                         "progress starts from its own");
    }
    if (objective_link(c->st, c->args[0], indicator, project, base ? &baseline : NULL, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: key result %s %s\n", c->args[0], indicator ? "indicator" : "project",
            indicator ? indicator : project);
    return 0;
}

int cmd_objective_unlink(struct cli *c, struct err *e)
{
    const char *indicator = cli_opt(c, "indicator"), *project = cli_opt(c, "project");
    if (objective_unlink(c->st, c->args[0], indicator, project, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: no longer measured by %s %s\n", c->args[0],
            indicator ? "indicator" : "project", indicator ? indicator : project);
    return 0;
}

int cmd_objective_checkin(struct cli *c, struct err *e)
{
    int confidence = (int)cli_opt_long(c, "confidence", 0);
    if (objective_checkin(c->st, c->args[0], confidence, cli_opt(c, "note"), e) < 0)
        return -e->code;
    struct objective o;
    if (objective_get(c->st, c->args[0], &o, e) < 0)
        return -e->code;
    fprintf(c->out, "%s: confidence %d/10, %s\n", o.key, confidence,
            objective_health_name(o.health));
    objective_fini(&o);
    return 0;
}
