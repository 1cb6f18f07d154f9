/*
 * The pane instance: a window of rows over an ordered, filtered list that
 * lives in the store. The window is refetched only when it scrolls or the
 * data changes, and the cursor follows its item by id across reloads.
 */
#include "baton/pane.h"

#include <stdlib.h>
#include <string.h>

/* By kind: the flow and the objectives are not in the default layout;
 * layout: can place them. */
static const struct pane_class *const classes[PANE_KIND_COUNT] = {
    [PANE_DEPARTMENTS] = &pane_departments, [PANE_PROJECTS] = &pane_projects,
    [PANE_BLOCKERS] = &pane_blockers,       [PANE_INDICATORS] = &pane_indicators,
    [PANE_FLOW] = &pane_flow,               [PANE_OBJECTIVES] = &pane_objectives,
};

const struct pane_class *const *pane_classes(size_t *n)
{
    *n = sizeof classes / sizeof classes[0];
    return classes;
}

const struct pane_class *pane_class_find(const char *name)
{
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (str_eq(pane_names[i], name))
            return classes[i];
    return NULL;
}

const char *pane_class_name(const struct pane_class *cls)
{
    return cls && (int)cls->kind >= 0 && cls->kind < PANE_KIND_COUNT ? pane_names[cls->kind] : "";
}

void pane_names_list(struct strbuf *out)
{
    for (size_t i = 0; i < PANE_KIND_COUNT; i++)
        sb_addf(out, "%s%s", i ? ", " : "", pane_names[i]);
}

void pane_init(struct pane *p, const struct pane_class *cls)
{
    memset(p, 0, sizeof *p);
    p->cls = cls;
    p->sel.height = 1;
    p->dirty = true;
}

static void drop_rows(struct pane *p)
{
    vrow_list_free(p->rows, p->n_rows);
    p->rows = NULL;
    p->n_rows = 0;
    p->fetched = false;
}

void pane_fini(struct pane *p)
{
    drop_rows(p);
}

void pane_query(const struct pane *p, const char *dept, struct query *q)
{
    memset(q, 0, sizeof *q);
    q->dept = p->cls->narrowable && !str_empty(dept) ? dept : NULL;
    q->text = p->filter.len ? p->filter.buf : NULL;
    q->sort = p->cls->n_sorts ? p->cls->sorts[p->sort].value : 0;
    q->desc = p->desc;
    const struct pane_view *v = pane_view(p);
    if (v) {
        q->state = v->state;
        q->breached = v->breached;
        q->mine = v->mine;
        q->waiting_mine = v->waiting_mine;
    }
}

/* Keyset anchors for the window at offset (struct query): the row just
 * above it or just below it when the window held now has one, or the end,
 * so that a list whose order an index serves seeks instead of counting
 * offset rows (PgDn deep in a list, G). */
static void anchor_window(const struct pane *p, int64_t offset, int limit, struct query *q)
{
    if (offset > 0 && offset < p->sel.total && offset + limit >= p->sel.total) {
        q->last = true;
        q->limit = (int)(p->sel.total - offset); /* the rows from offset to the end */
        return;
    }
    const struct vrow *above = offset > 0 ? pane_row(p, offset - 1) : NULL;
    const struct vrow *below = pane_row(p, offset + limit);
    if (above)
        q->after = above->id;
    else if (below)
        q->before = below->id;
}

static int fetch_at(struct pane *p, struct store *st, const char *dept,
                    const struct view_ctx *ctx, int64_t offset, int limit, struct vrow **rows,
                    size_t *n, struct err *e)
{
    struct query q;
    pane_query(p, dept, &q);
    q.offset = offset;
    q.limit = limit;
    anchor_window(p, offset, limit, &q);
    *rows = NULL;
    *n = 0;
    if (limit <= 0)
        return 0;
    return p->cls->fetch(st, &q, ctx, rows, n, e);
}

static int fetch_window(struct pane *p, struct store *st, const char *dept,
                        const struct view_ctx *ctx, struct err *e)
{
    struct vrow *rows;
    size_t n;
    int rc = fetch_at(p, st, dept, ctx, p->sel.top, p->sel.height, &rows, &n, e);
    if (rc)
        return rc;
    drop_rows(p);
    p->rows = rows;
    p->n_rows = n;
    p->rows_top = p->sel.top;
    p->fetched = true;
    p->dirty = true;
    return 0;
}

