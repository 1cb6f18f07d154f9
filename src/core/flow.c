/*
 * flow: the figures of flow.h. The matrix and the load now are one pass
 * over the open blockers (through the open-blocker index); the medians and
 * the resolution rate read the audit log's verdict rows of the window
 * (through the event time index); the aging chart reads the open spell of
 * every blocker open during the last twelve weeks. Definitions are those
 * of README.md ("The flow of blockers").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baton/flow.h"
#include "baton/str.h"
#include "internal.h"

#define DAY 86400
#define WINDOW_DAYS 30

/* Verdicts: what a first answer to a blocker can be (not a wake-up, a
 * start or a reopening). */
#define FLOW_VERDICTS "('accept','resolve','decline','duplicate','snooze')"

static const char SQL_DEPTS[] =
    "SELECT d.id, d.key, d.name, d.archived FROM department d ORDER BY d.sort_order, d.key";

/* The open blockers by (blocked department, department waited on). */
static const char SQL_MATRIX[] =
    "SELECT p.department_id, b.waiting_on_id, count(*),"
    " sum(b.state IN ('new','accepted','in_progress') AND b.sla_due IS NOT NULL"
    "  AND b.sla_due < :now),"
    " min(CAST(strftime('%s', b.raised_at) AS INTEGER)),"
    " sum(CAST(strftime('%s', b.raised_at) AS INTEGER))"
    " FROM blocker b JOIN project p ON p.id = b.project_id"
    " WHERE " SQL_BLOCKER_OPEN("b") " GROUP BY 1, 2";

/* Blockers waiting on a department at time :t (the window's start): raised
 * by then and not closed by then. A closed blocker closed at its last
 * update; one open now was open since it was raised. */
static const char SQL_OPEN_AT[] =
    "SELECT b.waiting_on_id, count(*), sum(CAST(strftime('%s', b.raised_at) AS INTEGER))"
    " FROM blocker b WHERE b.waiting_on_id IS NOT NULL AND b.raised_at <= :t"
    " AND (" SQL_BLOCKER_OPEN("b") " OR b.updated_at > :t) GROUP BY 1";

/* First verdicts given in [:from, :to): hours from raising. */
static const char SQL_FIRST_VERDICT[] =
    "SELECT b.waiting_on_id,"
    " (julianday(e.at) - julianday(b.raised_at)) * 24"
    " FROM event e JOIN blocker b ON b.id = e.entity_id"
    " WHERE e.at >= :from AND e.at < :to AND e.entity = 'blocker' AND e.field = 'state'"
    " AND e.action IN " FLOW_VERDICTS " AND b.waiting_on_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM event f WHERE f.entity = 'blocker'"
    "  AND f.entity_id = e.entity_id AND f.id < e.id AND f.field = 'state'"
    "  AND f.action IN " FLOW_VERDICTS ")";

/* Resolutions in [:from, :to): days from the last acceptance before it
 * (NULL when resolved without one). */
static const char SQL_RESOLVED[] =
    "SELECT b.waiting_on_id,"
    " julianday(e.at) - julianday((SELECT a.at FROM event a WHERE a.entity = 'blocker'"
    "  AND a.entity_id = e.entity_id AND a.id < e.id AND a.action = 'accept'"
    "  AND a.field = 'state' ORDER BY a.id DESC LIMIT 1))"
    " FROM event e JOIN blocker b ON b.id = e.entity_id"
    " WHERE e.at >= :from AND e.at < :to AND e.entity = 'blocker' AND e.field = 'state'"
    " AND e.action = 'resolve' AND b.waiting_on_id IS NOT NULL";

/* Open spells that reach into the chart's twelve weeks: raising time,
 * closing time (NULL while open), and the two departments. */
static const char SQL_SPELLS[] =
    "SELECT CAST(strftime('%s', b.raised_at) AS INTEGER),"
    " CASE WHEN " SQL_BLOCKER_OPEN("b") " THEN NULL"
    "  ELSE CAST(strftime('%s', b.updated_at) AS INTEGER) END,"
    " b.waiting_on_id, p.department_id"
    " FROM blocker b JOIN project p ON p.id = b.project_id"
    " WHERE b.raised_at <= :to AND (" SQL_BLOCKER_OPEN("b") " OR b.updated_at > :from)";

const char *flow_band_name(int band)
{
    static const char *const names[FLOW_BANDS] = {"<1w", "1-2w", "2-4w", ">4w"};
    return band >= 0 && band < FLOW_BANDS ? names[band] : "";
}

const char *flow_band_key(int band)
{
    static const char *const keys[FLOW_BANDS] = {"under_1w", "1_2w", "2_4w", "over_4w"};
    return band >= 0 && band < FLOW_BANDS ? keys[band] : "";
}

