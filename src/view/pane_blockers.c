/*
 * The blockers pane: open blockers (or another view: new, mine, breached,
 * waiting on the actor's departments, closed, all), most urgent first
 * (breached, then by severity, then oldest), with the department that must
 * act and their age. Its detail view shows every field and the blocker's history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "view_internal.h"

enum { C_SEV, C_KEY, C_TITLE, C_PROJECT, C_WAITING, C_OWNER, C_STATE, C_AGE, C_N };

static const struct col_spec cols[C_N] = {
    [C_SEV] = {"Sev", 3, 4, 4, 1, false, NULL, false, 0},
    [C_KEY] = {"Key", 4, 5, 7, 1, false, NULL, true, 0},
    [C_TITLE] = {"Title", 8, 22, 0, 1, false, NULL, false, 0},
    [C_PROJECT] = {"Project", 5, 8, 9, 3, false, NULL, true, 0},
    /* at 80 columns (a pane of 40) severity, key, title, waits and state stay */
    [C_WAITING] = {"Waits", 5, 5, 6, 1, false, NULL, false, 0},
    [C_OWNER] = {"Owner", 5, 9, 10, 5, false, NULL, false, 0},
    [C_STATE] = {"State", 4, 11, 11, 1, false, NULL, false, 0},
    [C_AGE] = {"Age", 3, 3, 4, 2, true, NULL, true, 0},
};

static const struct sort_opt sorts[] = {
    {"urgency", BLOCKER_SORT_URGENCY, -1},
    {"severity", BLOCKER_SORT_SEVERITY, C_SEV},
    {"key", BLOCKER_SORT_KEY, C_KEY},
    {"title", BLOCKER_SORT_TITLE, C_TITLE},
    {"project", BLOCKER_SORT_PROJECT, C_PROJECT},
    {"waiting-on", BLOCKER_SORT_WAITING_ON, C_WAITING},
    {"owner", BLOCKER_SORT_OWNER, C_OWNER},
    {"state", BLOCKER_SORT_STATE, C_STATE},
    {"age", BLOCKER_SORT_AGE, C_AGE},
};

/* Short state names for narrow columns. */
static const char *const state_short[BLOCKER_STATE_COUNT] = {
    [BLOCKER_NEW] = "new",      [BLOCKER_ACCEPTED] = "acc",  [BLOCKER_IN_PROGRESS] = "prog",
    [BLOCKER_RESOLVED] = "done", [BLOCKER_DECLINED] = "decl", [BLOCKER_DUPLICATE] = "dup",
    [BLOCKER_SNOOZED] = "snz",
};

/* What v lists: open blockers first; the filter stays text over the view. */
static const struct pane_view views[] = {
    {"open", "open blockers", "open", false, false, false},
    {"new", "new blockers, waiting for triage", "new", false, false, false},
    {"mine", "open blockers you own", "open", false, true, false},
    {"breached", "open blockers past their SLA", "open", true, false, false},
    {"my departments", "open blockers waiting on a department you lead", "open", false, false,
     true},
    {"closed", "closed blockers (resolved, declined, duplicate)", "closed", false, false, false},
    {"all", "every blocker, open or closed", NULL, false, false, false},
};


static void fill_row(struct vrow *r, const struct blocker *b, const struct view_ctx *ctx)
{
    r->id = b->id;
    r->key = xstrdup(b->key);
    r->title = xstrdup(b->title);
    r->dept = xstrdup(b->waiting_on ? b->waiting_on : b->project_dept);
    r->dept2 = b->project_dept ? xstrdup(b->project_dept) : NULL;
    r->n_cells = C_N;
    /* past the SLA "!", near it "~": a mark, not a colour alone */
    const char *mark = b->breached ? ctx->g->breached : b->sla_near ? ctx->g->sla_near : "";
    if (b->severity) {
        char sev[16], alt[8];
        snprintf(sev, sizeof sev, "S%d%s", b->severity, mark);
        snprintf(alt, sizeof alt, "%d%s", b->severity, mark);
        vcell_set(&r->cells[C_SEV], sev, alt, view_severity_role(b->severity), ctx->ascii);
    } else {
        vcell_setf(&r->cells[C_SEV], TR_DIM, ctx->ascii, "S?%s", mark);
    }
    vcell_set(&r->cells[C_KEY], b->key, NULL, b->state == BLOCKER_NEW ? TR_TITLE : TR_NORMAL,
              ctx->ascii);
    vcell_set(&r->cells[C_TITLE], b->title, NULL, TR_NORMAL, ctx->ascii);
    vcell_set(&r->cells[C_PROJECT], b->project, NULL, TR_NORMAL, ctx->ascii);
    vcell_set(&r->cells[C_WAITING], b->waiting_on ? b->waiting_on : "-", NULL,
              b->waiting_on ? TR_NORMAL : TR_DIM, ctx->ascii);
    vcell_set(&r->cells[C_OWNER], b->owner ? b->owner : "-", NULL, b->owner ? TR_NORMAL : TR_DIM,
              ctx->ascii);
    unsigned s = (unsigned)b->state < BLOCKER_STATE_COUNT ? (unsigned)b->state : 0;
    vcell_set(&r->cells[C_STATE], blocker_state_name(b->state), state_short[s],
              b->state == BLOCKER_NEW ? TR_AMBER : TR_NORMAL, ctx->ascii);
    char age[16];
    fmt_age(ctx, b->raised_at, age);
    vcell_set(&r->cells[C_AGE], age, NULL,
              b->breached ? TR_RED : b->sla_near ? TR_AMBER : TR_DIM, ctx->ascii);
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct blocker *v = NULL;
    size_t nv = 0;
    int rc = blocker_list(st, q, &v, &nv, e);
    if (rc)
        return rc;
    struct vrow *rows = rows_new(nv);
    for (size_t i = 0; i < nv; i++)
        fill_row(&rows[i], &v[i], ctx);
    blocker_list_free(v, nv);
    *out = rows;
    *n = nv;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    struct blocker b = {0};
    int rc = find_result(blocker_get(st, key, &b, e), e);
    if (rc == 0)
        *id = b.id;
    blocker_fini(&b);
    return rc;
}