static int64_t index_of(const struct vrow *rows, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == id)
            return (int64_t)i;
    return -1;
}

int pane_reload(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
                struct err *e)
{
    const struct vrow *cur = pane_selected(p);
    int64_t keep = cur ? cur->id : 0;
    int64_t old_cursor = p->sel.cursor;
    struct query q;
    pane_query(p, dept, &q);
    int64_t total = 0;
    int rc = p->cls->count(st, &q, &total, e);
    if (rc)
        return rc;
    sel_set_total(&p->sel, total);
    if ((rc = fetch_window(p, st, dept, ctx, e)))
        return rc;
    if (!keep)
        return 0;
    int64_t i = index_of(p->rows, p->n_rows, keep);
    if (i >= 0) {
        p->sel.cursor = p->rows_top + i;
        sel_clamp(&p->sel);
        return 0;
    }
    /* The item moved out of the window: look a few pages around it. */
    int64_t from = old_cursor - 2 * (int64_t)p->sel.height;
    if (from < 0)
        from = 0;
    struct vrow *near;
    size_t n;
    if ((rc = fetch_at(p, st, dept, ctx, from, 5 * p->sel.height, &near, &n, e)))
        return rc;
    i = index_of(near, n, keep);
    vrow_list_free(near, n);
    if (i < 0)
        return 0; /* gone, or far away: the cursor keeps its place */
    int64_t top = p->sel.top;
    sel_goto(&p->sel, from + i);
    return p->sel.top != top ? fetch_window(p, st, dept, ctx, e) : 0;
}

int pane_sync(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
              struct err *e)
{
    int64_t want = p->sel.total - p->sel.top;
    if (want > p->sel.height)
        want = p->sel.height;
    if (p->fetched && p->rows_top == p->sel.top && (int64_t)p->n_rows >= want)
        return 0;
    return fetch_window(p, st, dept, ctx, e);
}

int pane_locate(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
                int64_t id, int64_t max_rows, struct err *e)
{
    const int page = 500;
    for (int64_t off = 0; off < max_rows && off < p->sel.total; off += page) {
        struct vrow *rows;
        size_t n;
        int rc = fetch_at(p, st, dept, ctx, off, page, &rows, &n, e);
        if (rc)
            return rc;
        int64_t i = index_of(rows, n, id);
        vrow_list_free(rows, n);
        if (i >= 0) {
            sel_goto(&p->sel, off + i);
            return fetch_window(p, st, dept, ctx, e);
        }
        if (n < (size_t)page)
            break;
    }
    return 1;
}

const struct vrow *pane_row(const struct pane *p, int64_t index)
{
    if (!p->fetched || index < p->rows_top || index >= p->rows_top + (int64_t)p->n_rows)
        return NULL;
    return &p->rows[index - p->rows_top];
}

const struct vrow *pane_selected(const struct pane *p)
{
    if (p->sel.total <= 0)
        return NULL;
    return pane_row(p, p->sel.cursor);
}

void pane_next_view(struct pane *p)
{
    if (p->cls->n_views > 0)
        p->view = (p->view + 1) % p->cls->n_views;
}

const struct pane_view *pane_view(const struct pane *p)
{
    return p->cls->n_views > 0 ? &p->cls->views[p->view % p->cls->n_views] : NULL;
}

void pane_next_sort(struct pane *p, const int *widths)
{
    int n = p->cls->n_sorts;
    for (int step = 1; step <= n; step++) {
        int s = (p->sort + step) % n;
        int col = p->cls->sorts[s].col;
        if (!widths || col < 0 || col >= p->cls->n_cols || widths[col] > 0) {
            p->sort = s;
            break;
        }
    }
    p->desc = false;
}

void pane_invert_sort(struct pane *p)
{
    p->desc = !p->desc;
}

const char *pane_sort_name(const struct pane *p)
{
    if (!p->cls->n_sorts)
        return "";
    const struct sort_opt *s = &p->cls->sorts[p->sort];
    return s->col >= 0 && s->col < p->cls->n_cols && p->cls->cols[s->col].name[0]
               ? p->cls->cols[s->col].name
               : s->name;
}