void flow_fini(struct flow *f)
{
    for (size_t i = 0; i < f->n_dept; i++) {
        free(f->dept[i].key);
        free(f->dept[i].name);
    }
    free(f->dept);
    free(f->cell);
    memset(f, 0, sizeof *f);
}

long flow_dept_index(const struct flow *f, const char *key)
{
    for (size_t i = 0; key && i < f->n_dept; i++)
        if (strcmp(f->dept[i].key, key) == 0)
            return (long)i;
    return -1;
}

const struct flow_cell *flow_cell_at(const struct flow *f, size_t from, size_t to)
{
    for (size_t i = 0; i < f->n_cell; i++)
        if (f->cell[i].from == from && f->cell[i].to == to)
            return &f->cell[i];
    return NULL;
}

size_t flow_top_cells(const struct flow *f, size_t *idx, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n_cell; i++) {
        const struct flow_cell *c = &f->cell[i];
        if (c->from == c->to)
            continue;
        /* Insertion into the sorted prefix, keeping at most max. */
        size_t at = n;
        while (at > 0) {
            const struct flow_cell *o = &f->cell[idx[at - 1]];
            if (o->open > c->open || (o->open == c->open && o->breached >= c->breached))
                break;
            at--;
        }
        if (at >= max)
            continue;
        size_t last = n < max ? n : max - 1;
        for (size_t j = last; j > at; j--)
            idx[j] = idx[j - 1];
        idx[at] = i;
        if (n < max)
            n++;
    }
    return n;
}

/* ---- reading ----------------------------------------------------------- */

struct ids {
    int64_t *id; /* department ids, parallel to flow.dept */
    size_t n;
};

static long index_of(const struct ids *ids, int64_t id)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ids->id[i] == id)
            return (long)i;
    return -1;
}

static int read_depts(struct store *st, struct flow *f, struct ids *ids, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_DEPTS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (f->n_dept == cap) {
            cap = cap ? cap * 2 : 16;
            f->dept = xrealloc(f->dept, cap * sizeof *f->dept);
            ids->id = xrealloc(ids->id, cap * sizeof *ids->id);
        }
        struct flow_dept *d = &f->dept[f->n_dept];
        memset(d, 0, sizeof *d);
        d->key = sq_col_text(s, 1);
        d->name = sq_col_text(s, 2);
        ids->id[f->n_dept] = sqlite3_column_int64(s, 0);
        f->n_dept++;
    }
    ids->n = f->n_dept;
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the departments");
    sq_done(s);
    return rc;
}

static int bind_iso(struct store *st, sqlite3_stmt *s, const char *name, btime t, struct err *e)
{
    char iso[32];
    time_fmt_iso(t, iso);
    int idx = sqlite3_bind_parameter_index(s, name);
    if (idx > 0 && sq_bind_text(s, idx, iso) != SQLITE_OK)
        return sq_error(st, e, "binding a time");
    return 0;
}

static bool keep(const struct flow_query *q, const struct flow *f, long a, long b)
{
    if (!q->dept)
        return true;
    long d = flow_dept_index(f, q->dept);
    return a == d || b == d;
}

static int read_matrix(struct store *st, const struct flow_query *q, struct flow *f,
                       const struct ids *ids, double *days_sum, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_MATRIX, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_iso(st, s, ":now", f->now, e), step = SQLITE_DONE;
    size_t cap = 0;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        long from = index_of(ids, sqlite3_column_int64(s, 0));
        int64_t open = sqlite3_column_int64(s, 2);
        if (sqlite3_column_type(s, 1) == SQLITE_NULL) {
            if (keep(q, f, from, from))
                f->no_waiting_on += open;
            continue;
        }
        long to = index_of(ids, sqlite3_column_int64(s, 1));
        if (from < 0 || to < 0)
            continue;
        /* The load of the department waited on counts every blocker that
         * waits on it, whatever the filter; the matrix keeps the filter's. */
        double days = ((double)open * (double)f->now - sqlite3_column_double(s, 5)) / DAY;
        struct flow_dept *d = &f->dept[to];
        d->waiting_on_it.now += (double)open;
        d->blocked_project_days.now += days;
        f->dept[from].blocked_by_it += open;
        *days_sum += days;
        if (!keep(q, f, from, to))
            continue;
        if (f->n_cell == cap) {
            cap = cap ? cap * 2 : 32;
            f->cell = xrealloc(f->cell, cap * sizeof *f->cell);
        }
        struct flow_cell *c = &f->cell[f->n_cell++];
        c->from = (size_t)from;
        c->to = (size_t)to;
        c->open = open;
        c->breached = sqlite3_column_int64(s, 3);
        c->oldest_days = (f->now - sqlite3_column_int64(s, 4)) / DAY;
        f->open_waiting += open;
    }
    rc = rc ? rc : step == SQLITE_DONE ? 0 : sq_error(st, e, "reading the open blockers");
    sq_done(s);
    return rc;
}

