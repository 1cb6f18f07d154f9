/*
 * baton flow: who waits on whom (flow.h), as a page for people (table), a
 * document (md), one JSON object, or CSV sections (matrix, departments,
 * aging), each a table with its header.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/cli.h"
#include "baton/flow.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "baton/view.h"

#define COLS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const struct out_col matrix_cols[] = {
    {"from", OUT_STR}, {"to", OUT_STR}, {"open", OUT_NUM}, {"breached", OUT_NUM},
    {"oldest_days", OUT_NUM},
};

/* A department's figures, each followed by its trend (the change against
 * the previous window), as JSON and CSV, the table for people and the
 * Markdown of the minutes and the report (--full) name them. */
enum spelling { SPELL_DATA, SPELL_PEOPLE, SPELL_MD, N_SPELLINGS };
static const struct {
    const char *name[N_SPELLINGS];
    const char *trend_data; /* the trend's name in data; people read "trend" */
    size_t off;             /* of its struct flow_figure in struct flow_dept */
} dept_figures[] = {
    {{"waiting_on_it", "waiting", "Waiting on it"},
     "waiting_on_it_trend",
     offsetof(struct flow_dept, waiting_on_it)},
    {{"blocked_project_days", "project_days", "Blocked project-days"},
     "blocked_project_days_trend",
     offsetof(struct flow_dept, blocked_project_days)},
    {{"median_first_verdict_hours", "first_verdict_h", "First verdict, median hours"},
     "median_first_verdict_hours_trend",
     offsetof(struct flow_dept, median_first_verdict_hours)},
    {{"median_resolve_days", "resolve_days", "Accepted to resolved, median days"},
     "median_resolve_days_trend",
     offsetof(struct flow_dept, median_resolve_days)},
    {{"resolved_per_week", "resolved_wk", "Resolved per week"},
     "resolved_per_week_trend",
     offsetof(struct flow_dept, resolved_per_week)},
};
#define N_FIGURES (sizeof dept_figures / sizeof *dept_figures)
static const char *const dept_heading[N_SPELLINGS] = {"key", "dept", "Department"};
static const char *const trend_heading[N_SPELLINGS] = {NULL, "trend", "Trend"};

static const struct out_col aging_cols[] = {
    {"week", OUT_STR}, {"under_1w", OUT_NUM}, {"1_2w", OUT_NUM},
    {"2_4w", OUT_NUM}, {"over_4w", OUT_NUM},  {"total", OUT_NUM},
};

/* One decimal is what a person reads; JSON keeps the same. */
static double tenth(double v)
{
    return round(v * 10.0) / 10.0;
}

static void set_num(struct out *o, size_t col, double v, bool have)
{
    if (have)
        out_set_double(o, col, tenth(v) == 0 ? 0 : tenth(v));
}

static void set_trend(struct out *o, size_t col, const struct flow_figure *f, bool signed_text)
{
    if (!f->have || !f->have_prev)
        return;
    double d = tenth(f->now - f->prev);
    if (d == 0)
        d = 0; /* never "-0" */
    if (signed_text && d > 0) {
        char buf[40];
        out_fmt_double(d, buf);
        out_setf(o, col, "+%s", buf);
    } else {
        out_set_double(o, col, d);
    }
}

static void fill_matrix(struct out *o, const struct flow *f)
{
    out_init(o, COLS(matrix_cols));
    for (size_t i = 0; i < f->n_cell; i++) {
        const struct flow_cell *c = &f->cell[i];
        out_row(o);
        out_set(o, 0, f->dept[c->from].key);
        out_set(o, 1, f->dept[c->to].key);
        out_set_long(o, 2, (long long)c->open);
        out_set_long(o, 3, (long long)c->breached);
        out_set_long(o, 4, (long long)c->oldest_days);
    }
}

static bool shown(const struct flow *f, const char *dept, size_t i)
{
    return !dept || strcmp(f->dept[i].key, dept) == 0;
}

enum { DEPT_COLS = 1 + 2 * N_FIGURES };

