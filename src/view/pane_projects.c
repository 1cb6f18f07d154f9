/*
 * The projects pane: what each department delivers, with its status,
 * health, progress and due date, and marks for a project that is blocked
 * or depends on one at risk. Its detail view follows dependencies both
 * ways and lists the project's blockers and recent history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "view_internal.h"

enum { C_KEY, C_MARK, C_TITLE, C_DEPT, C_OWNER, C_STATUS, C_HEALTH, C_PROGRESS, C_DUE, C_N };

static const struct col_spec cols[C_N] = {
    [C_KEY] = {"Key", 5, 8, 9, 1, false, NULL, true, 0},
    [C_MARK] = {"", 3, 3, 3, 2, false, NULL, false, 0},
    [C_TITLE] = {"Title", 10, 22, 0, 1, false, NULL, false, 0},
    [C_DEPT] = {"Dept", 3, 5, 6, 3, false, NULL, false, 0},
    [C_OWNER] = {"Owner", 6, 8, 10, 5, false, NULL, false, 0},
    [C_STATUS] = {"Status", 7, 7, 9, 4, false, NULL, false, 0},
    [C_HEALTH] = {"Health", 1, 7, 7, 2, false, NULL, false, 0},
    /* right-aligned: the percentage alone lines up under its neighbours */
    [C_PROGRESS] = {"Progress", 4, 11, 11, 2, true, "Done", false, 0},
    /* sized from the dates shown: an overdue one ("2026-11-13!") whole */
    [C_DUE] = {"Due", 6, 10, 11, 2, false, NULL, true, 0},
};

static const struct sort_opt sorts[] = {
    {"department", PROJECT_SORT_DEFAULT, -1}, {"key", PROJECT_SORT_KEY, C_KEY},
    {"title", PROJECT_SORT_TITLE, C_TITLE},   {"dept", PROJECT_SORT_DEPT, C_DEPT},
    {"owner", PROJECT_SORT_OWNER, C_OWNER},   {"status", PROJECT_SORT_STATUS, C_STATUS},
    {"health", PROJECT_SORT_HEALTH, C_HEALTH}, {"progress", PROJECT_SORT_PROGRESS, C_PROGRESS},
    {"due", PROJECT_SORT_DUE, C_DUE},
};

static enum theme_role status_role(enum project_status s)
{
    return s == PROJECT_ACTIVE ? TR_NORMAL : TR_DIM;
}

