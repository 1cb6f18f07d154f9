/*
 * What every part of the cockpit calls on: reloading and syncing the
 * panes, opening a detail view and going back through the ones opened
 * from it, narrowing to a department, and the modes that lie at the bottom of the stack: the
 * panes, a detail view and the help over them.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "ui_internal.h"

/* ---- the selected blocker, one function per context ---- */

const char *pane_selected_blocker(const struct app *a)
{
    if (a->empty || a->n_panes == 0 || a->panes[a->focus].pane.cls != &pane_blockers)
        return NULL;
    const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
    return r ? r->key : NULL;
}

const char *detail_selected_blocker(const struct app *a)
{
    if (a->detail_cls == &pane_blockers)
        return a->detail_key;
    /* another item's detail: the blocker its cursor lists */
    const char *pane, *key;
    if (!doc_link_at(&a->detail, a->detail_cur, a->detail_cell, &pane, &key))
        return NULL;
    return str_eq(pane, pane_names[PANE_BLOCKERS]) ? key : NULL;
}



void app_detail_rebuild(struct app *a)
{
    struct doc d;
    doc_init(&d, a->ctx.ascii);
    struct err e = {0};
    a->ctx.list_rows = a->detail_rows;
    if (a->detail_cls->detail(a->st, a->detail_key, draw_detail_width(a), &a->ctx, &d, &e)) {
        doc_fini(&d);
        app_message(a, true, "%s", e.msg);
        return;
    }
    doc_wrap(&d, draw_detail_width(a));
    doc_fini(&a->detail);
    a->detail = d;
    if (a->detail_cur >= (int)a->detail.n)
        a->detail_cur = a->detail.n ? (int)a->detail.n - 1 : 0;
    if (a->detail.n) {
        int cells = (int)a->detail.lines[a->detail_cur].n_cells;
        if (a->detail_cell >= cells)
            a->detail_cell = cells ? cells - 1 : 0;
    }
    a->dirty_main = true;
}

/* The header says how many blockers wait for triage, of the narrowed
 * department when narrowed, as t would list them (the roll-up answers). */
void app_count_triage(struct app *a)
{
    struct err e = {0};
    struct query q = {.state = "new", .dept = a->dept};
    int64_t n = 0;
    if (!a->empty && blocker_count(a->st, &q, &n, &e) == 0)
        a->to_triage = n;
    else
        a->to_triage = 0;
    a->dirty_header = true;
}

void app_reload_all(struct app *a)
{
    struct err e = {0};
    a->ctx.now = time_now();
    struct query q = {0};
    int64_t n = 0;
    if (department_count(a->st, &q, &n, &e) == 0) {
        bool empty = n == 0;
        if (empty != a->empty)
            draw_mark_panes(a);
        a->empty = empty;
    }
    free(a->org);
    a->org = store_org_name(a->st);
    /* a colleague opening or leaving the cockpit is a change too */
    a->hooks->others(a);
    app_count_triage(a);
    a->dirty_header = true;
    for (int i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i].pane;
        if (pane_reload(p, a->st, a->dept, &a->ctx, &e))
            app_message(a, true, "%s: %s", p->cls->title, e.msg);
        p->dirty = true;
    }
    /* what each open mode shows, the topmost first */
    for (int i = a->n_modes - 1; i >= 0; i--)
        if (i < a->n_modes && a->modes[i].m->reload)
            a->modes[i].m->reload(a);
    a->hooks->keep_up(a); /* the banner of a stand-up running elsewhere, too */
    if (a->empty)
        a->dirty_main = true;
}

int app_sync_pane(struct app *a, int i)
{
    struct err e = {0};
    struct pane *p = &a->panes[i].pane;
    int rc = pane_sync(p, a->st, a->dept, &a->ctx, &e);
    if (rc)
        app_message(a, true, "%s: %s", p->cls->title, e.msg);
    p->dirty = true;
    return rc;
}

/* A long list in a detail reads two screens to begin with, and twice as
 * many each time the cursor comes down to the end of what it read. */
static int detail_first_rows(const struct app *a)
{
    int body = draw_main_height(a) - 2;
    return 2 * (body > 10 ? body : 10);
}

