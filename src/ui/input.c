/*
 * Input: what the terminal sends becomes a view key (input_translate),
 * a key becomes a command through the keymap, and each command has one
 * handler in a table indexed by its id. Typing into the filter or the
 * command line goes through the line editor instead.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/chart.h"
#include "baton/department.h"
#include "baton/utf8.h"
#include "ui_internal.h"

/* ---- translation ---- */

static const struct {
    int curses;
    vkey key;
} keycodes[] = {
    {KEY_UP, VK_UP},         {KEY_DOWN, VK_DOWN},       {KEY_LEFT, VK_LEFT},
    {KEY_RIGHT, VK_RIGHT},   {KEY_HOME, VK_HOME},       {KEY_END, VK_END},
    {KEY_PPAGE, VK_PGUP},    {KEY_NPAGE, VK_PGDN},      {KEY_ENTER, VK_ENTER},
    {KEY_BTAB, VK_BTAB},     {KEY_BACKSPACE, VK_BACKSPACE}, {KEY_DC, VK_DELETE},
    {KEY_IC, VK_INSERT},     {KEY_RESIZE, VK_RESIZE},   {KEY_MOUSE, VK_MOUSE},
};

vkey input_translate(int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES) {
        for (size_t i = 0; i < sizeof keycodes / sizeof keycodes[0]; i++)
            if (keycodes[i].curses == (int)ch)
                return keycodes[i].key;
        if ((int)ch >= KEY_F(1) && (int)ch <= KEY_F(24))
            return VK_F((int)ch - KEY_F0);
        return VK_NONE;
    }
    if (ch == '\r' || ch == '\n')
        return VK_ENTER;
    if (ch == 27)
        return VK_ESC;
    if (ch == '\t')
        return VK_TAB;
    if (ch == 127 || ch == 8)
        return VK_BACKSPACE;
    if (ch >= 1 && ch <= 26)
        return VK_CTRL('a' + (int)ch - 1);
    if (ch < 0x20)
        return VK_NONE;
    return (vkey)ch;
}

/* ---- the app's shared actions ---- */

void app_message(struct app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char raw[sizeof a->msg];
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    char *safe = utf8_sanitize(raw, a->ctx.ascii);
    snprintf(a->msg, sizeof a->msg, "%s", safe);
    free(safe);
    a->msg_error = error;
    a->dirty_status = true;
}

int app_keymode(const struct app *a)
{
    return mode_top(a)->keys;
}

/* The blockers pane has focus on the grid: Space marks, verdicts apply to
 * the marked. */
static bool bulk_pane(const struct app *a)
{
    return !a->empty && a->n_panes > 0 && a->panes[a->focus].pane.cls == &pane_blockers;
}

static void detail_rebuild(struct app *a)
{
    struct doc d;
    doc_init(&d, a->ctx.ascii);
    struct err e = {0};
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
static void count_triage(struct app *a)
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
    people_refresh(a);
    count_triage(a);
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
    standup_reload(a); /* the banner of a stand-up running elsewhere, too */
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

void app_open_detail(struct app *a, const struct pane_class *cls, const char *key)
{
    struct doc d;
    doc_init(&d, a->ctx.ascii);
    struct err e = {0};
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
                            a->detail_cur, a->detail_cell};
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
    app_open_detail(a, b.cls, b.key);
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
    count_triage(a);
    if (dept)
        app_message(a, false, "narrowed to %s; 0 widens", dept);
    else
        app_message(a, false, "showing every department");
}

/* ---- command handlers ---- */

static struct ui_pane *focused(struct app *a)
{
    return &a->panes[a->focus];
}

static void cmd_quit(struct app *a, enum cmd c)
{
    a->quit = true;
}