static void fill_row(struct vrow *r, const struct project *p, bool unaligned,
                     const struct view_ctx *ctx)
{
    r->id = p->id;
    r->key = xstrdup(p->key);
    r->title = xstrdup(p->title);
    r->dept = xstrdup(p->department);
    r->n_cells = C_N;
    vcell_set(&r->cells[C_KEY], p->key, NULL, TR_NORMAL, ctx->ascii);
    char mark[16];
    snprintf(mark, sizeof mark, "%s%s%s", p->blocked ? ctx->g->blocked : " ",
             p->dep_at_risk ? ctx->g->dep_risk : " ", unaligned ? ctx->g->unaligned : " ");
    vcell_set(&r->cells[C_MARK], mark, NULL,
              p->blocked ? TR_RED : p->dep_at_risk ? TR_AMBER : TR_DIM, ctx->ascii);
    vcell_set(&r->cells[C_TITLE], p->title, NULL, TR_NORMAL, ctx->ascii);
    vcell_set(&r->cells[C_DEPT], p->department, NULL, TR_NORMAL, ctx->ascii);
    vcell_set(&r->cells[C_OWNER], p->owner ? p->owner : "-", NULL,
              p->owner ? TR_NORMAL : TR_DIM, ctx->ascii);
    vcell_set(&r->cells[C_STATUS], project_status_name(p->status), NULL, status_role(p->status),
              ctx->ascii);
    cell_health(&r->cells[C_HEALTH], p->health, ctx);
    struct strbuf bar;
    sb_init(&bar);
    view_bar(p->progress, 6, ctx->g, &bar);
    sb_addf(&bar, " %3d%%", p->progress);
    char pct[8];
    snprintf(pct, sizeof pct, "%d%%", p->progress);
    vcell_set(&r->cells[C_PROGRESS], sb_str(&bar), pct, TR_NORMAL, ctx->ascii);
    sb_fini(&bar);
    if (p->due) {
        char due[32], alt[16];
        snprintf(due, sizeof due, "%s%s", p->due, p->overdue ? ctx->g->overdue : "");
        /* MM-DD when the year does not fit */
        snprintf(alt, sizeof alt, "%s%s", strlen(p->due) >= 10 ? p->due + 5 : p->due,
                 p->overdue ? ctx->g->overdue : "");
        vcell_set(&r->cells[C_DUE], due, alt, p->overdue ? TR_RED : TR_NORMAL, ctx->ascii);
    } else {
        vcell_set(&r->cells[C_DUE], "-", NULL, TR_DIM, ctx->ascii);
    }
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct project *v = NULL;
    size_t nv = 0;
    int rc = project_list(st, q, &v, &nv, e);
    if (rc)
        return rc;
    struct vrow *rows = rows_new(nv);
    for (size_t i = 0; i < nv && !rc; i++) {
        bool unaligned = false;
        rc = project_is_unaligned(st, v[i].id, &unaligned, e);
        fill_row(&rows[i], &v[i], unaligned, ctx);
    }
    if (rc) {
        vrow_list_free(rows, nv);
        project_list_free(v, nv);
        return rc;
    }
    project_list_free(v, nv);
    *out = rows;
    *n = nv;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    struct project p = {0};
    int rc = find_result(project_get(st, key, &p, e), e);
    if (rc == 0)
        *id = p.id;
    project_fini(&p);
    return rc;
}

static void project_line(struct doc *doc, const struct project *p, const struct view_ctx *ctx)
{
    doc_addf(doc, view_health_role(p->health), "  %s ", ctx->g->health[p->health]);
    doc_addf(doc, TR_NORMAL, "%-10s ", p->key);
    doc_add(doc, TR_NORMAL, p->title);
    doc_addf(doc, TR_DIM, "  %s, %s, %s", p->department, project_status_name(p->status),
             view_health_word(p->health));
    if (p->due)
        doc_addf(doc, p->overdue ? TR_RED : TR_DIM, ", due %s", p->due);
    doc_link(doc, pane_names[PANE_PROJECTS], p->key);
    doc_nl(doc);
}