static void detail_open_rows(struct app *a, const struct pane_class *cls, const char *key,
                             int rows)
{
    struct doc d;
    doc_init(&d, a->ctx.ascii);
    struct err e = {0};
    a->ctx.list_rows = rows;
    if (cls->detail(a->st, key, draw_detail_width(a), &a->ctx, &d, &e)) {
        doc_fini(&d);
        app_message(a, true, "%s", e.msg);
        return;
    }
    char *k = xstrdup(key); /* key may be the old detail's own */
    free(a->detail_key);
    a->detail_key = k;
    a->detail_cls = cls;
    a->detail_top = 0;
    a->detail_rows = rows;
    doc_wrap(&d, draw_detail_width(a));
    doc_fini(&a->detail);
    a->detail = d;
    /* the cursor starts where the view says (the flow's hottest cell), or
     * on the first item listed, when the first page shows it */
    int first = a->detail.has_focus ? a->detail.focus_line : doc_next_link(&a->detail, 0, 1);
    a->detail_cur = first >= 0 && first < draw_main_height(a) - 2 ? first : 0;
    a->detail_cell = a->detail.has_focus && first == a->detail_cur ? a->detail.focus_cell : 0;
    a->detail_x = doc_cell_mid(&a->detail, a->detail_cur, a->detail_cell);
    if (!mode_on(a, &mode_detail))
        mode_push(a, &mode_detail, NULL);
    a->dirty_main = a->dirty_status = true;
}

void app_open_detail(struct app *a, const struct pane_class *cls, const char *key)
{
    detail_open_rows(a, cls, key, detail_first_rows(a));
}

static void drop_back(struct app *a)
{
    for (size_t i = 0; i < a->n_back; i++)
        free(a->back[i].key);
    free(a->back);
    a->back = NULL;
    a->n_back = 0;
}

static void detail_leave(struct app *a, void *data)
{
    drop_back(a);
    draw_mark_panes(a);
    a->dirty_status = true;
}

/* Opens the item the detail view's cursor line lists, keeping the view
 * it leaves to come back to. */
static void open_link(struct app *a)
{
    const char *pane = NULL, *link = NULL;
    bool on = doc_link_at(&a->detail, a->detail_cur, a->detail_cell, &pane, &link);
    const struct pane_class *cls = on ? pane_class_find(pane) : NULL;
    if (!cls) {
        app_message(a, false, "nothing to open here: move to a line that lists an item");
        return;
    }
    struct detail_back b = {a->detail_cls, xstrdup(a->detail_key), a->detail_top,
                            a->detail_cur, a->detail_cell, a->detail_rows};
    char *key = xstrdup(link);
    app_open_detail(a, cls, key);
    free(key);
    if (a->detail_cls == b.cls && str_eq(a->detail_key, b.key) && a->detail_top == 0 &&
        b.top == 0 && a->detail_cur == b.cur && a->detail_cell == b.cell) {
        free(b.key); /* it did not open (the message says why) */
        return;
    }
    a->back = xrealloc(a->back, (a->n_back + 1) * sizeof *a->back);
    a->back[a->n_back++] = b;
}

/* Esc in a detail view: the one it was opened from, or what lies under it. */
static void detail_back(struct app *a)
{
    if (a->n_back == 0) {
        mode_remove(a, &mode_detail);
        return;
    }
    struct detail_back b = a->back[--a->n_back];
    /* as much of its list as it had read, so the place it left is there */
    detail_open_rows(a, b.cls, b.key, b.rows);
    if (b.cur >= (int)a->detail.n || b.top >= (int)a->detail.n) {
        b.top = b.cur = 0; /* its list is shorter now */
        b.cell = 0;
    }
    a->detail_top = b.top;
    a->detail_cur = b.cur;
    a->detail_cell = b.cell;
    a->detail_x = doc_cell_mid(&a->detail, b.cur, b.cell);
    free(b.key);
}

void app_detail_free(struct app *a)
{
    drop_back(a);
}

void app_narrow(struct app *a, const char *dept)
{
    free(a->dept);
    a->dept = xstrdup(dept);
    for (int i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i].pane;
        if (!p->cls->narrowable) {
            p->dirty = true; /* the narrowed department is marked */
            continue;
        }
        p->sel.cursor = p->sel.top = 0;
        struct err e = {0};
        /* a narrowed pane starts at its top rather than chasing the old row */
        pane_fini(p);
        if (pane_reload(p, a->st, a->dept, &a->ctx, &e))
            app_message(a, true, "%s: %s", p->cls->title, e.msg);
    }
    app_count_triage(a);
    /* dept may be a row's, which the reload above has freed: say the copy */
    if (a->dept)
        app_message(a, false, "narrowed to %s; 0 widens", a->dept);
    else
        app_message(a, false, "showing every department");
}

