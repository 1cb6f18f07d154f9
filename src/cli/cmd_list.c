/*
 * Subcommands that read and raise the model's entities: blocker, project,
 * department and person listings, the blocker count, the show pages with
 * their history, and blocker add. Listing columns are fixed per entity
 * (they are the JSON field names scripts rely on); filters map onto struct
 * query.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/timeutil.h"

#define COUNT_OF(a) (sizeof a / sizeof *a)
#define COLS(a) a, COUNT_OF(a)

/* "3d" since an ISO time; NULL when the time cannot be read. */
static const char *age_of(const char *iso, char buf[16])
{
    btime t;
    if (!iso || !time_parse(iso, &t))
        return NULL;
    btime d = time_now() - t;
    time_fmt_age(d < 0 ? 0 : d, buf);
    return buf;
}

/* Whole days of the organisation's calendar since an ISO time, as every
 * age in days is counted; false when the time cannot be read. */
static bool age_days_of(const char *iso, long long *days)
{
    btime t;
    if (!iso || !time_parse(iso, &t))
        return false;
    *days = time_org_day_number(time_now()) - time_org_day_number(t);
    return true;
}

/* ---- history ---- */

const struct out_col cli_event_cols[CLI_EVENT_COLS] = {
    {"at", OUT_TIME},   {"actor", OUT_STR}, {"action", OUT_STR},
    {"field", OUT_STR}, {"old", OUT_STR},   {"new", OUT_STR},
};

void cli_fill_events(struct out *o, const struct event *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out_row(o);
        out_set(o, 0, v[i].at);
        out_set(o, 1, v[i].actor);
        out_set(o, 2, v[i].action);
        out_set(o, 3, v[i].field);
        out_set(o, 4, v[i].old_value);
        out_set(o, 5, v[i].new_value);
    }
}

/* Prints a show page: the record, then a titled table (history, readings).
 * JSON is the record's object with the table as one more member. */
static void emit_show(struct cli *c, const struct out *rec, const char *member,
                      const char *heading, const struct out *sub)
{
    if (c->format == OUT_JSON) {
        struct strbuf sb;
        sb_init(&sb);
        out_render_json_object(&sb, rec, 0);
        sb.s[--sb.len] = '\0'; /* reopen the object */
        sb_addf(&sb, ",\"%s\":[", member);
        for (size_t r = 0; r < sub->n_rows; r++) {
            if (r)
                sb_addc(&sb, ',');
            out_render_json_object(&sb, sub, r);
        }
        sb_add(&sb, "]}\n");
        fputs(sb_str(&sb), c->out);
        sb_fini(&sb);
        return;
    }
    cli_emit_record(c, rec);
    fprintf(c->out, "\n%s:\n", heading);
    if (sub->n_rows)
        cli_emit(c, sub);
    else
        fprintf(c->out, "  (none)\n");
}

static int emit_history(struct cli *c, const char *entity, const char *key, const struct out *rec,
                        struct err *e)
{
    struct event *ev = NULL;
    size_t n = 0;
    if (event_list(c->st, entity, key, NULL, (int)cli_opt_long(c, "history", 20), &ev, &n, e) < 0)
        return -e->code;
    struct out h;
    out_init(&h, cli_event_cols, CLI_EVENT_COLS);
    cli_fill_events(&h, ev, n);
    emit_show(c, rec, "history", "History, newest first", &h);
    out_fini(&h);
    event_list_free(ev, n);
    return 0;
}

/* ---- blockers ---- */

/* People read the first nine columns (the table, Markdown); programs (JSON,
 * CSV) get the times and figures behind age and sla as well. */
enum { BLOCKER_PEOPLE_COLS = 9 };
static const struct out_col blocker_cols[] = {
    {"key", OUT_STR},       {"title", OUT_STR},    {"state", OUT_STR},
    {"severity", OUT_NUM},  {"project", OUT_STR},  {"waiting_on", OUT_STR},
    {"owner", OUT_STR},     {"age", OUT_STR},      {"sla", OUT_STR},
    {"raised_at", OUT_TIME}, {"age_days", OUT_NUM}, {"breached", OUT_BOOL},
    {"sla_due", OUT_TIME},
};

/* Where a listed blocker stands against its SLA, in two words that fit a
 * narrow table: "5h left", "3d late" (breached); "-" when no clock runs
 * (closed, snoozed, no severity yet). */
static const char *sla_words(const struct blocker *b, char buf[32])
{
    btime due;
    if (!b->sla_due || !time_parse(b->sla_due, &due) || !blocker_state_open(b->state) ||
        b->state == BLOCKER_SNOOZED)
        return NULL;
    char age[16];
    btime now = time_now();
    time_fmt_age(b->breached ? (now > due ? now - due : 0) : (due > now ? due - now : 0), age);
    snprintf(buf, 32, "%s %s", age, b->breached ? "late" : "left");
    return buf;
}

