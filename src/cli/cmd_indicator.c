/*
 * The indicator subcommands: list, show, add, edit, set-target, record and
 * import. Listing columns are the JSON field names scripts rely on; the
 * model checks keys, times, numbers, thresholds and rights, so this file
 * maps options onto model calls, refuses what cannot be a number before
 * anything is written, and prints what happened in one line.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "baton/cli.h"
#include "baton/indicator.h"
#include "baton/readings.h"
#include "baton/timeutil.h"

#define COLS(a) a, sizeof a / sizeof *a

/* A titled table under a show page's record. */
struct section {
    const char *member;  /* JSON member name */
    const char *heading; /* heading for people */
    const struct out *o;
};

/* Prints a show page: the record, then each section. JSON is the record's
 * object with each section's rows as one more member. */
static void emit_page(struct cli *c, const struct out *rec, const struct section *secs,
                      size_t n)
{
    if (c->format == OUT_JSON) {
        struct strbuf sb;
        sb_init(&sb);
        out_render_json_object(&sb, rec, 0);
        sb.s[--sb.len] = '\0'; /* reopen the object */
        for (size_t k = 0; k < n; k++) {
            sb_addf(&sb, ",\"%s\":[", secs[k].member);
            for (size_t r = 0; r < secs[k].o->n_rows; r++) {
                if (r)
                    sb_addc(&sb, ',');
                out_render_json_object(&sb, secs[k].o, r);
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
        fprintf(c->out, "\n%s:\n", secs[k].heading);
        if (secs[k].o->n_rows)
            cli_emit(c, secs[k].o);
        else
            fprintf(c->out, "  (none)\n");
    }
}

/* A number the user typed for VALUE, --target ...: finite, or refused
 * with the spelling wanted; what (may be NULL) names where it was typed. */
static int parse_number(const char *what, const char *s, double *out, struct err *e)
{
    char why[160];
    if (!str_to_number(s, out, why, sizeof why))
        return err_set(e, ERR_USAGE, "%s%s%s", what ? what : "", what ? ": " : "", why);
    return 0;
}

/* An optional number option: absent leaves *has and *v; "none" clears. */
static int opt_number(struct cli *c, const char *name, bool *has, double *v, struct err *e)
{
    const char *s = cli_opt(c, name);
    if (!s)
        return 0;
    if (strcmp(s, "none") == 0) {
        *has = false;
        *v = 0;
        return 0;
    }
    char what[48];
    snprintf(what, sizeof what, "--%s", name);
    if (parse_number(what, s, v, e) < 0)
        return -ERR_USAGE;
    *has = true;
    return 0;
}

/* Definitions belong to the leads of their department; company-wide ones
 * to admins. */
static int require_definer(struct cli *c, const char *dept, const char *what, struct err *e)
{
    return cli_require_role(c, dept, dept ? ROLE_LEAD : ROLE_ADMIN, what, e);
}

/* ---- list ---- */

/* The first eight columns are those scripts have read since the start:
 * new ones go at the end. */
static const struct out_col indicator_cols[] = {
    {"key", OUT_STR},   {"name", OUT_STR},   {"department", OUT_STR}, {"value", OUT_NUM},
    {"unit", OUT_STR},  {"target", OUT_NUM}, {"status", OUT_STR},     {"stale", OUT_BOOL},
    {"trend", OUT_NUM}, {"display", OUT_STR}, {"at", OUT_TIME},
};

int cmd_indicator_list(struct cli *c, struct err *e)
{
    struct query q = {0};
    q.dept = cli_opt(c, "dept");
    q.limit = (int)cli_opt_long(c, "limit", 0);
    if (q.dept && cli_check_department(c, q.dept, "--dept", e) < 0)
        return -e->code;
    struct indicator *v = NULL;
    size_t n = 0;
    if (indicator_list(c->st, &q, &v, &n, e) < 0)
        return -e->code;
    struct out o;
    out_init(&o, COLS(indicator_cols));
    for (size_t i = 0; i < n; i++) {
        const struct indicator *x = &v[i];
        out_row(&o);
        out_set(&o, 0, x->key);
        out_set(&o, 1, x->name);
        out_set(&o, 2, x->department);
        if (x->has_value) {
            char shown[64];
            out_set_double(&o, 3, x->value);
            indicator_format(x, x->value, shown, sizeof shown);
            out_set(&o, 9, shown);
        }
        out_set(&o, 4, x->unit);
        if (x->has_target)
            out_set_double(&o, 5, x->target);
        out_set(&o, 6, health_name(x->status));
        out_set_bool(&o, 7, x->stale);
        if (x->has_value && x->has_prev) {
            /* The change as people typed it: 2.7 - 4 is -1.3, not -1.2999999999999998. */
            char buf[40];
            snprintf(buf, sizeof buf, "%.12g", x->value - x->prev);
            out_set_double(&o, 8, strtod(buf, NULL));
        }
        out_set(&o, 10, x->value_at);
    }
    cli_emit(c, &o);
    out_fini(&o);
    indicator_list_free(v, n);
    return 0;
}

/* ---- show ---- */

static const struct out_col indicator_show_cols[] = {
    {"key", OUT_STR},        {"name", OUT_STR},       {"department", OUT_STR},
    {"owner", OUT_STR},      {"value", OUT_NUM},      {"display", OUT_STR},
    {"value_at", OUT_TIME},   {"previous", OUT_NUM},   {"unit", OUT_STR},
    {"format", OUT_STR},     {"direction", OUT_STR},  {"target", OUT_NUM},
    {"amber", OUT_NUM},      {"red", OUT_NUM},        {"status", OUT_STR},
    {"stale", OUT_BOOL},     {"stale_days", OUT_NUM}, {"project", OUT_STR},
    {"version", OUT_NUM},    {"trend", OUT_NUM},      {"trend_7d", OUT_NUM},
    {"trend_30d", OUT_NUM},  {"trend_text", OUT_STR},
};

static const struct out_col reading_cols[] = {
    {"at", OUT_TIME},    {"value", OUT_NUM}, {"display", OUT_STR},
    {"status", OUT_STR}, {"note", OUT_STR},  {"recorded_by", OUT_STR},
};

static const struct out_col target_cols[] = {
    {"from", OUT_TIME}, {"target", OUT_NUM}, {"amber", OUT_NUM}, {"red", OUT_NUM}};

/* "+0.3% vs previous (better)" for each comparison there is. */
static void trend_text(const struct indicator *x, const struct indicator_trend *t,
                       struct strbuf *sb)
{
    const struct {
        const struct trend_delta *d;
        const char *label;
    } parts[] = {{&t->prev, "vs previous"}, {&t->week, "vs 7 days"}, {&t->month, "vs 30 days"}};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        const struct trend_delta *d = parts[k].d;
        if (!d->has)
            continue;
        char change[64];
        indicator_format_delta(x, d->change, change, sizeof change);
        sb_addf(sb, "%s%s %s (%s)", sb->len ? "; " : "", change, parts[k].label,
                d->verdict > 0 ? "better" : d->verdict < 0 ? "worse" : "same");
    }
}

static void set_opt_double(struct out *o, size_t col, bool has, double v)
{
    if (has)
        out_set_double(o, col, v);
}

int cmd_indicator_show(struct cli *c, struct err *e)
{
    struct indicator x = {0};
    if (indicator_get(c->st, c->args[0], &x, e) < 0)
        return -e->code;
    struct reading *rv = NULL;
    size_t rn = 0;
    struct indicator_target *tv = NULL;
    size_t tn = 0;
    struct indicator_trend t;
    if (indicator_readings(c->st, x.key, NULL, (int)cli_opt_long(c, "readings", 10), &rv, &rn,
                           e) < 0 ||
        indicator_targets(c->st, x.key, &tv, &tn, e) < 0 ||
        indicator_trend(c->st, x.key, &t, e) < 0) {
        reading_list_free(rv, rn);
        indicator_target_list_free(tv, tn);
        indicator_fini(&x);
        return -e->code;
    }
    char shown[64];
    struct out o;
    out_init(&o, COLS(indicator_show_cols));
    out_row(&o);
    out_set(&o, 0, x.key);
    out_set(&o, 1, x.name);
    out_set(&o, 2, x.department);
    out_set(&o, 3, x.owner);
    if (x.has_value) {
        out_set_double(&o, 4, x.value);
        indicator_format(&x, x.value, shown, sizeof shown);
        out_set(&o, 5, shown);
    }
    out_set(&o, 6, x.value_at);
    set_opt_double(&o, 7, x.has_prev, x.prev);
    out_set(&o, 8, x.unit);
    out_set(&o, 9, x.format);
    out_set(&o, 10, direction_name(x.direction));
    set_opt_double(&o, 11, x.has_target, x.target);
    set_opt_double(&o, 12, x.has_amber, x.amber);
    set_opt_double(&o, 13, x.has_red, x.red);
    out_set(&o, 14, health_name(x.status));
    out_set_bool(&o, 15, x.stale);
    out_set_long(&o, 16, x.stale_days);
    out_set(&o, 17, x.project);
    out_set_long(&o, 18, x.version);
    set_opt_double(&o, 19, t.prev.has, t.prev.change);
    set_opt_double(&o, 20, t.week.has, t.week.change);
    set_opt_double(&o, 21, t.month.has, t.month.change);
    struct strbuf sb;
    sb_init(&sb);
    trend_text(&x, &t, &sb);
    out_set(&o, 22, sb.len ? sb_str(&sb) : NULL);
    sb_fini(&sb);

    struct out targets;
    out_init(&targets, COLS(target_cols));
    for (size_t i = 0; i < tn; i++) {
        out_row(&targets);
        out_set(&targets, 0, tv[i].from_at ? tv[i].from_at : "(defined)");
        set_opt_double(&targets, 1, tv[i].has_target, tv[i].target);
        set_opt_double(&targets, 2, tv[i].has_amber, tv[i].amber);
        set_opt_double(&targets, 3, tv[i].has_red, tv[i].red);
    }
    struct out r;
    out_init(&r, COLS(reading_cols));
    /* Newest first, as a history reads (the model gives them oldest first). */
    for (size_t i = rn; i-- > 0;) {
        out_row(&r);
        out_set(&r, 0, rv[i].at);
        out_set_double(&r, 1, rv[i].value);
        indicator_format(&x, rv[i].value, shown, sizeof shown);
        out_set(&r, 2, shown);
        out_set(&r, 3, health_name(rv[i].status));
        out_set(&r, 4, rv[i].note);
        out_set(&r, 5, rv[i].recorded_by);
    }
    const struct section secs[] = {
        {"targets", "Targets, oldest first (each reading is judged by the one in force then)",
         &targets},
        {"readings", "Latest readings, newest first, with their status when taken", &r},
    };
    emit_page(c, &o, secs, sizeof secs / sizeof secs[0]);
    out_fini(&r);
    out_fini(&targets);
    out_fini(&o);
    reading_list_free(rv, rn);
    indicator_target_list_free(tv, tn);
    indicator_fini(&x);
    return 0;
}

/* ---- add and edit ---- */

/* Applies the definition options given to x (for add: on a zeroed one):
 * the descriptor's fields by their flags, "none" clearing an optional
 * one, and the format from --format. */
static int apply_definition(struct cli *c, struct indicator *x, struct err *e)
{
    if (cli_set_fields_none(c, &indicator_entity, x, e) < 0)
        return -e->code;
    if (x->department && cli_check_department(c, x->department, "--department", e) < 0)
        return -e->code;
    if (x->project && cli_check_project(c, x->project, "--project", e) < 0)
        return -e->code;
    if (c->format_s)
        str_replace(&x->format, c->format_s);
    return 0;
}

int cmd_indicator_add(struct cli *c, struct err *e)
{
    struct indicator x = {0};
    x.key = xstrdup(c->args[0]);
    int rc = apply_definition(c, &x, e);
    char what[128];
    snprintf(what, sizeof what, "adding indicator %s", x.key);
    if (!rc)
        rc = require_definer(c, x.department, what, e);
    if (!rc && indicator_add(c->st, &x, e) < 0)
        rc = -e->code;
    indicator_fini(&x);
    return cli_written(c, rc, "added");
}

/* The indicator the command names, in x, once the actor may define it;
 * what says what they do ("editing indicator revenue"), doing its verb. */
static int get_to_define(struct cli *c, struct indicator *x, const char *doing, char what[128],
                         struct err *e)
{
    if (indicator_get(c->st, c->args[0], x, e) < 0)
        return -e->code;
    snprintf(what, 128, "%s %s", doing, x->key);
    return require_definer(c, x->department, what, e);
}

int cmd_indicator_edit(struct cli *c, struct err *e)
{
    struct indicator x = {0};
    char what[128];
    int rc = get_to_define(c, &x, "editing indicator", what, e);
    if (!rc)
        rc = apply_definition(c, &x, e);
    if (!rc && x.department)
        rc = require_definer(c, x.department, what, e);
    else if (!rc)
        rc = require_definer(c, NULL, what, e);
    long expect = cli_opt_long(c, "expect-version", 0);
    if (expect)
        x.version = expect;
    if (!rc && indicator_update(c->st, &x, e) < 0)
        rc = -e->code;
    if (!rc) {
        struct indicator now = {0};
        if (indicator_get(c->st, x.key, &now, e) < 0) {
            rc = -e->code;
        } else {
            fprintf(c->out, "%s: saved (version %lld)\n", now.key, (long long)now.version);
            indicator_fini(&now);
        }
    }
    indicator_fini(&x);
    return rc;
}

/* ---- set-target ---- */

int cmd_indicator_set_target(struct cli *c, struct err *e)
{
    struct indicator x = {0};
    char what[128];
    int rc = get_to_define(c, &x, "setting the target of", what, e);
    char from[32];
    const char *f = cli_opt(c, "from");
    btime t;
    if (f && time_parse(f, &t))
        time_fmt_iso(t, from);
    else
        time_fmt_iso(time_now(), from);
    /* Thresholds not given carry over from those in force then. */
    struct indicator_target cur = {0}, nt = {0};
    if (!rc && indicator_target_at(c->st, x.key, from, &cur, e) < 0)
        rc = -e->code;
    if (!rc) {
        nt = cur;
        nt.from_at = NULL;
        if (strcmp(c->args[1], "none") == 0)
            nt.has_target = false;
        else if (parse_number("the target", c->args[1], &nt.target, e) < 0)
            rc = -ERR_USAGE;
        else
            nt.has_target = true;
    }
    if (!rc && (opt_number(c, "amber", &nt.has_amber, &nt.amber, e) < 0 ||
                opt_number(c, "red", &nt.has_red, &nt.red, e) < 0))
        rc = -ERR_USAGE;
    if (!rc && indicator_set_target(c->st, x.key, from, &nt, e) < 0)
        rc = -e->code;
    if (!rc) {
        char a[64] = "-", b[64] = "-", g[64] = "-";
        if (nt.has_target)
            indicator_format(&x, nt.target, g, sizeof g);
        if (nt.has_amber)
            indicator_format(&x, nt.amber, a, sizeof a);
        if (nt.has_red)
            indicator_format(&x, nt.red, b, sizeof b);
        char when[TIME_SHOW_MAX];
        time_show_text(from, when);
        fprintf(c->out, "%s: target %s, amber %s, red %s from %s\n", x.key, g, a, b, when);
    }
    free(cur.from_at);
    indicator_fini(&x);
    return rc;
}

/* ---- record ---- */

/* ERR_DENIED unless the actor may record readings of indicator key (the
 * member role in its department), saying what they do ("record a reading
 * of revenue", doing its verb); the model's error when there is no such
 * indicator. */
static int require_recorder(struct cli *c, const char *key, const char *doing, struct err *e)
{
    struct indicator x = {0};
    if (indicator_get(c->st, key, &x, e) < 0)
        return -e->code;
    char what[96];
    snprintf(what, sizeof what, "%s %s", doing, key);
    int rc = cli_require_role(c, x.department, ROLE_MEMBER, what, e);
    indicator_fini(&x);
    return rc;
}

int cmd_indicator_record(struct cli *c, struct err *e)
{
    const char *key = c->args[0];
    double value;
    if (parse_number(NULL, c->args[1], &value, e) < 0)
        return -ERR_USAGE;
    if (require_recorder(c, key, "record a reading of", e) < 0)
        return -e->code;
    struct indicator x = {0};
    char at[32];
    const char *a = cli_opt(c, "at");
    btime t;
    if (a && time_parse(a, &t))
        time_fmt_iso(t, at);
    if (indicator_record(c->st, key, a ? at : NULL, value, cli_opt(c, "note"), e) < 0)
        return -e->code;
    if (indicator_get(c->st, key, &x, e) < 0)
        return -e->code;
    /* The status of this reading, not of the latest one: a reading filled
     * in for last month says what last month's value meant. */
    enum health h;
    if (indicator_status_at(c->st, key, a ? at : NULL, value, &h, e) < 0) {
        indicator_fini(&x);
        return -e->code;
    }
    char shown[64];
    indicator_format(&x, value, shown, sizeof shown);
    fprintf(c->out, "%s: %s (%s)\n", key, shown, health_name(h));
    indicator_fini(&x);
    return 0;
}

/* ---- import ---- */

/* Members record readings of their departments: checked once per run of
 * one indicator. Unknown keys are left for the model to report by line. */
static int require_recorders(struct cli *c, const struct readings *r, struct err *e)
{
    const char *last = NULL;
    for (size_t k = 0; k < r->n; k++) {
        if (last && strcmp(last, r->v[k].key) == 0)
            continue;
        last = r->v[k].key;
        struct err why = {0};
        if (require_recorder(c, last, "record readings of", &why) < 0 && why.code == ERR_DENIED) {
            *e = why;
            return -e->code;
        }
    }
    return 0;
}

int cmd_indicator_import(struct cli *c, struct err *e)
{
    const char *path = c->args[0];
    enum readings_format f = READINGS_AUTO;
    if (c->format_s && !readings_format_parse(c->format_s, &f))
        return err_set(e, ERR_USAGE, "--format must be csv or yaml, not '%s'", c->format_s);
    struct readings r;
    if (readings_load(path, f, &r, e) < 0)
        return -e->code;
    struct indicator_import_stats s = {0};
    int rc = require_recorders(c, &r, e);
    if (!rc && indicator_import(c->st, path, r.v, r.n, &s, e) < 0)
        rc = -e->code;
    if (!rc) {
        fprintf(c->out, "imported %zu reading%s (%zu replaced", s.added + s.replaced,
                s.added + s.replaced == 1 ? "" : "s", s.replaced);
        if (s.unchanged)
            fprintf(c->out, ", %zu unchanged", s.unchanged);
        fprintf(c->out, ")\n");
    }
    readings_fini(&r);
    return rc;
}