struct ui_pane *app_focused(struct app *a)
{
    return &a->panes[a->focus];
}

void app_help(struct app *a)
{
    if (!mode_on(a, &mode_help))
        mode_push(a, &mode_help, NULL);
}

/* The help opens at the keys of the mode it lies over. */
static void help_enter(struct app *a, void *data)
{
    const struct mode *under = a->n_modes >= 2 ? a->modes[a->n_modes - 2].m : &mode_panes;
    a->help_under = under;
    free(a->help_query);
    a->help_query = NULL;
    draw_build_help(a);
    a->help_top = 0;
    a->dirty_main = a->dirty_status = true;
}

static void help_leave(struct app *a, void *data)
{
    free(a->help_query);
    a->help_query = NULL;
    draw_mark_panes(a);
    a->dirty_status = true;
}

/* / in the help: the lines that mention the text typed. */
static bool help_searched(struct app *a, const char *text, void *arg)
{
    free(a->help_query);
    a->help_query = str_empty(text) ? NULL : xstrdup(text);
    draw_build_help(a);
    a->help_top = 0;
    draw_mark_panes(a); /* a shorter help leaves the screen under it to paint */
    a->dirty_main = true;
    return true;
}

void app_help_search(struct app *a)
{
    struct prompt_opts o = {.kept = a->help_query,
                            .hint = "the help's lines that mention it; Esc keeps the help as it is"};
    prompt_open(a, "search the help", &o, help_searched, NULL);
}

/* Esc in the help: a search is cleared first, then the help closes. */
static void help_back(struct app *a)
{
    if (a->help_query) {
        help_searched(a, "", NULL);
        return;
    }
    mode_remove(a, &mode_help);
}

static void help_move(struct app *a, enum cmd c)
{
    int none = -1; /* the help opens nothing: it scrolls */
    doc_cursor_move(&a->help, a->rows - 6, (int)c, &a->help_top, &none);
    a->dirty_main = true;
}

/* The cursor goes from one line that opens something to the next, so it
 * is always on one and in view (doc_cursor_move). */
static void detail_move(struct app *a, enum cmd c)
{
    int body = draw_main_height(a) - 2;
    int before = a->detail_cur;
    doc_cursor_move(&a->detail, body, (int)c, &a->detail_top, &a->detail_cur);
    /* a long list read in part: more of it once the screen reaches its
     * end (all of it for the bottom), the cursor where it went */
    while (a->detail.more && a->detail_top + 2 * body >= (int)a->detail.n) {
        int was = (int)a->detail.n;
        a->detail_rows = c == CMD_BOTTOM ? INT_MAX : 2 * a->detail_rows;
        app_detail_rebuild(a);
        if ((int)a->detail.n <= was)
            break;
        if (c == CMD_BOTTOM)
            doc_cursor_move(&a->detail, body, (int)c, &a->detail_top, &a->detail_cur);
    }
    /* on a line of cells, the one under the column the cursor was in */
    if (a->detail_cur != before)
        a->detail_cell = doc_cell_near(&a->detail, a->detail_cur, a->detail_x);
    a->dirty_main = a->dirty_status = true;
}

static void panes_move(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    struct pane *p = &app_focused(a)->pane;
    switch (c) {
    case CMD_DOWN: sel_move(&p->sel, 1); break;
    case CMD_UP: sel_move(&p->sel, -1); break;
    case CMD_TOP: sel_goto(&p->sel, 0); break;
    case CMD_BOTTOM: sel_goto(&p->sel, -1); break;
    case CMD_PAGE_DOWN: sel_page(&p->sel, 1, false); break;
    case CMD_PAGE_UP: sel_page(&p->sel, -1, false); break;
    case CMD_HALF_DOWN: sel_page(&p->sel, 1, true); break;
    case CMD_HALF_UP: sel_page(&p->sel, -1, true); break;
    default: break;
    }
    app_sync_pane(a, a->focus);
}

static void panes_open(struct app *a)
{
    if (a->empty)
        return;
    struct pane *p = &app_focused(a)->pane;
    const struct vrow *r = pane_selected(p);
    if (!r) {
        app_message(a, false, "nothing selected");
        return;
    }
    app_open_detail(a, p->cls, r->key);
}