/* The departments' figures with their columns in one spelling (for
 * people, the trends signed: "+2.5"); o borrows cols. */
static void fill_depts(struct out *o, struct out_col cols[DEPT_COLS], const struct flow *f,
                       const char *dept, enum spelling sp)
{
    cols[0] = (struct out_col){dept_heading[sp], OUT_STR};
    for (size_t k = 0; k < N_FIGURES; k++) {
        cols[1 + 2 * k] = (struct out_col){dept_figures[k].name[sp], OUT_NUM};
        cols[2 + 2 * k] = (struct out_col){
            sp == SPELL_DATA ? dept_figures[k].trend_data : trend_heading[sp], OUT_NUM};
    }
    out_init(o, cols, DEPT_COLS);
    for (size_t i = 0; i < f->n_dept; i++) {
        if (!shown(f, dept, i))
            continue;
        const struct flow_dept *d = &f->dept[i];
        out_row(o);
        out_set(o, 0, d->key);
        for (size_t k = 0; k < N_FIGURES; k++) {
            const struct flow_figure *fig =
                (const void *)((const char *)d + dept_figures[k].off);
            set_num(o, 1 + 2 * k, fig->now, fig->have);
            set_trend(o, 2 + 2 * k, fig, sp != SPELL_DATA);
        }
    }
}

static void fill_aging(struct out *o, const struct flow *f)
{
    out_init(o, COLS(aging_cols));
    for (int k = 0; k < FLOW_WEEKS; k++) {
        char day[16];
        time_fmt_date(f->week[k].at, day);
        out_row(o);
        out_set(o, 0, day);
        int64_t total = 0;
        for (int b = 0; b < FLOW_BANDS; b++) {
            out_set_long(o, 1 + (size_t)b, (long long)f->week[k].band[b]);
            total += f->week[k].band[b];
        }
        out_set_long(o, 5, (long long)total);
    }
}

static void bottleneck_line(struct strbuf *sb, const struct flow *f)
{
    if (f->bottleneck < 0) {
        sb_add(sb, "bottleneck: none (no open blocker waits on a department)");
        return;
    }
    sb_addf(sb, "bottleneck: %s, %.0f%% of blocked project-days (%.1f of %.1f)",
            f->dept[f->bottleneck].key, f->bottleneck_share * 100.0,
            tenth(f->dept[f->bottleneck].blocked_project_days.now), tenth(f->total_project_days));
}

static void window_line(struct strbuf *sb, const struct flow *f)
{
    char a[16], b[16], p[16];
    time_org_date(f->since, a);
    time_org_date(f->now, b);
    time_org_date(f->prev_since, p);
    long days = (long)((f->now - f->since) / 86400);
    sb_addf(sb, "window: %s to %s (%ld %s), trends against %s to %s", a, b, days,
            view_plural(days, "day", "days"), p, a);
}

/* The matrix as a grid for people: blocked departments down, departments
 * waited on across, "open/breached" per cell. */
static void grid(struct strbuf *sb, const struct flow *f, const struct out_opts *oo)
{
    size_t n = f->n_dept;
    struct out_col *cols = calloc(n + 1, sizeof *cols);
    cols[0] = (struct out_col){"from \\ to", OUT_STR};
    for (size_t j = 0; j < n; j++)
        cols[j + 1] = (struct out_col){f->dept[j].key, OUT_NUM};
    struct out o;
    out_init(&o, cols, n + 1);
    for (size_t i = 0; i < n; i++) {
        bool any = false;
        for (size_t j = 0; j < n; j++)
            any = any || flow_cell_at(f, i, j) || flow_cell_at(f, j, i);
        if (!any)
            continue;
        out_row(&o);
        out_set(&o, 0, f->dept[i].key);
        for (size_t j = 0; j < n; j++) {
            const struct flow_cell *c = flow_cell_at(f, i, j);
            if (!c)
                out_set(&o, j + 1, ".");
            else if (c->breached)
                out_setf(&o, j + 1, "%lld/%lld", (long long)c->open, (long long)c->breached);
            else
                out_set_long(&o, j + 1, (long long)c->open);
        }
    }
    out_render(sb, &o, OUT_TABLE, oo);
    out_fini(&o);
    free(cols);
}