static const struct {
    const char *name;
    int sort;
} blocker_sorts[] = {
    {"urgency", BLOCKER_SORT_URGENCY}, {"severity", BLOCKER_SORT_SEVERITY},
    {"key", BLOCKER_SORT_KEY},         {"title", BLOCKER_SORT_TITLE},
    {"project", BLOCKER_SORT_PROJECT}, {"waiting-on", BLOCKER_SORT_WAITING_ON},
    {"owner", BLOCKER_SORT_OWNER},     {"state", BLOCKER_SORT_STATE},
    {"age", BLOCKER_SORT_AGE},
};

/* The filters blocker list and blocker count share, checked the same way,
 * so that a count is the number of rows the listing would print. */
static int blocker_filters(struct cli *c, struct query *q, struct err *e)
{
    const char *state = cli_opt(c, "state");
    q->state = !state ? "open" : strcmp(state, "all") == 0 ? NULL : state;
    q->dept = cli_opt(c, "dept");
    q->waiting_on = cli_opt(c, "waiting-on");
    q->project = cli_opt(c, "project");
    q->severity = (int)cli_opt_long(c, "severity", 0);
    q->breached = cli_flag(c, "breached");
    q->tag = cli_opt(c, "tag");
    if ((q->dept && cli_check_department(c, q->dept, "--dept", e) < 0) ||
        (q->waiting_on && cli_check_department(c, q->waiting_on, "--waiting-on", e) < 0) ||
        (q->project && cli_check_project(c, q->project, "--project", e) < 0))
        return -e->code;
    return 0;
}

static const struct out_col count_cols[] = {{"count", OUT_NUM}};

/* blocker count: blocker_count answers from indexes (the state index,
 * narrowed by the other filters), never by reading the rows a listing
 * would format. The table form is the bare number, for scripts and
 * people alike; JSON is one object {"count":N}; CSV and Markdown are a
 * one-column table named count. */
static int blocker_count_emit(struct cli *c, const struct query *q, struct err *e)
{
    int64_t n = 0;
    if (blocker_count(c->st, q, &n, e) < 0)
        return -e->code;
    if (c->format == OUT_TABLE) {
        fprintf(c->out, "%lld\n", (long long)n);
        return 0;
    }
    struct out o;
    out_init(&o, COLS(count_cols));
    out_row(&o);
    out_set_long(&o, 0, n);
    if (c->format == OUT_JSON)
        cli_emit_record(c, &o);
    else
        cli_emit(c, &o);
    out_fini(&o);
    return 0;
}

/* blocker list, and blocker count (the same filters) by verb. */
int cmd_blocker_list(struct cli *c, struct err *e)
{
    struct query q = {0};
    if (blocker_filters(c, &q, e) < 0)
        return -e->code;
    if (strcmp(c->cmd->verb, "count") == 0)
        return blocker_count_emit(c, &q, e);
    q.limit = (int)cli_opt_long(c, "limit", 0);
    const char *sort = cli_opt(c, "sort");
    for (size_t i = 0; sort && i < sizeof blocker_sorts / sizeof *blocker_sorts; i++)
        if (strcmp(sort, blocker_sorts[i].name) == 0)
            q.sort = blocker_sorts[i].sort;
    struct blocker *v = NULL;
    size_t n = 0;
    if (blocker_list(c->st, &q, &v, &n, e) < 0)
        return -e->code;
    struct out o;
    bool programs = c->format == OUT_JSON || c->format == OUT_CSV;
    out_init(&o, blocker_cols, programs ? COUNT_OF(blocker_cols) : BLOCKER_PEOPLE_COLS);
    for (size_t i = 0; i < n; i++) {
        char age[16], sla[32];
        out_row(&o);
        out_set(&o, 0, v[i].key);
        out_set(&o, 1, v[i].title);
        out_set(&o, 2, blocker_state_name(v[i].state));
        if (v[i].severity)
            out_set_long(&o, 3, v[i].severity);
        out_set(&o, 4, v[i].project);
        out_set(&o, 5, v[i].waiting_on);
        out_set(&o, 6, v[i].owner);
        out_set(&o, 7, age_of(v[i].raised_at, age));
        out_set(&o, 8, sla_words(&v[i], sla));
        if (!programs)
            continue;
        out_set(&o, 9, v[i].raised_at);
        long long days;
        if (age_days_of(v[i].raised_at, &days))
            out_set_long(&o, 10, days);
        out_set_bool(&o, 11, v[i].breached);
        out_set(&o, 12, v[i].sla_due);
    }
    cli_emit(c, &o);
    out_fini(&o);
    blocker_list_free(v, n);
    return 0;
}

/* The record's columns that show needs to say itself; then each other
 * field of the description that the blocker has (tags ...). */