static int read_open_at(struct store *st, struct flow *f, const struct ids *ids, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_OPEN_AT, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_iso(st, s, ":t", f->since, e), step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        long to = index_of(ids, sqlite3_column_int64(s, 0));
        if (to < 0)
            continue;
        double open = (double)sqlite3_column_int64(s, 1);
        struct flow_dept *d = &f->dept[to];
        d->waiting_on_it.prev = open;
        d->blocked_project_days.prev = (open * (double)f->since - sqlite3_column_double(s, 2)) / DAY;
    }
    rc = rc ? rc : step == SQLITE_DONE ? 0 : sq_error(st, e, "reading the blockers open before");
    sq_done(s);
    return rc;
}

/* Durations per department, to take medians of. */
struct samples {
    double *v;
    size_t n, cap;
};

static void sample_add(struct samples *s, double v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median (the mean of the middle two of an even count). */
static bool median(struct samples *s, double *out)
{
    if (!s->n)
        return false;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    *out = s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
    return true;
}

/* Reads durations per department from sql over [from, to); counts rows per
 * department into counts when not NULL (NULL durations count too). */
static int read_samples(struct store *st, const char *sql, btime from, btime to,
                        const struct ids *ids, struct samples *per, int64_t *counts,
                        struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_iso(st, s, ":from", from, e), step = SQLITE_DONE;
    if (!rc)
        rc = bind_iso(st, s, ":to", to, e);
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        long d = index_of(ids, sqlite3_column_int64(s, 0));
        if (d < 0)
            continue;
        if (counts)
            counts[d]++;
        if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
            double v = sqlite3_column_double(s, 1);
            sample_add(&per[d], v < 0 ? 0 : v);
        }
    }
    rc = rc ? rc : step == SQLITE_DONE ? 0 : sq_error(st, e, "reading the audit log");
    sq_done(s);
    return rc;
}

/* Medians and the resolution rate over one window; prev selects where they
 * go. */