static const char *detail_edit(const struct app *a, const struct pane_class **cls,
                               const char **why)
{
    *cls = a->detail_cls;
    return a->detail_key;
}

static const char *panes_edit(const struct app *a, const struct pane_class **cls,
                              const char **why)
{
    if (a->empty)
        return NULL;
    const struct pane *p = &a->panes[a->focus].pane;
    const struct vrow *r = pane_selected(p);
    *cls = p->cls;
    *why = "nothing selected to edit";
    return r ? r->key : NULL;
}


/* ---- the modes of the grid, the detail view, the help and the lines ---- */

/* The commands whose hints the status bar shows, per mode. */
static const enum cmd hints_panes[] = {CMD_FOCUS_NEXT, CMD_DOWN,    CMD_OPEN,    CMD_NARROW,
                                       CMD_FILTER,     CMD_SORT,    CMD_STANDUP, CMD_COPY,
                                       CMD_COMMAND,    CMD_HELP,    CMD_QUIT};
static const enum cmd hints_blockers[] = {
    CMD_FOCUS_NEXT, CMD_DOWN,      CMD_OPEN,      CMD_T_ACCEPT, CMD_T_RESOLVE,
    CMD_T_DECLINE,  CMD_T_ESCALATE, CMD_MARK,     CMD_TRIAGE,   CMD_ADD,
    CMD_VIEW,       CMD_FILTER,     CMD_HELP,      CMD_QUIT};
static const enum cmd hints_detail[] = {CMD_BACK, CMD_OPEN,    CMD_DOWN, CMD_LEFT,
                                        CMD_COPY, CMD_COMMAND, CMD_HELP};
/* A detail whose cursor is on a blocker it lists (a flow cell's list):
 * the verdict keys act on that blocker. */
static const enum cmd hints_blocker_list[] = {
    CMD_BACK,       CMD_OPEN,      CMD_DOWN,      CMD_T_ACCEPT, CMD_T_START, CMD_T_RESOLVE,
    CMD_T_DECLINE,  CMD_T_SNOOZE,  CMD_T_ESCALATE, CMD_HELP};
/* A blocker's detail takes the verdict keys. */
static const enum cmd hints_blocker_detail[] = {
    CMD_BACK,       CMD_T_ACCEPT, CMD_T_START,   CMD_T_RESOLVE, CMD_T_DECLINE,
    CMD_T_ESCALATE, CMD_T_SEV4,   CMD_T_COMMENT, CMD_EDIT,      CMD_HELP};
/* The objectives pane, and an objective's detail (or one listing them):
 * C records a check-in on the selected one. */
static const enum cmd hints_objectives[] = {CMD_FOCUS_NEXT, CMD_DOWN,   CMD_OPEN,
                                            CMD_CHECKIN,    CMD_NARROW, CMD_FILTER,
                                            CMD_COMMAND,    CMD_HELP,   CMD_QUIT};
static const enum cmd hints_objective_detail[] = {CMD_BACK,    CMD_OPEN, CMD_DOWN,
                                                  CMD_CHECKIN, CMD_COPY, CMD_HELP};
/* The welcome screen of an empty database: only what works there. */
static const enum cmd hints_empty[] = {CMD_COMMAND, CMD_HELP, CMD_QUIT};
/* An indicator's detail has a chart whose time range the user steps through. */
static const enum cmd hints_chart[] = {CMD_BACK, CMD_RANGE_NEXT, CMD_DOWN, CMD_COPY, CMD_HELP};
static const enum cmd hints_help[] = {CMD_BACK, CMD_DOWN, CMD_FILTER};


static struct hints panes_hints(const struct app *a)
{
    if (a->empty)
        return HINTS(hints_empty);
    if (a->panes[a->focus].pane.cls == &pane_blockers)
        return HINTS(hints_blockers);
    if (a->panes[a->focus].pane.cls == &pane_objectives)
        return HINTS(hints_objectives);
    return HINTS(hints_panes);
}

static const char *panes_tag(const struct app *a)
{
    return a->hooks->marks(a) ? "BULK" : "PANES";
}

static char *panes_view(const struct app *a)
{
    if (a->empty || a->n_panes == 0)
        return xstrdup("welcome");
    return xstrdup(pane_class_name(a->panes[a->focus].pane.cls));
}

