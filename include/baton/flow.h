/*
 * flow: who waits on whom. The figures of the flow of blockers between
 * departments, computed from the model and the audit log: the matrix of
 * the blockers open now from the blocked department (the project's) to the
 * department waited on; per department waited on, its load now, how fast
 * it answers and resolves over a window (default the last 30 days) and how
 * that compares with the window before; the bottleneck (the most blocked
 * project-days); and an aging chart of the open blockers, week by week.
 * README.md ("The flow of blockers") gives every definition and edge case.
 *
 * The caller owns the struct flow it passes to flow_compute and frees it
 * with flow_fini.
 */
#ifndef BATON_FLOW_H
#define BATON_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/store.h"
#include "baton/timeutil.h"

enum { FLOW_BANDS = 4, FLOW_WEEKS = 12 };

/* One cell of the matrix: open blockers of projects of department from
 * (an index into flow.dept) waiting on department to. */
struct flow_cell {
    size_t from, to;
    int64_t open;
    int64_t breached;   /* new, accepted or in progress and past the SLA */
    int64_t oldest_days; /* whole days since the oldest was raised */
};

/* A figure and the same over the previous window; have/have_prev false
 * when there is nothing to measure (a median over no blockers). */
struct flow_figure {
    double now, prev;
    bool have, have_prev;
};

struct flow_dept {
    char *key, *name;
    struct flow_figure waiting_on_it;        /* open now; at the window's start */
    struct flow_figure blocked_project_days; /* sum of open blockers' ages, in days */
    struct flow_figure median_first_verdict_hours;
    struct flow_figure median_resolve_days; /* accepted -> resolved */
    struct flow_figure resolved_per_week;
    int64_t blocked_by_it; /* open blockers of its projects waiting on a department */
};

/* Open blockers by age at the end of one week. */
struct flow_week {
    btime at; /* the week's end (now, now - 7 days, ...) */
    int64_t band[FLOW_BANDS]; /* under 1 week, 1-2 weeks, 2-4 weeks, over 4 weeks */
};

struct flow {
    btime now, since, prev_since; /* window [since, now), previous [prev_since, since) */
    struct flow_dept *dept; /* every department shown, in configured order */
    size_t n_dept;
    struct flow_cell *cell; /* non-empty cells, by from then to */
    size_t n_cell;
    int64_t open_waiting;  /* open blockers waiting on a department (the matrix's sum) */
    int64_t no_waiting_on; /* open blockers that name no department to wait on */
    double total_project_days;
    long bottleneck;         /* index into dept, or -1 when nothing is blocked */
    double bottleneck_share; /* 0 to 1 */
    struct flow_week week[FLOW_WEEKS]; /* oldest first; week[FLOW_WEEKS - 1] is now */
};

struct flow_query {
    btime since; /* window start; 0 = 30 days before now */
    const char *dept; /* NULL, or only this department's row and column, figures and aging */
    /* Only what is about now (the matrix, the load, the bottleneck, the
     * aging chart): no medians, rates or trends, which read the window. */
    bool now_only;
    bool no_aging; /* leave the aging chart out (the flow pane shows none) */
};

/* Band names for people ("<1w", "1-2w", "2-4w", ">4w") and machines. */
const char *flow_band_name(int band);
const char *flow_band_key(int band); /* "under_1w", "1_2w", "2_4w", "over_4w" */

/* Computes every figure. ERR_USAGE when q->dept names no department or the
 * window starts in the future. */
int flow_compute(struct store *st, const struct flow_query *q, struct flow *out, struct err *e);
void flow_fini(struct flow *f);

/* The cell from -> to, or NULL when empty. */
const struct flow_cell *flow_cell_at(const struct flow *f, size_t from, size_t to);
/* Index of the department with this key, or -1. */
long flow_dept_index(const struct flow *f, const char *key);
/* The largest cross-department cells (from != to), most open first (then
 * most breached, then configured order), at most max; fills idx with
 * indexes into f->cell and returns how many. */
size_t flow_top_cells(const struct flow *f, size_t *idx, size_t max);

/* One flow's open blockers (the projects of department from waiting on
 * department to), most urgent first: past the SLA, then severity, then
 * oldest; at most limit of them, and the flow's totals. */
struct flow_blocker {
    char *key, *title, *project, *state;
    int severity; /* 0 when not set */
    bool breached;
};
struct flow_blockers {
    struct flow_blocker *v;
    size_t n;
    int64_t total, breached; /* the whole flow's, beyond limit too (0 when none) */
};
int flow_cell_blockers(struct store *st, const char *from, const char *to, int limit,
                       struct flow_blockers *out, struct err *e);
void flow_blockers_fini(struct flow_blockers *b);

#endif