static int read_window(struct store *st, struct flow *f, const struct ids *ids, btime from,
                       btime to, bool prev, struct err *e)
{
    size_t n = f->n_dept;
    struct samples *verdict = xcalloc(n ? n : 1, sizeof *verdict);
    struct samples *resolve = xcalloc(n ? n : 1, sizeof *resolve);
    int64_t *resolved = xcalloc(n ? n : 1, sizeof *resolved);
    int rc = read_samples(st, SQL_FIRST_VERDICT, from, to, ids, verdict, NULL, e);
    if (!rc)
        rc = read_samples(st, SQL_RESOLVED, from, to, ids, resolve, resolved, e);
    double weeks = (double)(to - from) / (7.0 * DAY);
    for (size_t i = 0; !rc && i < n; i++) {
        struct flow_dept *d = &f->dept[i];
        double v = 0;
        struct flow_figure *fv = &d->median_first_verdict_hours;
        struct flow_figure *fr = &d->median_resolve_days;
        struct flow_figure *fw = &d->resolved_per_week;
        bool have = median(&verdict[i], &v);
        if (prev) {
            fv->have_prev = have;
            fv->prev = v;
        } else {
            fv->have = have;
            fv->now = v;
        }
        v = 0;
        have = median(&resolve[i], &v);
        if (prev) {
            fr->have_prev = have;
            fr->prev = v;
            fw->prev = weeks > 0 ? (double)resolved[i] / weeks : 0;
        } else {
            fr->have = have;
            fr->now = v;
            fw->now = weeks > 0 ? (double)resolved[i] / weeks : 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(verdict[i].v);
        free(resolve[i].v);
    }
    free(verdict);
    free(resolve);
    free(resolved);
    return rc;
}

static int band_of(btime age)
{
    if (age < 7 * DAY)
        return 0;
    if (age < 14 * DAY)
        return 1;
    if (age < 28 * DAY)
        return 2;
    return 3;
}

static int read_aging(struct store *st, const struct flow_query *q, struct flow *f,
                      const struct ids *ids, struct err *e)
{
    for (int k = 0; k < FLOW_WEEKS; k++)
        f->week[k].at = f->now - (btime)(FLOW_WEEKS - 1 - k) * 7 * DAY;
    int64_t want = -1;
    if (q->dept) {
        long d = flow_dept_index(f, q->dept);
        want = d >= 0 ? ids->id[d] : -1;
    }
    sqlite3_stmt *s = sq_prepare(st, SQL_SPELLS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_iso(st, s, ":from", f->week[0].at, e), step = SQLITE_DONE;
    if (!rc)
        rc = bind_iso(st, s, ":to", f->now, e);
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (want >= 0 && sqlite3_column_int64(s, 2) != want && sqlite3_column_int64(s, 3) != want)
            continue;
        btime raised = sqlite3_column_int64(s, 0);
        bool open = sqlite3_column_type(s, 1) == SQLITE_NULL;
        btime closed = open ? 0 : sqlite3_column_int64(s, 1);
        for (int k = 0; k < FLOW_WEEKS; k++) {
            btime t = f->week[k].at;
            if (raised <= t && (open || closed > t))
                f->week[k].band[band_of(t - raised)]++;
        }
    }
    rc = rc ? rc : step == SQLITE_DONE ? 0 : sq_error(st, e, "reading the blockers' ages");
    sq_done(s);
    return rc;
}

static void find_bottleneck(struct flow *f, double total)
{
    f->bottleneck = -1;
    f->total_project_days = total;
    double best = 0;
    for (size_t i = 0; i < f->n_dept; i++) {
        double v = f->dept[i].blocked_project_days.now;
        if (v > best) {
            best = v;
            f->bottleneck = (long)i;
        }
    }
    f->bottleneck_share = total > 0 && f->bottleneck >= 0 ? best / total : 0;
}

/* Archived departments without any figure are left out; have flags for
 * the counts, which are always measured. */
static void tidy(struct flow *f, struct ids *ids, const bool *archived)
{
    size_t w = 0;
    for (size_t i = 0; i < f->n_dept; i++) {
        struct flow_dept *d = &f->dept[i];
        d->waiting_on_it.have = d->waiting_on_it.have_prev = true;
        d->blocked_project_days.have = d->blocked_project_days.have_prev = true;
        d->resolved_per_week.have = d->resolved_per_week.have_prev = true;
        bool used = d->waiting_on_it.now > 0 || d->waiting_on_it.prev > 0 || d->blocked_by_it > 0 ||
                    d->resolved_per_week.now > 0 || d->resolved_per_week.prev > 0;
        if (archived[i] && !used) {
            free(d->key);
            free(d->name);
            continue;
        }
        /* Cells and the bottleneck index move with the departments. */
        for (size_t c = 0; c < f->n_cell; c++) {
            if (f->cell[c].from == i)
                f->cell[c].from = w;
            if (f->cell[c].to == i)
                f->cell[c].to = w;
        }
        if (f->bottleneck == (long)i)
            f->bottleneck = (long)w;
        f->dept[w] = *d;
        ids->id[w] = ids->id[i];
        w++;
    }
    f->n_dept = ids->n = w;
}

static int archived_flags(struct store *st, const struct ids *ids, bool *archived, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_DEPTS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long i = index_of(ids, sqlite3_column_int64(s, 0));
        if (i >= 0)
            archived[i] = sqlite3_column_int(s, 3) != 0;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the departments");
    sq_done(s);
    return rc;
}

static int compute(struct store *st, const struct flow_query *q, struct flow *f, struct ids *ids,
                   struct err *e)
{
    int rc = read_depts(st, f, ids, e);
    if (rc)
        return rc;
    if (q->dept && flow_dept_index(f, q->dept) < 0)
        return err_set(e, ERR_USAGE, "no department '%s'; see 'baton department list'",
                       q->dept);
    double total = 0;
    rc = read_matrix(st, q, f, ids, &total, e);
    if (!rc)
        rc = read_open_at(st, f, ids, e);
    if (!rc)
        rc = read_window(st, f, ids, f->since, f->now, false, e);
    if (!rc)
        rc = read_window(st, f, ids, f->prev_since, f->since, true, e);
    if (!rc)
        rc = read_aging(st, q, f, ids, e);
    if (rc)
        return rc;
    find_bottleneck(f, total);
    bool *archived = xcalloc(f->n_dept ? f->n_dept : 1, sizeof *archived);
    rc = archived_flags(st, ids, archived, e);
    if (!rc)
        tidy(f, ids, archived);
    free(archived);
    return rc;
}

int flow_compute(struct store *st, const struct flow_query *q, struct flow *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->bottleneck = -1;
    out->now = time_now();
    out->since = q->since ? q->since : out->now - (btime)WINDOW_DAYS * DAY;
    if (out->since >= out->now)
        return err_set(e, ERR_USAGE, "--since must be in the past");
    out->prev_since = out->since - (out->now - out->since);
    struct ids ids = {0};
    /* One read transaction, so every figure is of the same snapshot. */
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    int rc = own_tx ? sq_exec(st, "BEGIN", e) : 0;
    if (!rc) {
        rc = compute(st, q, out, &ids, e);
        if (own_tx)
            (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* a read: nothing to lose */
    }
    free(ids.id);
    if (rc)
        flow_fini(out);
    return rc;
}