static void emit_table(struct cli *c, const struct flow *f, const char *dept)
{
    struct out_opts oo = out_opts_default();
    struct strbuf sb;
    sb_init(&sb);
    bottleneck_line(&sb, f);
    sb_add(&sb, "\n");
    window_line(&sb, f);
    sb_addf(&sb, "\n\nOpen blockers waiting on a department: %lld (open/past SLA; rows wait "
                 "on columns)",
            (long long)f->open_waiting);
    if (f->no_waiting_on)
        sb_addf(&sb, "; %lld more name no department", (long long)f->no_waiting_on);
    sb_add(&sb, "\n");
    if (f->n_cell)
        grid(&sb, f, &oo);
    else
        sb_add(&sb, "(none)\n");
    struct out o;
    struct out_col cols[DEPT_COLS];
    sb_add(&sb, "\nPer department waited on (trend: against the previous window):\n");
    fill_depts(&o, cols, f, dept, SPELL_PEOPLE);
    out_render(&sb, &o, OUT_TABLE, &oo);
    out_fini(&o);
    sb_add(&sb, "\nOpen blockers by age, week by week:\n");
    fill_aging(&o, f);
    out_render(&sb, &o, OUT_TABLE, &oo);
    out_fini(&o);
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
}

/* out_render's JSON array without its closing newline. */
static void json_array(struct strbuf *sb, const struct out *o)
{
    struct strbuf a;
    sb_init(&a);
    out_render(&a, o, OUT_JSON, NULL);
    const char *s = sb_str(&a);
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n')
        n--;
    sb_addn(sb, s, n);
    sb_fini(&a);
}

static void emit_json(struct cli *c, const struct flow *f, const char *dept)
{
    struct strbuf sb;
    sb_init(&sb);
    char a[32], b[32];
    time_fmt_iso(f->since, a);
    time_fmt_iso(f->now, b);
    sb_addf(&sb, "{\"since\":\"%s\",\"until\":\"%s\",\"bottleneck\":", a, b);
    out_json_string(&sb, f->bottleneck >= 0 ? f->dept[f->bottleneck].key : NULL);
    char share[40];
    out_fmt_double(round(f->bottleneck_share * 1000.0) / 1000.0, share);
    sb_addf(&sb, ",\"bottleneck_share\":%s,\"open_waiting\":%lld,\"no_waiting_on\":%lld", share,
            (long long)f->open_waiting, (long long)f->no_waiting_on);
    struct out o;
    sb_add(&sb, ",\"matrix\":");
    fill_matrix(&o, f);
    json_array(&sb, &o);
    out_fini(&o);
    sb_add(&sb, ",\"departments\":");
    struct out_col cols[DEPT_COLS];
    fill_depts(&o, cols, f, dept, SPELL_DATA);
    json_array(&sb, &o);
    out_fini(&o);
    sb_add(&sb, ",\"aging\":");
    fill_aging(&o, f);
    json_array(&sb, &o);
    out_fini(&o);
    sb_add(&sb, "}\n");
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
}

/* CSV and Markdown: the three tables one after another, each named. */
static void emit_sections(struct cli *c, const struct flow *f, const char *dept)
{
    struct strbuf sb;
    sb_init(&sb);
    bool md = c->format == OUT_MD;
    if (md) {
        sb_add(&sb, "# Flow of blockers\n\n");
        bottleneck_line(&sb, f);
        sb_add(&sb, "\n\n");
        window_line(&sb, f);
        sb_add(&sb, "\n");
    }
    static const char *const names[] = {"matrix", "departments", "aging"};
    for (int i = 0; i < 3; i++) {
        struct out o;
        struct out_col cols[DEPT_COLS];
        if (i == 0)
            fill_matrix(&o, f);
        else if (i == 1)
            fill_depts(&o, cols, f, dept, SPELL_DATA);
        else
            fill_aging(&o, f);
        if (md)
            sb_addf(&sb, "\n## %s\n\n", names[i]);
        else
            sb_addf(&sb, "%s%s\n\n", i ? "\n" : "", names[i]);
        out_render(&sb, &o, c->format, NULL);
        out_fini(&o);
    }
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
}

