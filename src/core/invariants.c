/*
 * invariants: what the model promises beyond SQLite's own checks (DESIGN.md,
 * blocker states): a duplicate names an original, an accepted blocker has
 * a severity and a waiting-on department, a snoozed one a time to wake, a
 * declined one a reason, fields that belong to one state are empty in the
 * others, project dependencies go round in no cycle and neither do the
 * parents of objectives. Every write path
 * keeps them; `baton check` reports each row that breaks one, by key.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "internal.h"

/* Findings shown per invariant; the rest are counted. */
#define SHOW_MAX 20

static const struct invariant {
    const char *what; /* what is wrong with the row named before it */
    const char *cond; /* true of a blocker row that breaks it */
} invariants[] = {
    {"is a duplicate but names no original", "state = 'duplicate' AND duplicate_of IS NULL"},
    {"is a duplicate of itself", "duplicate_of = id"},
    {"names an original but is not a duplicate",
     "state <> 'duplicate' AND duplicate_of IS NOT NULL"},
    {"is accepted or in progress without a severity",
     "state IN ('accepted', 'in_progress') AND severity IS NULL"},
    {"is accepted or in progress without a waiting-on department",
     "state IN ('accepted', 'in_progress') AND waiting_on_id IS NULL"},
    {"is snoozed without a time to wake", "state = 'snoozed' AND coalesce(snoozed_until, '') = ''"},
    {"has a time to wake but is not snoozed", "state <> 'snoozed' AND snoozed_until IS NOT NULL"},
    {"is declined without a reason", "state = 'declined' AND trim(coalesce(reason, '')) = ''"},
    {"has a negative escalation level", "escalation_level < 0"},
    {"is escalated without the time it was", "escalation_level > 0 AND escalated_at IS NULL"},
    {"has a severity but no SLA due time", "severity IS NOT NULL AND sla_due IS NULL"},
    {"has an SLA due time but no severity", "severity IS NULL AND sla_due IS NOT NULL"},
};
#define N_INVARIANTS (sizeof invariants / sizeof *invariants)

/* One pass over the blockers, whatever the number of rules: each row that
 * breaks any comes with a bit per rule it breaks. */
static char *invariants_sql(void)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "SELECT key, bad FROM (SELECT id, key, 0");
    for (size_t i = 0; i < N_INVARIANTS; i++)
        sb_addf(&sb, " | (CASE WHEN %s THEN %d ELSE 0 END)", invariants[i].cond, 1 << i);
    sb_add(&sb, " AS bad FROM blocker) WHERE bad <> 0 ORDER BY id");
    return sb_take(&sb);
}

/* The first SHOW_MAX keys of each rule's rows, in id order, and counts. */
struct findings {
    char *shown[N_INVARIANTS][SHOW_MAX];
    int64_t n[N_INVARIANTS];
};

static int check_blockers(struct store *st, struct strbuf *report, int64_t *found, struct err *e)
{
    char *sql = invariants_sql();
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    free(sql);
    if (!s)
        return -ERR_RUNTIME;
    struct findings *f = xcalloc(1, sizeof *f);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t bad = sqlite3_column_int64(s, 1);
        for (size_t i = 0; i < N_INVARIANTS; i++)
            if (bad & ((int64_t)1 << i) && f->n[i]++ < SHOW_MAX)
                f->shown[i][f->n[i] - 1] = sq_col_text(s, 0);
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "checking the model");
    sq_done(s);
    for (size_t i = 0; i < N_INVARIANTS; i++) {
        for (int64_t k = 0; k < f->n[i] && k < SHOW_MAX; k++) {
            if (!rc)
                sb_addf(report, "model: %s %s\n", f->shown[i][k] ? f->shown[i][k] : "",
                        invariants[i].what);
            free(f->shown[i][k]);
        }
        if (!rc && f->n[i] > SHOW_MAX)
            sb_addf(report, "model: ... and %lld more that %s\n",
                    (long long)(f->n[i] - SHOW_MAX), invariants[i].what);
        *found += f->n[i];
    }
    free(f);
    return rc;
}