/* The objectives the project serves (each opens), or that it is unaligned. */
static int serves_section(struct doc *doc, struct store *st, const struct project *p, int width,
                          const struct view_ctx *ctx, struct err *e)
{
    char **keys = NULL;
    size_t n = 0;
    bool unaligned = false;
    int rc = project_serves(st, p->key, &keys, &n, e);
    if (!rc)
        rc = project_is_unaligned(st, p->id, &unaligned, e);
    if (rc)
        return rc;
    char buf[64];
    snprintf(buf, sizeof buf, "Serves (%zu)", n);
    detail_heading(doc, buf);
    if (!n) {
        if (unaligned)
            doc_addf(doc, TR_AMBER,
                     "  no objective: unaligned (baton project edit %s --serves OBJECTIVES)",
                     p->key);
        else
            doc_add(doc, TR_DIM, "  no objective");
        doc_nl(doc);
    }
    for (size_t i = 0; i < n; i++) {
        struct objective o = {0};
        struct err e2 = {0};
        if (objective_get(st, keys[i], &o, &e2) == 0)
            view_objective_line(doc, &o, width, ctx);
        objective_fini(&o);
    }
    objective_keys_free(keys, n);
    return 0;
}

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *doc, struct err *e)
{
    struct project p = {0};
    int rc = project_get(st, key, &p, e);
    if (rc)
        return rc;
    detail_open(doc, "Project", p.key, p.title);
    char buf[128];
    doc_link(doc, pane_names[PANE_DEPARTMENTS], p.department);
    doc_field(doc, "Department", 14, TR_NORMAL, p.department);
    doc_field(doc, "Owner", 14, TR_NORMAL, p.owner);
    doc_field(doc, "Status", 14, TR_NORMAL, project_status_name(p.status));
    snprintf(buf, sizeof buf, "%s %s%s", ctx->g->health[p.health], view_health_word(p.health),
             p.health_set != HEALTH_UNKNOWN ? " (set by hand)" : " (derived)");
    doc_field(doc, "Health", 14, view_health_role(p.health), buf);
    struct strbuf bar;
    sb_init(&bar);
    view_bar(p.progress, 20, ctx->g, &bar);
    sb_addf(&bar, " %d%%", p.progress);
    doc_add_raw(doc, TR_COLUMN, "Progress      ");
    doc_add_raw(doc, TR_NORMAL, sb_str(&bar));
    doc_nl(doc);
    sb_fini(&bar);
    doc_field(doc, "Start", 14, TR_NORMAL, p.start);
    snprintf(buf, sizeof buf, "%s%s", p.due ? p.due : "-", p.overdue ? "  overdue" : "");
    doc_field(doc, "Due", 14, p.overdue ? TR_RED : TR_NORMAL, buf);
    snprintf(buf, sizeof buf, "%d open%s%s", p.open_blockers, p.blocked ? " (blocked)" : "",
             p.dep_at_risk ? ", a dependency is at risk" : "");
    doc_field(doc, "Blockers", 14, p.blocked ? TR_RED : TR_NORMAL, buf);
    if (!str_empty(p.description)) {
        detail_heading(doc, "Description");
        detail_wrap(doc, TR_NORMAL, p.description, width, 2);
    }

    if ((rc = serves_section(doc, st, &p, width, ctx, e)))
        goto out;
    snprintf(buf, sizeof buf, "Depends on (%zu)", p.n_depends_on);
    detail_section(doc, buf, p.n_depends_on == 0, "  nothing");
    for (size_t i = 0; i < p.n_depends_on; i++) {
        struct project dep = {0};
        struct err e2 = {0};
        if (project_get(st, p.depends_on[i], &dep, &e2) == 0)
            project_line(doc, &dep, ctx);
        else {
            doc_addf(doc, TR_DIM, "  ? %s", p.depends_on[i]);
            doc_nl(doc);
        }
        project_fini(&dep);
    }
    struct project *dv = NULL;
    size_t nd = 0;
    if ((rc = project_dependents(st, p.key, &dv, &nd, e)))
        goto out;
    snprintf(buf, sizeof buf, "Needed by (%zu)", nd);
    detail_section(doc, buf, nd == 0, "  no other project depends on it");
    for (size_t i = 0; i < nd; i++)
        project_line(doc, &dv[i], ctx);
    project_list_free(dv, nd);

    struct query q = {0};
    q.project = p.key;
    q.limit = 100;
    struct blocker *bv = NULL;
    size_t nb = 0;
    if ((rc = blocker_list(st, &q, &bv, &nb, e)))
        goto out;
    snprintf(buf, sizeof buf, "Blockers (%zu)", nb);
    detail_section(doc, buf, nb == 0, "  none");
    for (size_t i = 0; i < nb; i++) {
        detail_blocker_head(doc, &bv[i]);
        doc_addf(doc, blocker_state_open(bv[i].state) ? TR_AMBER : TR_DIM, "  %s",
                 blocker_state_name(bv[i].state));
        if (bv[i].waiting_on)
            doc_addf(doc, TR_DIM, ", waiting on %s", bv[i].waiting_on);
        doc_link(doc, pane_names[PANE_BLOCKERS], bv[i].key);
        doc_nl(doc);
    }
    blocker_list_free(bv, nb);
    rc = detail_history(doc, st, "project", p.key, 20, e);
out:
    project_fini(&p);
    return rc;
}

const struct pane_class pane_projects = {
    .kind = PANE_PROJECTS,
    .title = "Projects",
    .entity = "project",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .narrowable = true,
    .count_cap = PROJECT_TEXT_CAP,
    .count = project_count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