static void cmd_back(struct app *a, enum cmd c)
{
    const struct mode *m = mode_top(a);
    if (m->back)
        m->back(a);
    else
        mode_remove(a, m);
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

static void help_search(struct app *a)
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

static void cmd_help(struct app *a, enum cmd c)
{
    if (mode_top(a) == &mode_help)
        cmd_back(a, c);
    else
        app_help(a);
}

static void command_enter(struct app *a, void *data)
{
    line_clear(&a->line);
    history_reset(&a->history);
    a->complete_idx = 0;
    a->msg[0] = 0;
    a->dirty_status = true;
}

static void cmd_command(struct app *a, enum cmd c)
{
    mode_push(a, &mode_command, NULL);
}

static void cmd_reload(struct app *a, enum cmd c)
{
    app_reload_all(a);
    app_message(a, false, "reloaded");
}

static void cmd_redraw(struct app *a, enum cmd c)
{
    a->clear_all = true;
    draw_layout(a);
}

static void set_focus(struct app *a, int i)
{
    if (i < 0 || i >= a->n_panes || a->empty)
        return;
    a->panes[a->focus].pane.dirty = true;
    a->focus = i;
    a->panes[i].pane.dirty = true;
    a->dirty_status = true;
}

static void cmd_focus(struct app *a, enum cmd c)
{
    if (c == CMD_FOCUS_NEXT)
        set_focus(a, (a->focus + 1) % a->n_panes);
    else if (c == CMD_FOCUS_PREV)
        set_focus(a, (a->focus + a->n_panes - 1) % a->n_panes);
    else
        set_focus(a, (int)(c - CMD_FOCUS_1));
}

/* Scrolls a document view (detail or help) by a motion command. */
static void scroll_doc(int *top, int lines, int body, enum cmd c)
{
    int half = body / 2 > 0 ? body / 2 : 1;
    static const struct {
        enum cmd c;
        int by; /* lines; 0 = page, 1000000 = to the end */
    } moves[] = {
        {CMD_DOWN, 1},       {CMD_UP, -1},      {CMD_TOP, -1000000},
        {CMD_BOTTOM, 1000000}, {CMD_PAGE_DOWN, 0}, {CMD_PAGE_UP, 0},
        {CMD_HALF_DOWN, 0},  {CMD_HALF_UP, 0},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (moves[i].c != c)
            continue;
        int by = moves[i].by;
        if (c == CMD_PAGE_DOWN)
            by = body;
        else if (c == CMD_PAGE_UP)
            by = -body;
        else if (c == CMD_HALF_DOWN)
            by = half;
        else if (c == CMD_HALF_UP)
            by = -half;
        long t = (long)*top + by;
        if (t > lines - body)
            t = lines - body;
        if (t < 0)
            t = 0;
        *top = (int)t;
    }
}

static void help_move(struct app *a, enum cmd c)
{
    scroll_doc(&a->help_top, (int)a->help.n, a->rows - 6, c);
    a->dirty_main = true;
}

/* The cursor goes from one line that opens something to the next, so it
 * is always on one and in view (doc_cursor_move). */
static void detail_move(struct app *a, enum cmd c)
{
    int body = draw_main_height(a) - 2;
    int before = a->detail_cur;
    doc_cursor_move(&a->detail, body, (int)c, &a->detail_top, &a->detail_cur);
    /* on a line of cells, the one under the column the cursor was in */
    if (a->detail_cur != before)
        a->detail_cell = doc_cell_near(&a->detail, a->detail_cur, a->detail_x);
    a->dirty_main = a->dirty_status = true;
}

static void panes_move(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
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

static bool has_move(const struct mode *m)
{
    return m->moves != NULL;
}

static void cmd_move(struct app *a, enum cmd c)
{
    const struct mode *m = mode_find(a, has_move);
    if (m)
        m->moves(a, c);
}

/* h and l: the cell to the left or right on a line of cells (a grid). */
static void cmd_cell(struct app *a, enum cmd c)
{
    if (mode_top(a) != &mode_detail || a->detail_cur >= (int)a->detail.n)
        return;
    int n = (int)a->detail.lines[a->detail_cur].n_cells;
    int cell = a->detail_cell + (c == CMD_RIGHT ? 1 : -1);
    if (n == 0 || cell < 0 || cell >= n)
        return;
    a->detail_cell = cell;
    a->detail_x = doc_cell_mid(&a->detail, a->detail_cur, cell);
    a->dirty_main = a->dirty_status = true;
}

static void cmd_open(struct app *a, enum cmd c)
{
    const struct mode *m = mode_top(a);
    if (m->open)
        m->open(a);
}

static void panes_open(struct app *a)
{
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
    const struct vrow *r = pane_selected(p);
    if (!r) {
        app_message(a, false, "nothing selected");
        return;
    }
    app_open_detail(a, p->cls, r->key);
}

static void cmd_narrow(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    if (c == CMD_WIDEN) {
        if (a->dept)
            app_narrow(a, NULL);
        return;
    }
    const struct vrow *r = pane_selected(&focused(a)->pane);
    if (!r || str_empty(r->dept)) {
        app_message(a, false, "the selected row has no department to narrow to");
        return;
    }
    if (str_eq(a->dept, r->dept))
        app_narrow(a, NULL);
    else
        app_narrow(a, r->dept);
}

static void cmd_filter(struct app *a, enum cmd c)
{
    if (mode_top(a) == &mode_help) {
        help_search(a);
        return;
    }
    if (a->empty)
        return;
    mode_push(a, &mode_filter, NULL);
}

static void reload_focused(struct app *a)
{
    struct err e = {0};
    struct pane *p = &focused(a)->pane;
    if (pane_reload(p, a->st, a->dept, &a->ctx, &e))
        app_message(a, true, "%s: %s", p->cls->title, e.msg);
    p->dirty = true;
}

static void cmd_clear(struct app *a, enum cmd c)
{
    struct pane *p = &focused(a)->pane;
    /* the filter first (marks survive it), then the marks */
    if (!p->filter.len && triage_clear_marks(a)) {
        draw_mark_panes(a);
        app_message(a, false, "marks cleared");
        return;
    }
    if (!p->filter.len)
        return;
    line_clear(&p->filter);
    reload_focused(a);
    app_message(a, false, "filter cleared");
}

static void cmd_sort(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
    if (c == CMD_SORT)
        pane_next_sort(p, focused(a)->widths); /* only columns on screen */
    else
        pane_invert_sort(p);
    reload_focused(a);
    app_message(a, false, "%s sorted by %s%s", p->cls->title, pane_sort_name(p),
                p->desc ? " (inverted)" : "");
}

/* v: the next of what the focused pane can list (the blockers pane's
 * views), kept for the session; the filter stays as typed. */
static void cmd_view(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
    if (!pane_view(p)) {
        app_message(a, false, "%s has one view; the Blockers pane has several", p->cls->title);
        return;
    }
    pane_next_view(p);
    p->sel.cursor = p->sel.top = 0;
    pane_fini(p); /* the old window says nothing about the new list */
    reload_focused(a);
    const struct pane_view *v = pane_view(p);
    app_message(a, false, "%s: %s (%lld)", p->cls->title, v->what, (long long)p->sel.total);
}

static void cmd_copy(struct app *a, enum cmd c)
{
    char *text = NULL;
    if (mode_top(a) == &mode_detail && a->detail.n > 0) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(&a->detail, 0, &sb);
        text = sb_take(&sb);
    } else if (!a->empty) {
        const struct vrow *r = pane_selected(&focused(a)->pane);
        if (r)
            text = xasprintf("%s %s", r->key ? r->key : "", r->title ? r->title : "");
    }
    if (!text) {
        app_message(a, false, "nothing selected to copy");
        return;
    }
    clip_copy(a, text);
    free(text);
}

static void cmd_triage(struct app *a, enum cmd c)
{
    if (a->empty) {
        app_message(a, false, "nothing to triage: the database holds no organisation yet");
        return;
    }
    mode_remove(a, &mode_detail);
    triage_enter(a);
}

static void cmd_verdict(struct app *a, enum cmd c)
{
    triage_command(a, c);
}

static void cmd_mark(struct app *a, enum cmd c)
{
    triage_mark(a);
}

static void cmd_add(struct app *a, enum cmd c)
{
    if (a->empty) {
        app_message(a, false, "load an organisation first (:demo or baton import)");
        return;
    }
    form_add(a);
}

static void cmd_edit(struct app *a, enum cmd c)
{
    const struct mode *m = mode_top(a);
    if (m->edit)
        m->edit(a);
}

static void detail_edit(struct app *a)
{
    form_edit(a, a->detail_cls, a->detail_key);
}

static void panes_edit(struct app *a)
{
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
    const struct vrow *r = pane_selected(p);
    if (!r) {
        app_message(a, false, "nothing selected to edit");
        return;
    }
    form_edit(a, p->cls, r->key);
}

/* The time range of charts: the indicator detail redraws at once. */
static void cmd_range(struct app *a, enum cmd c)
{
    a->ctx.range = chart_range_step(a->ctx.range, c == CMD_RANGE_NEXT ? 1 : -1);
    if (mode_on(a, &mode_detail))
        detail_rebuild(a);
}

static void cmd_standup(struct app *a, enum cmd c)
{
    if (c == CMD_FOLLOW)
        standup_follow(a);
    else if (c == CMD_STANDUP)
        standup_enter(a);
    else
        standup_command(a, c);
}

typedef void (*cmd_fn)(struct app *a, enum cmd c);

static const cmd_fn handlers[CMD_COUNT] = {
    [CMD_QUIT] = cmd_quit,         [CMD_BACK] = cmd_back,
    [CMD_HELP] = cmd_help,         [CMD_COMMAND] = cmd_command,
    [CMD_RELOAD] = cmd_reload,     [CMD_REDRAW] = cmd_redraw,
    [CMD_FOCUS_NEXT] = cmd_focus,  [CMD_FOCUS_PREV] = cmd_focus,
    [CMD_FOCUS_1] = cmd_focus,     [CMD_FOCUS_2] = cmd_focus,
    [CMD_FOCUS_3] = cmd_focus,     [CMD_FOCUS_4] = cmd_focus,
    [CMD_DOWN] = cmd_move,         [CMD_UP] = cmd_move,
    [CMD_TOP] = cmd_move,          [CMD_BOTTOM] = cmd_move,
    [CMD_PAGE_DOWN] = cmd_move,    [CMD_PAGE_UP] = cmd_move,
    [CMD_HALF_DOWN] = cmd_move,    [CMD_HALF_UP] = cmd_move,
    [CMD_OPEN] = cmd_open,         [CMD_NARROW] = cmd_narrow,
    [CMD_WIDEN] = cmd_narrow,      [CMD_FILTER] = cmd_filter,
    [CMD_CLEAR] = cmd_clear,       [CMD_SORT] = cmd_sort,
    [CMD_SORT_INVERT] = cmd_sort,  [CMD_COPY] = cmd_copy,
    [CMD_VIEW] = cmd_view,
    [CMD_TRIAGE] = cmd_triage,     [CMD_MARK] = cmd_mark,
    [CMD_ADD] = cmd_add,           [CMD_EDIT] = cmd_edit,
    [CMD_T_ACCEPT] = cmd_verdict,  [CMD_T_START] = cmd_verdict,
    [CMD_T_REOPEN] = cmd_verdict,  [CMD_T_SEV1] = cmd_verdict,
    [CMD_T_SEV2] = cmd_verdict,    [CMD_T_SEV3] = cmd_verdict,
    [CMD_T_SEV4] = cmd_verdict,    [CMD_T_OWNER] = cmd_verdict,
    [CMD_T_WAITING] = cmd_verdict, [CMD_T_ESCALATE] = cmd_verdict,
    [CMD_T_RESOLVE] = cmd_verdict, [CMD_T_DECLINE] = cmd_verdict,
    [CMD_T_DUPLICATE] = cmd_verdict, [CMD_T_SNOOZE] = cmd_verdict,
    [CMD_T_COMMENT] = cmd_verdict, [CMD_T_UNDO] = cmd_verdict,
    [CMD_STANDUP] = cmd_standup,   [CMD_FOLLOW] = cmd_standup,
    [CMD_SU_NEXT] = cmd_standup,   [CMD_SU_PREV] = cmd_standup,
    [CMD_SU_NOTE] = cmd_standup,   [CMD_SU_DECISION] = cmd_standup,
    [CMD_SU_ACTION] = cmd_standup, [CMD_SU_PARKING] = cmd_standup,
    [CMD_SU_TRIAGE] = cmd_standup, [CMD_SU_SKIP] = cmd_standup,
    [CMD_SU_END] = cmd_standup,
    [CMD_RANGE_NEXT] = cmd_range,  [CMD_RANGE_PREV] = cmd_range,
    [CMD_LEFT] = cmd_cell,         [CMD_RIGHT] = cmd_cell,
};

/* ---- typing into a line ---- */

static void filter_changed(struct app *a)
{
    struct pane *p = &focused(a)->pane;
    p->sel.cursor = p->sel.top = 0;
    pane_fini(p); /* the old window says nothing about the new list */
    reload_focused(a);
}

bool input_edit_line(struct app *a, struct line_edit *l, vkey k)
{
    if (k == VK_BACKSPACE) {
        line_backspace(l);
    } else if (k == VK_DELETE || k == VK_CTRL('d')) {
        line_delete(l);
    } else if (k == VK_LEFT || k == VK_CTRL('b')) {
        line_left(l);
    } else if (k == VK_RIGHT || k == VK_CTRL('f')) {
        line_right(l);
    } else if (k == VK_HOME || k == VK_CTRL('a')) {
        l->cur = 0;
    } else if (k == VK_END || k == VK_CTRL('e')) {
        l->cur = l->len;
    } else if (k == VK_CTRL('u')) {
        line_kill(l);
    } else if (k >= 0x20 && k < VK_SPECIAL) {
        char buf[24] = {0};
        vkey_name(k, buf);
        if (k == ' ')
            snprintf(buf, sizeof buf, " ");
        if (!line_insert(l, buf))
            app_message(a, true, "the line is full");
    } else {
        return false;
    }
    return true;
}

static void line_key(struct app *a, vkey k)
{
    bool filter = mode_top(a) == &mode_filter;
    struct line_edit *l = filter ? &focused(a)->pane.filter : &a->line;
    enum cmd c = keymap_lookup(&a->km, MODE_LINE, k);
    a->dirty_status = true;
    if (c == CMD_LINE_ACCEPT) {
        mode_remove(a, mode_top(a));
        if (!filter) {
            char *cmd = xstrdup(l->buf);
            history_add(&a->history, cmd);
            a->msg[0] = 0;
            cmdline_run(a, cmd);
            free(cmd);
        }
        return;
    }
    if (c == CMD_LINE_CANCEL) {
        mode_remove(a, mode_top(a));
        if (filter && l->len) {
            line_clear(l);
            filter_changed(a);
        }
        a->msg[0] = 0;
        return;
    }
    if (!filter && c == CMD_LINE_COMPLETE) {
        cmdline_complete(a);
        return;
    }
    if (!filter && (c == CMD_LINE_PREV || c == CMD_LINE_NEXT)) {
        line_set(l, c == CMD_LINE_PREV ? history_prev(&a->history) : history_next(&a->history));
        return;
    }
    size_t before = l->len;
    char old[LINE_MAX_BYTES];
    memcpy(old, l->buf, l->len + 1);
    if (k == VK_BACKSPACE && l->len == 0) {
        mode_remove(a, mode_top(a)); /* backspace on an empty line leaves it */
        return;
    }
    input_edit_line(a, l, k);
    a->complete_idx = 0;
    if (filter && (l->len != before || memcmp(old, l->buf, l->len) != 0))
        filter_changed(a);
}

void input_key(struct app *a, vkey k)
{
    const struct mode *m = mode_top(a);
    if (m->key) {
        m->key(a, k);
        return;
    }
    if (a->msg[0]) {
        a->msg[0] = 0;
        a->dirty_status = true;
    }
    enum cmd c = CMD_NONE;
    /* the blockers pane: the verdict keys act on the selected blocker (or
     * on the marked ones) */
    if (m == &mode_panes && bulk_pane(a))
        c = keymap_lookup(&a->km, MODE_BULK, k);
    if (c == CMD_NONE)
        c = keymap_lookup(&a->km, m->keys, k);
    if (c == CMD_NONE || !handlers[c]) {
        char name[24];
        vkey_name(k, name);
        struct strbuf help;
        sb_init(&help);
        keymap_keys(&a->km, CMD_HELP, "/", 1, &help);
        app_message(a, false, "%s does nothing here; %s lists the keys", name, sb_str(&help));
        sb_fini(&help);
        return;
    }
    triage_forget(a, c);
    if (!people_allow(a, c))
        return;
    handlers[c](a, c);
}

/* ---- the mouse ---- */

void input_mouse(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    for (int i = 0; i < a->n_modes; i++)
        if (a->modes[i].m->flags & MF_KEYBOARD)
            return; /* keyboard screens */
    bool wheel_up = ev.bstate & BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    bool wheel_down = ev.bstate & BUTTON5_PRESSED;
#else
    bool wheel_down = false;
#endif
    bool click = ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED);
    if (mode_screen(a) != &mode_panes || mode_on(a, &mode_help) || a->too_small || a->empty) {
        if (wheel_up || wheel_down)
            for (int i = 0; i < 3; i++)
                cmd_move(a, wheel_up ? CMD_UP : CMD_DOWN);
        return;
    }
    for (int i = 0; i < a->n_panes; i++) {
        struct ui_pane *up = &a->panes[i];
        if (ev.y < up->y || ev.y >= up->y + up->h || ev.x < up->x || ev.x >= up->x + up->w)
            continue;
        set_focus(a, i);
        struct pane *p = &up->pane;
        if (wheel_up || wheel_down) {
            sel_move(&p->sel, wheel_up ? -3 : 3);
        } else if (click) {
            int row = ev.y - up->y - 2;
            if (row >= 0 && row < p->sel.height && p->sel.top + row < p->sel.total)
                sel_goto(&p->sel, p->sel.top + row);
        }
        app_sync_pane(a, i);
        return;
    }
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
    return HINTS(hints_panes);
}