/* Project dependencies: peel off, again and again, the projects nothing
 * depends on and those that depend on nothing; what is left goes round in
 * a cycle. Linear in the number of dependencies. */
struct dep_graph {
    int64_t *from, *to; /* edges, by project id */
    size_t n, cap;
};

static int load_edges(struct store *st, struct dep_graph *g, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st, "SELECT project_id, depends_on_id FROM project_dependency ORDER BY project_id", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 256;
            g->from = xrealloc(g->from, g->cap * sizeof *g->from);
            g->to = xrealloc(g->to, g->cap * sizeof *g->to);
        }
        g->from[g->n] = sqlite3_column_int64(s, 0);
        g->to[g->n++] = sqlite3_column_int64(s, 1);
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading project dependencies");
    sq_done(s);
    return rc;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Index of id in the sorted ids. */
static size_t node_of(const int64_t *ids, size_t n, int64_t id)
{
    const int64_t *p = bsearch(&id, ids, n, sizeof *ids, cmp_i64);
    return (size_t)(p - ids);
}

/* The peeling's state: edges gone, nodes still left, the queue of nodes
 * peeled off whose edges are still to drop. */
struct peeling {
    bool *gone, *left;
    size_t *queue, tail;
};

/* Drops v's edges in one direction (at[v] .. at[v + 1] in edge[]); a far
 * end (far[edge]) whose count the other way (far_deg) reaches 0 is peeled
 * off too. */
static void drop_edges(struct peeling *p, size_t v, const size_t *at, const size_t *edge,
                       const size_t *far, size_t *far_deg)
{
    for (size_t k = at[v]; k < at[v + 1]; k++) {
        size_t ed = edge[k];
        if (p->gone[ed])
            continue;
        p->gone[ed] = true;
        size_t w = far[ed];
        if (p->left[w] && --far_deg[w] == 0) {
            p->left[w] = false;
            p->queue[p->tail++] = w;
        }
    }
}

/* Each node's edges as offsets into one array (at[v] .. at[v + 1]). */
static void index_edges(size_t n_ids, size_t n_edges, const size_t *end, const size_t *deg,
                        size_t **at, size_t **edge)
{
    *at = xcalloc(n_ids + 1, sizeof **at);
    *edge = xmalloc((n_edges ? n_edges : 1) * sizeof **edge);
    for (size_t v = 0; v < n_ids; v++)
        (*at)[v + 1] = (*at)[v] + deg[v];
    size_t *fill = xcalloc(n_ids ? n_ids : 1, sizeof *fill);
    for (size_t i = 0; i < n_edges; i++)
        (*edge)[(*at)[end[i]] + fill[end[i]]++] = i;
    free(fill);
}

/* Marks in left[] the nodes that peeling leaves; returns how many. */
static size_t peel(const struct dep_graph *g, const int64_t *ids, size_t n_ids, bool *left)
{
    size_t *in = xcalloc(n_ids, sizeof *in), *out = xcalloc(n_ids, sizeof *out);
    size_t *a = xmalloc((g->n ? g->n : 1) * sizeof *a), *b = xmalloc((g->n ? g->n : 1) * sizeof *b);
    for (size_t i = 0; i < g->n; i++) {
        a[i] = node_of(ids, n_ids, g->from[i]);
        b[i] = node_of(ids, n_ids, g->to[i]);
        out[a[i]]++;
        in[b[i]]++;
    }
    size_t *out_at, *out_e, *in_at, *in_e;
    index_edges(n_ids, g->n, a, out, &out_at, &out_e);
    index_edges(n_ids, g->n, b, in, &in_at, &in_e);
    struct peeling p = {.gone = xcalloc(g->n ? g->n : 1, sizeof *p.gone), .left = left,
                        .queue = xmalloc((n_ids ? n_ids : 1) * sizeof *p.queue)};
    for (size_t v = 0; v < n_ids; v++) {
        left[v] = in[v] && out[v];
        if (!left[v])
            p.queue[p.tail++] = v;
    }
    for (size_t head = 0; head < p.tail; head++) {
        size_t v = p.queue[head];
        drop_edges(&p, v, out_at, out_e, b, in);
        drop_edges(&p, v, in_at, in_e, a, out);
    }
    free(in);
    free(out);
    free(a);
    free(b);
    free(out_at);
    free(out_e);
    free(in_at);
    free(in_e);
    free(p.gone);
    free(p.queue);
    return n_ids - p.tail;
}

