/*
 * The indicator subcommands: list, show, record and import. Listing
 * columns are the JSON field names scripts rely on; readings go through
 * the model, which checks the key, the time and the number.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/cli.h"
#include "baton/indicator.h"
#include "baton/timeutil.h"

#define COLS(a) a, sizeof a / sizeof *a

/* Prints a show page: the record, then a titled table (readings).
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

/* ---- indicators ---- */

static const struct out_col indicator_cols[] = {
    {"key", OUT_STR},   {"name", OUT_STR},   {"department", OUT_STR}, {"value", OUT_NUM},
    {"unit", OUT_STR},  {"target", OUT_NUM}, {"status", OUT_STR},     {"stale", OUT_BOOL},
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
        out_row(&o);
        out_set(&o, 0, v[i].key);
        out_set(&o, 1, v[i].name);
        out_set(&o, 2, v[i].department);
        if (v[i].has_value)
            out_set_double(&o, 3, v[i].value);
        out_set(&o, 4, v[i].unit);
        if (v[i].has_target)
            out_set_double(&o, 5, v[i].target);
        out_set(&o, 6, health_name(v[i].status));
        out_set_bool(&o, 7, v[i].stale);
    }
    cli_emit(c, &o);
    out_fini(&o);
    indicator_list_free(v, n);
    return 0;
}

static const struct out_col indicator_show_cols[] = {
    {"key", OUT_STR},       {"name", OUT_STR},     {"department", OUT_STR},
    {"owner", OUT_STR},     {"value", OUT_NUM},    {"value_at", OUT_STR},
    {"previous", OUT_NUM},  {"unit", OUT_STR},     {"format", OUT_STR},
    {"direction", OUT_STR}, {"target", OUT_NUM},   {"amber", OUT_NUM},
    {"red", OUT_NUM},       {"status", OUT_STR},   {"stale", OUT_BOOL},
    {"stale_days", OUT_NUM}, {"project", OUT_STR}, {"version", OUT_NUM},
};

static const struct out_col reading_cols[] = {
    {"at", OUT_STR}, {"value", OUT_NUM}, {"note", OUT_STR}, {"recorded_by", OUT_STR}};

int cmd_indicator_show(struct cli *c, struct err *e)
{
    struct indicator x = {0};
    if (indicator_get(c->st, c->args[0], &x, e) < 0)
        return -e->code;
    struct reading *rv = NULL;
    size_t rn = 0;
    if (indicator_readings(c->st, x.key, NULL, (int)cli_opt_long(c, "readings", 10), &rv, &rn,
                           e) < 0) {
        indicator_fini(&x);
        return -e->code;
    }
    struct out o;
    out_init(&o, COLS(indicator_show_cols));
    out_row(&o);
    out_set(&o, 0, x.key);
    out_set(&o, 1, x.name);
    out_set(&o, 2, x.department);
    out_set(&o, 3, x.owner);
    if (x.has_value)
        out_set_double(&o, 4, x.value);
    out_set(&o, 5, x.value_at);
    if (x.has_prev)
        out_set_double(&o, 6, x.prev);
    out_set(&o, 7, x.unit);
    out_set(&o, 8, x.format);
    out_set(&o, 9, direction_name(x.direction));
    if (x.has_target)
        out_set_double(&o, 10, x.target);
    if (x.has_amber)
        out_set_double(&o, 11, x.amber);
    if (x.has_red)
        out_set_double(&o, 12, x.red);
    out_set(&o, 13, health_name(x.status));
    out_set_bool(&o, 14, x.stale);
    out_set_long(&o, 15, x.stale_days);
    out_set(&o, 16, x.project);
    out_set_long(&o, 17, x.version);
    struct out r;
    out_init(&r, COLS(reading_cols));
    for (size_t i = 0; i < rn; i++) {
        out_row(&r);
        out_set(&r, 0, rv[i].at);
        out_set_double(&r, 1, rv[i].value);
        out_set(&r, 2, rv[i].note);
        out_set(&r, 3, rv[i].recorded_by);
    }
    emit_show(c, &o, "readings", "Latest readings, oldest first", &r);
    out_fini(&r);
    out_fini(&o);
    reading_list_free(rv, rn);
    indicator_fini(&x);
    return 0;
}


int cmd_indicator_record(struct cli *c, struct err *e)
{
    const char *key = c->args[0];
    double value;
    if (!str_to_double(c->args[1], &value))
        return err_set(e, ERR_USAGE, "VALUE must be a number like 1.2e6 or 2.7, not '%s'",
                       c->args[1]);
    struct indicator x = {0};
    if (indicator_get(c->st, key, &x, e) < 0)
        return -e->code;
    char what[96];
    snprintf(what, sizeof what, "record a reading of %s", key);
    int rc = cli_require_role(c, x.department, ROLE_MEMBER, what, e);
    indicator_fini(&x);
    if (rc < 0)
        return rc;
    char at[32];
    const char *a = cli_opt(c, "at");
    btime t;
    if (a && time_parse(a, &t))
        time_fmt_iso(t, at);
    if (indicator_record(c->st, key, a ? at : NULL, value, cli_opt(c, "note"), e) < 0)
        return -e->code;
    if (indicator_get(c->st, key, &x, e) < 0)
        return -e->code;
    char num[40];
    out_fmt_double(value, num);
    fprintf(c->out, "%s: %s%s%s (%s)\n", key, num, x.unit ? " " : "", x.unit ? x.unit : "",
            health_name(x.status));
    indicator_fini(&x);
    return 0;
}