static const struct out_col blocker_show_cols[] = {
    {"key", OUT_STR},          {"title", OUT_STR},        {"project", OUT_STR},
    {"department", OUT_STR},   {"state", OUT_STR},        {"severity", OUT_NUM},
    {"kind", OUT_STR},         {"waiting_on", OUT_STR},   {"owner", OUT_STR},
    {"raised_by", OUT_STR},    {"raised_at", OUT_TIME},    {"age", OUT_STR},
    {"age_days", OUT_NUM},     {"needed_by", OUT_STR},    {"sla_due", OUT_TIME},      {"breached", OUT_BOOL},
    {"snoozed_until", OUT_TIME}, {"duplicate_of", OUT_STR}, {"escalation_level", OUT_NUM},
    {"escalated_to", OUT_STR}, {"escalated_at", OUT_TIME}, {"reason", OUT_STR},
    {"updated_at", OUT_TIME},   {"version", OUT_NUM},      {"detail", OUT_STR},
};
#define N_SHOW_COLS (sizeof blocker_show_cols / sizeof *blocker_show_cols)
enum { SHOW_COLS_MAX = N_SHOW_COLS + 32 };

/* Whether show names field f among its own columns (or as the department). */
static bool show_says(const struct entity_field *f)
{
    for (size_t i = 0; i < N_SHOW_COLS; i++)
        if (strcmp(blocker_show_cols[i].name, f->name) == 0)
            return true;
    return strcmp(f->name, "project_dept") == 0;
}

int cmd_blocker_show(struct cli *c, struct err *e)
{
    struct blocker b = {0};
    if (blocker_get(c->st, c->args[0], &b, e) < 0)
        return -e->code;
    struct out_col cols[SHOW_COLS_MAX];
    size_t n_cols = N_SHOW_COLS;
    memcpy(cols, blocker_show_cols, sizeof blocker_show_cols);
    char buf[32];
    for (size_t i = 0; i < blocker_entity.n && n_cols < SHOW_COLS_MAX; i++) {
        const struct entity_field *f = &blocker_entity.fields[i];
        if ((f->flags & FL_ORG) && !show_says(f) && field_text(f, &b, buf))
            cols[n_cols++] = cli_out_col(f, true);
    }
    struct out o;
    out_init(&o, cols, n_cols);
    out_row(&o);
    cli_out_fields(&o, &blocker_entity, &b);
    /* what the blocker's fields do not hold as show says it */
    char age[16];
    out_set(&o, 3, b.project_dept);
    out_set(&o, 11, age_of(b.raised_at, age));
    long long days;
    if (age_days_of(b.raised_at, &days))
        out_set_long(&o, 12, days);
    int rc = emit_history(c, "blocker", b.key, &o, e);
    out_fini(&o);
    blocker_fini(&b);
    return rc;
}

int cmd_blocker_add(struct cli *c, struct err *e)
{
    const char *project = cli_opt(c, "project");
    if (cli_check_project(c, project, "--project", e) < 0)
        return -e->code;
    struct blocker b = {0};
    b.project = xstrdup(project);
    char *key = NULL;
    int rc = cli_set_fields(c, &blocker_entity, &b, e);
    if (!rc && blocker_add(c->st, &b, &key, e) < 0)
        rc = -e->code;
    if (!rc)
        fprintf(c->out, "%s\n", key);
    free(key);
    blocker_fini(&b);
    return rc;
}

/* ---- projects ---- */

static const struct out_col project_cols[] = {
    {"key", OUT_STR},    {"title", OUT_STR},  {"department", OUT_STR}, {"owner", OUT_STR},
    {"status", OUT_STR}, {"health", OUT_STR}, {"progress", OUT_NUM},   {"due", OUT_STR},
};

int cmd_project_list(struct cli *c, struct err *e)
{
    struct query q = {0};
    q.dept = cli_opt(c, "dept");
    q.limit = (int)cli_opt_long(c, "limit", 0);
    if (q.dept && cli_check_department(c, q.dept, "--dept", e) < 0)
        return -e->code;
    struct project *v = NULL;
    size_t n = 0;
    if (cli_flag(c, "unaligned") ? project_unaligned(c->st, q.dept, &v, &n, e) < 0
                                 : project_list(c->st, &q, &v, &n, e) < 0)
        return -e->code;
    size_t shown = q.limit && n > (size_t)q.limit ? (size_t)q.limit : n;
    struct out o;
    out_init(&o, COLS(project_cols));
    for (size_t i = 0; i < shown; i++) {
        out_row(&o);
        out_set(&o, 0, v[i].key);
        out_set(&o, 1, v[i].title);
        out_set(&o, 2, v[i].department);
        out_set(&o, 3, v[i].owner);
        out_set(&o, 4, project_status_name(v[i].status));
        out_set(&o, 5, health_name(v[i].health));
        out_set_long(&o, 6, v[i].progress);
        out_set(&o, 7, v[i].due);
    }
    cli_emit(c, &o);
    out_fini(&o);
    project_list_free(v, n);
    return 0;
}