static int report_cycles(struct store *st, const int64_t *ids, const bool *left, size_t n_ids,
                         struct strbuf *report, int64_t *found, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, "SELECT key FROM project WHERE id = ?1", e);
    if (!s)
        return -ERR_RUNTIME;
    int64_t n = 0;
    int rc = 0;
    for (size_t v = 0; v < n_ids && !rc; v++) {
        if (!left[v])
            continue;
        if (n++ >= SHOW_MAX)
            continue;
        sqlite3_reset(s);
        if (sq_bind_int(s, 1, ids[v]) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW)
            rc = sq_error(st, e, "reading a project");
        else
            sb_addf(report, "model: %s depends on projects that depend on it (a cycle)\n",
                    (const char *)sqlite3_column_text(s, 0));
    }
    sq_done(s);
    if (n > SHOW_MAX)
        sb_addf(report, "model: ... and %lld more projects in dependency cycles\n",
                (long long)(n - SHOW_MAX));
    *found += n;
    return rc;
}

static int check_cycles(struct store *st, struct strbuf *report, int64_t *found, struct err *e)
{
    struct dep_graph g = {0};
    int rc = load_edges(st, &g, e);
    if (rc || !g.n) {
        free(g.from);
        free(g.to);
        return rc;
    }
    int64_t *ids = xmalloc(2 * g.n * sizeof *ids);
    memcpy(ids, g.from, g.n * sizeof *ids);
    memcpy(ids + g.n, g.to, g.n * sizeof *ids);
    qsort(ids, 2 * g.n, sizeof *ids, cmp_i64);
    size_t n_ids = 0;
    for (size_t i = 0; i < 2 * g.n; i++)
        if (!n_ids || ids[n_ids - 1] != ids[i])
            ids[n_ids++] = ids[i];
    bool *left = xcalloc(n_ids, sizeof *left);
    if (peel(&g, ids, n_ids, left))
        rc = report_cycles(st, ids, left, n_ids, report, found, e);
    free(left);
    free(ids);
    free(g.from);
    free(g.to);
    return rc;
}

/* Objectives whose chain of parents comes back to them (one row per
 * objective in such a chain); the walk stops at a chain's length. */
static const char SQL_OBJECTIVE_CYCLES[] =
    "WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 FROM objective"
    " WHERE parent_id IS NOT NULL UNION ALL SELECT up.start, o.parent_id, up.depth + 1"
    " FROM up JOIN objective o ON o.id = up.id"
    " WHERE o.parent_id IS NOT NULL AND up.id <> up.start"
    " AND up.depth <= (SELECT count(*) FROM objective))"
    " SELECT DISTINCT o.key FROM up JOIN objective o ON o.id = up.start"
    " WHERE up.id = up.start ORDER BY o.key";

static int objective_cycle_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    (void)e;
    struct strbuf *report = ctx;
    sb_addf(report, "model: objective %s sits under objectives that sit under it (a cycle)\n",
            (const char *)sqlite3_column_text(s, 0));
    return 0;
}

static int check_objective_cycles(struct store *st, struct strbuf *report, int64_t *found,
                                  struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_OBJECTIVE_CYCLES, e);
    if (!s)
        return -ERR_RUNTIME;
    size_t before = report->len;
    int rc = sq_each_row(st, s, objective_cycle_row, report, "checking objectives' parents", e);
    for (size_t i = before; i < report->len; i++)
        *found += report->s[i] == '\n';
    return rc;
}

int store_check_model(struct store *st, struct strbuf *report, int64_t *found, struct err *e)
{
    *found = 0;
    int rc = check_blockers(st, report, found, e);
    if (!rc)
        rc = check_cycles(st, report, found, e);
    if (!rc)
        rc = check_objective_cycles(st, report, found, e);
    return rc;
}