static const char *panes_selected(const struct app *a, int64_t *version)
{
    return pane_selected_blocker(a);
}

static void panes_depts(const struct app *a, const char **dept, const char **dept2)
{
    if (a->empty || a->n_panes == 0)
        return;
    /* a department's own row is that department */
    const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
    if (r) {
        *dept = r->dept;
        *dept2 = r->dept2;
    }
}

/* The objective of the Objectives pane's selected row. */
static const char *panes_objective(const struct app *a)
{
    if (a->empty || a->panes[a->focus].pane.cls != &pane_objectives)
        return NULL;
    const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
    return r ? r->key : NULL;
}

/* The objective a detail shows, or the one its cursor's line links to. */
static const char *detail_objective(const struct app *a)
{
    if (a->detail_cls == &pane_objectives)
        return a->detail_key;
    const char *pane, *key;
    if (!doc_link_at(&a->detail, a->detail_cur, a->detail_cell, &pane, &key))
        return NULL;
    return str_eq(pane, pane_names[PANE_OBJECTIVES]) ? key : NULL;
}

const struct mode mode_panes = {
    .name = "PANES",
    .help = "Panes",
    .keys = MODE_PANES,
    .flags = MF_SCREEN | MF_ROWS,
    .draw = draw_panes,
    .tag = panes_tag,
    .hints = panes_hints,
    .selected = panes_selected,
    .objective = panes_objective,
    .depts = panes_depts,
    .moves = panes_move,
    .open = panes_open,
    .edit = panes_edit,
    .view = panes_view,
};

static struct hints detail_hints(const struct app *a)
{
    if (a->detail_cls == &pane_indicators)
        return HINTS(hints_chart);
    if (a->detail_cls == &pane_blockers)
        return HINTS(hints_blocker_detail);
    if (detail_selected_blocker(a))
        return HINTS(hints_blocker_list);
    if (app_selected_objective(a))
        return HINTS(hints_objective_detail);
    return HINTS(hints_detail);
}

static void detail_reload(struct app *a)
{
    app_detail_rebuild(a);
}

static void detail_resize(struct app *a)
{
    if (!a->detail_cls)
        return;
    int top = a->detail_top;
    char *key = xstrdup(a->detail_key);
    app_open_detail(a, a->detail_cls, key);
    free(key);
    a->detail_top = top;
}

static char *detail_view(const struct app *a)
{
    if (!a->detail_cls || !a->detail_key)
        return NULL;
    return xasprintf("%s %s", a->detail_cls->entity, a->detail_key);
}

static const char *detail_selected(const struct app *a, int64_t *version)
{
    return detail_selected_blocker(a);
}

/* Enter where the cursor is on an item; h and l where there are cells. */
static bool detail_offers(const struct app *a, enum cmd c)
{
    const char *pane, *key;
    if (c == CMD_OPEN)
        return doc_link_at(&a->detail, a->detail_cur, a->detail_cell, &pane, &key);
    if (c == CMD_LEFT)
        return a->detail_cur >= (int)a->detail.n || a->detail.lines[a->detail_cur].n_cells;
    return true;
}

const struct mode mode_detail = {
    .name = "DETAIL",
    .help = "Detail views",
    .keys = MODE_DETAIL,
    .flags = MF_SCREEN | MF_NO_MARKS | MF_RIGHTS_LATER,
    .leave = detail_leave,
    .draw = draw_detail_view,
    .hints = detail_hints,
    .offers = detail_offers,
    .selected = detail_selected,
    .objective = detail_objective,
    .moves = detail_move,
    .open = open_link,
    .edit = detail_edit,
    .back = detail_back,
    .reload = detail_reload,
    .resize = detail_resize,
    .view = detail_view,
};

static struct hints help_hints(const struct app *a)
{
    return HINTS(hints_help);
}

static void help_resize(struct app *a)
{
    draw_build_help(a); /* it wraps at the new width */
}

const struct mode mode_help = {
    .name = "HELP",
    .help = "General",
    .keys = MODE_HELP,
    .flags = MF_COVERS | MF_NO_MARKS,
    .enter = help_enter,
    .leave = help_leave,
    .draw = draw_help_over,
    .hints = help_hints,
    .moves = help_move,
    .back = help_back,
    .resize = help_resize,
};