/* The fields the detail view shows in its own way; every other one of
 * the description (tags ...) is listed by its label where it has a value. */
static const char *const shown_here[] = {
    "id",         "key",          "title",        "project",       "project_dept", "kind",
    "state",      "severity",     "waiting_on",   "owner",         "raised_by",    "raised_at",
    "needed_by",  "sla_due",      "snoozed_until", "duplicate_of", "escalation_level",
    "escalated_to", "escalated_at", "reason",     "updated_at",    "version",      "breached",
    "detail",     NULL,
};

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *doc, struct err *e)
{
    struct blocker b = {0};
    int rc = blocker_get(st, key, &b, e);
    if (rc)
        return rc;
    detail_open(doc, "Blocker", b.key, b.title);
    char buf[128], age[16];
    const int lw = 16;
    view_presence_field(doc, st, b.key, lw);
    doc_link(doc, pane_names[PANE_PROJECTS], b.project);
    doc_field(doc, "Project", lw, TR_NORMAL, b.project);
    doc_link(doc, pane_names[PANE_DEPARTMENTS], b.project_dept);
    doc_field(doc, "Department", lw, TR_NORMAL, b.project_dept);
    doc_field(doc, "Kind", lw, TR_NORMAL, blocker_kind_name(b.kind));
    doc_field(doc, "State", lw, b.state == BLOCKER_NEW ? TR_AMBER : TR_NORMAL,
              blocker_state_name(b.state));
    if (b.severity)
        snprintf(buf, sizeof buf, "S%d%s", b.severity, b.severity == 1 ? " (critical)" : "");
    else
        snprintf(buf, sizeof buf, "S? (not set)");
    doc_field(doc, "Severity", lw, view_severity_role(b.severity), buf);
    doc_link(doc, pane_names[PANE_DEPARTMENTS], b.waiting_on);
    doc_field(doc, "Waiting on", lw, TR_NORMAL, b.waiting_on);
    doc_field(doc, "Owner", lw, TR_NORMAL, b.owner);
    detail_fields(doc, &blocker_entity, &b, shown_here, lw);
    /* times in the person's zone, as everywhere in the cockpit */
    char when[TIME_SHOW_MAX];
    fmt_age(ctx, b.raised_at, age);
    time_show_text(b.raised_at, when);
    snprintf(buf, sizeof buf, "%s by %s (%s ago)", when, b.raised_by ? b.raised_by : "-", age);
    doc_field(doc, "Raised", lw, TR_NORMAL, buf);
    doc_field(doc, "Needed by", lw, TR_NORMAL, b.needed_by);
    time_show_text(b.sla_due, when);
    snprintf(buf, sizeof buf, "%s%s", when,
             b.breached ? "  ! breached" : b.sla_near ? "  ~ near (under a quarter left)" : "");
    doc_field(doc, "SLA due", lw, b.breached ? TR_RED : b.sla_near ? TR_AMBER : TR_NORMAL, buf);
    if (b.escalation_level > 0) {
        time_show_text(b.escalated_at, when);
        snprintf(buf, sizeof buf, "level %d to %s at %s", b.escalation_level,
                 b.escalated_to ? b.escalated_to : "-", when);
        doc_field(doc, "Escalated", lw, TR_AMBER, buf);
    } else {
        doc_field(doc, "Escalated", lw, TR_DIM, "no");
    }
    if (b.state == BLOCKER_SNOOZED) {
        time_show_text(b.snoozed_until, when);
        doc_field(doc, "Snoozed until", lw, TR_NORMAL, when);
    }
    if (b.duplicate_of) {
        doc_link(doc, pane_names[PANE_BLOCKERS], b.duplicate_of);
        doc_field(doc, "Duplicate of", lw, TR_NORMAL, b.duplicate_of);
    }
    doc_field(doc, "Last reason", lw, TR_NORMAL, b.reason);
    time_show_text(b.updated_at, when);
    doc_field(doc, "Updated", lw, TR_DIM, when);
    if (!str_empty(b.detail)) {
        detail_heading(doc, "Detail");
        detail_wrap(doc, TR_NORMAL, b.detail, width, 2);
    }
    rc = detail_history(doc, st, "blocker", b.key, 30, e);
    blocker_fini(&b);
    return rc;
}

const struct pane_class pane_blockers = {
    .kind = PANE_BLOCKERS,
    .title = "Blockers",
    .entity = "blocker",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .views = views,
    .n_views = sizeof views / sizeof views[0],
    .narrowable = true,
    .count_cap = BLOCKER_TEXT_CAP,
    /* through the indexes, or the roll-up for open or new blockers */
    .count = blocker_count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