static const struct out_col project_show_cols[] = {
    {"key", OUT_STR},          {"title", OUT_STR},         {"department", OUT_STR},
    {"owner", OUT_STR},        {"status", OUT_STR},        {"health", OUT_STR},
    {"health_set", OUT_STR},   {"progress", OUT_NUM},      {"start", OUT_STR},
    {"due", OUT_STR},          {"overdue", OUT_BOOL},      {"open_blockers", OUT_NUM},
    {"depends_on", OUT_LIST},  {"dependents", OUT_LIST},   {"dep_at_risk", OUT_BOOL},
    {"version", OUT_NUM},      {"description", OUT_STR},
};

int cmd_project_show(struct cli *c, struct err *e)
{
    struct project p = {0};
    if (project_get(c->st, c->args[0], &p, e) < 0)
        return -e->code;
    struct project *dv = NULL;
    size_t dn = 0;
    if (project_dependents(c->st, p.key, &dv, &dn, e) < 0) {
        project_fini(&p);
        return -e->code;
    }
    struct out o;
    out_init(&o, COLS(project_show_cols));
    out_row(&o);
    cli_out_fields(&o, &project_entity, &p);
    /* health is the one in force (the field is the one set by hand) */
    out_set(&o, 5, health_name(p.health));
    out_set(&o, 6, p.health_set == HEALTH_UNKNOWN ? "derived" : health_name(p.health_set));
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < p.n_depends_on; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", p.depends_on[i]);
    out_set(&o, 12, sb_str(&sb));
    sb_clear(&sb);
    for (size_t i = 0; i < dn; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", dv[i].key);
    out_set(&o, 13, sb_str(&sb));
    sb_fini(&sb);
    int rc = emit_history(c, "project", p.key, &o, e);
    out_fini(&o);
    project_list_free(dv, dn);
    project_fini(&p);
    return rc;
}

/* ---- departments ---- */

static const struct out_col dept_cols[] = {
    {"key", OUT_STR},          {"name", OUT_STR},           {"lead", OUT_STR},
    {"health", OUT_STR},       {"open_blockers", OUT_NUM},  {"new_blockers", OUT_NUM},
    {"projects_at_risk", OUT_NUM}, {"indicators_off", OUT_NUM},
};

int cmd_department_list(struct cli *c, struct err *e)
{
    struct query q = {0};
    q.limit = (int)cli_opt_long(c, "limit", 0);
    const char *only = cli_opt(c, "dept");
    if (only && cli_check_department(c, only, "--dept", e) < 0)
        return -e->code;
    struct department *v = NULL;
    size_t n = 0;
    if (department_list(c->st, &q, &v, &n, e) < 0)
        return -e->code;
    struct out o;
    out_init(&o, COLS(dept_cols));
    for (size_t i = 0; i < n; i++) {
        if (only && strcmp(v[i].key, only) != 0)
            continue;
        out_row(&o);
        out_set(&o, 0, v[i].key);
        out_set(&o, 1, v[i].name);
        out_set(&o, 2, v[i].lead);
        out_set(&o, 3, health_name(v[i].health));
        out_set_long(&o, 4, v[i].open_blockers);
        out_set_long(&o, 5, v[i].new_blockers);
        out_set_long(&o, 6, v[i].projects_at_risk);
        out_set_long(&o, 7, v[i].indicators_off);
    }
    cli_emit(c, &o);
    out_fini(&o);
    department_list_free(v, n);
    return 0;
}

/* ---- people ---- */

static const struct out_col person_cols[] = {
    {"login", OUT_STR}, {"name", OUT_STR}, {"title", OUT_STR}, {"department", OUT_STR},
};

int cmd_person_list(struct cli *c, struct err *e)
{
    struct query q = {0};
    q.limit = (int)cli_opt_long(c, "limit", 0);
    q.dept = cli_opt(c, "dept");
    if (q.dept && cli_check_department(c, q.dept, "--dept", e) < 0)
        return -e->code;
    struct person *v = NULL;
    size_t n = 0;
    if (person_list(c->st, &q, &v, &n, e) < 0)
        return -e->code;
    struct out o;
    out_init(&o, COLS(person_cols));
    for (size_t i = 0; i < n; i++) {
        out_row(&o);
        out_set(&o, 0, v[i].login);
        out_set(&o, 1, v[i].name);
        out_set(&o, 2, v[i].title);
        out_set(&o, 3, v[i].department);
    }
    cli_emit(c, &o);
    out_fini(&o);
    person_list_free(v, n);
    return 0;
}