void cli_flow_md(struct strbuf *sb, const struct flow *f)
{
    if (f->bottleneck < 0)
        sb_add(sb, "\nBottleneck: none (no open blocker waits on a department).");
    else
        sb_addf(sb, "\nBottleneck: %s, %.0f%% of blocked project-days.",
                f->dept[f->bottleneck].key, f->bottleneck_share * 100.0);
    size_t idx[CLI_FLOW_TOP];
    size_t n = flow_top_cells(f, idx, CLI_FLOW_TOP);
    sb_add(sb, " Largest flows between departments: ");
    if (!n)
        sb_add(sb, "none");
    for (size_t i = 0; i < n; i++) {
        const struct flow_cell *c = &f->cell[idx[i]];
        sb_addf(sb, "%s%s → %s %lld open", i ? "; " : "", f->dept[c->from].key,
                f->dept[c->to].key, (long long)c->open);
        if (c->breached)
            sb_addf(sb, " (%lld past SLA)", (long long)c->breached);
    }
    sb_add(sb, ".\n");
}

void cli_flow_md_departments(struct strbuf *sb, const struct flow *f)
{
    char a[16], b[16], p[16];
    time_org_date(f->since, a);
    time_org_date(f->now, b);
    time_org_date(f->prev_since, p);
    sb_add(sb, "\n## Flow by department waited on\n\n");
    sb_addf(sb, "From %s to %s; each trend is the change against %s to %s (for the two counts "
                "of now, against %s). `baton flow` gives the matrix and the aging chart.\n\n",
            a, b, p, a, a);
    struct out o;
    struct out_col cols[DEPT_COLS];
    fill_depts(&o, cols, f, NULL, SPELL_MD);
    out_render(sb, &o, OUT_MD, NULL);
    out_fini(&o);
}

void cli_flow_json(struct strbuf *sb, const struct flow *f)
{
    sb_add(sb, "{\"bottleneck\":");
    out_json_string(sb, f->bottleneck >= 0 ? f->dept[f->bottleneck].key : NULL);
    char share[40];
    out_fmt_double(round(f->bottleneck_share * 1000.0) / 1000.0, share);
    sb_addf(sb, ",\"bottleneck_share\":%s,\"flows\":[", share);
    size_t idx[CLI_FLOW_TOP];
    size_t n = flow_top_cells(f, idx, CLI_FLOW_TOP);
    for (size_t i = 0; i < n; i++) {
        const struct flow_cell *c = &f->cell[idx[i]];
        sb_add(sb, i ? ",{\"from\":" : "{\"from\":");
        out_json_string(sb, f->dept[c->from].key);
        sb_add(sb, ",\"to\":");
        out_json_string(sb, f->dept[c->to].key);
        sb_addf(sb, ",\"open\":%lld,\"breached\":%lld}", (long long)c->open,
                (long long)c->breached);
    }
    sb_add(sb, "]}");
}

int cmd_flow(struct cli *c, struct err *e)
{
    struct flow_query q = {0};
    const char *since = cli_opt(c, "since");
    if (since && !time_parse(since, &q.since))
        return err_set(e, ERR_USAGE, "--since: '%s' is not a date or time", since);
    q.dept = cli_opt(c, "dept");
    if (q.dept) {
        int rc = cli_check_department(c, q.dept, "--dept", e);
        if (rc)
            return rc;
    }
    struct flow f;
    int rc = flow_compute(c->st, &q, &f, e);
    if (rc)
        return rc;
    if (c->format == OUT_JSON)
        emit_json(c, &f, q.dept);
    else if (c->format == OUT_CSV || c->format == OUT_MD)
        emit_sections(c, &f, q.dept);
    else
        emit_table(c, &f, q.dept);
    flow_fini(&f);
    return 0;
}