static const char *panes_tag(const struct app *a)
{
    return triage_marks(a) ? "BULK" : "PANES";
}

static char *panes_view(const struct app *a)
{
    if (a->empty || a->n_panes == 0)
        return xstrdup("welcome");
    return xstrdup(a->panes[a->focus].pane.cls->name);
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

const struct mode mode_panes = {
    .name = "PANES",
    .help = "Panes",
    .keys = MODE_PANES,
    .flags = MF_SCREEN,
    .draw = draw_panes,
    .tag = panes_tag,
    .hints = panes_hints,
    .selected = panes_selected,
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
    return HINTS(hints_detail);
}

static void detail_reload(struct app *a)
{
    detail_rebuild(a);
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

const struct mode mode_detail = {
    .name = "DETAIL",
    .help = "Detail views",
    .keys = MODE_DETAIL,
    .flags = MF_SCREEN | MF_NO_MARKS,
    .leave = detail_leave,
    .draw = draw_detail_view,
    .hints = detail_hints,
    .selected = detail_selected,
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

static void filter_enter(struct app *a, void *data)
{
    a->filter_before = focused(a)->pane.filter;
    a->msg[0] = 0;
    a->dirty_status = true;
}

static void filter_status(struct app *a, WINDOW *w, int x)
{
    draw_status_line(a, w, x, &focused(a)->pane.filter, "/");
}

static void command_status(struct app *a, WINDOW *w, int x)
{
    draw_status_line(a, w, x, &a->line, ":");
}

const struct mode mode_filter = {
    .name = "FILTER",
    .help = "Command line and filter",
    .keys = MODE_LINE,
    .flags = MF_LINE,
    .enter = filter_enter,
    .key = line_key,
    .status = filter_status,
};

const struct mode mode_command = {
    .name = "COMMAND",
    .help = "Command line and filter",
    .keys = MODE_LINE,
    .flags = MF_LINE,
    .enter = command_enter,
    .key = line_key,
    .status = command_status,
};
