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
    if (a->picker || a->prompt)
        return MODE_PROMPT;
    if (a->input != IN_KEYS)
        return MODE_LINE;
    if (a->help_open)
        return MODE_HELP;
    if (a->form)
        return MODE_FORM;
    if (a->detail_open)
        return MODE_DETAIL;
    if (a->triage_open)
        return MODE_TRIAGE;
    if (a->standup_open)
        return MODE_STANDUP;
    return MODE_PANES;
}

/* The blockers pane has focus on the grid: Space marks, verdicts apply to
 * the marked. */
static bool bulk_pane(const struct app *a)
{
    return app_keymode(a) == MODE_PANES && !a->empty && a->n_panes > 0 &&
           a->panes[a->focus].pane.cls == &pane_blockers;
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
    a->dirty_main = true;
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
    a->dirty_header = true;
    for (int i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i].pane;
        if (pane_reload(p, a->st, a->dept, &a->ctx, &e))
            app_message(a, true, "%s: %s", p->cls->title, e.msg);
        p->dirty = true;
    }
    if (a->detail_open)
        detail_rebuild(a);
    if (a->triage_open)
        triage_reload(a);
    standup_reload(a);
    if (a->empty || a->form || a->standup_open)
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
    /* the cursor starts on the first item listed, when the first page shows one */
    int first = doc_next_link(&a->detail, 0, 1);
    a->detail_cur = first >= 0 && first < draw_main_height(a) - 2 ? first : 0;
    a->detail_open = true;
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

static void close_detail(struct app *a)
{
    a->detail_open = false;
    drop_back(a);
    draw_mark_panes(a);
    a->dirty_status = true;
}

/* Opens the item the detail view's cursor line lists, keeping the view
 * it leaves to come back to. */
static void open_link(struct app *a)
{
    if (a->detail_cur < 0 || a->detail_cur >= (int)a->detail.n)
        return;
    const struct doc_line *l = &a->detail.lines[a->detail_cur];
    const struct pane_class *cls = l->link_key ? pane_class_find(l->link_pane) : NULL;
    if (!cls) {
        app_message(a, false, "nothing to open here: move to a line that lists an item");
        return;
    }
    struct detail_back b = {a->detail_cls, xstrdup(a->detail_key), a->detail_top,
                            a->detail_cur};
    char *key = xstrdup(l->link_key);
    app_open_detail(a, cls, key);
    free(key);
    if (a->detail_cls == b.cls && str_eq(a->detail_key, b.key) && a->detail_top == 0 &&
        b.top == 0 && a->detail_cur == b.cur) {
        free(b.key); /* it did not open (the message says why) */
        return;
    }
    a->back = xrealloc(a->back, (a->n_back + 1) * sizeof *a->back);
    a->back[a->n_back++] = b;
}

/* Esc in a detail view: the one it was opened from, or the panes. */
static void detail_back(struct app *a)
{
    if (a->n_back == 0) {
        close_detail(a);
        return;
    }
    struct detail_back b = a->back[--a->n_back];
    app_open_detail(a, b.cls, b.key);
    a->detail_top = b.top;
    a->detail_cur = b.cur;
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
    a->dirty_header = true;
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
    if (a->help_open) {
        a->help_open = false;
        draw_mark_panes(a);
        a->dirty_status = true;
    } else if (a->detail_open) {
        detail_back(a);
    } else if (a->triage_open) {
        triage_leave(a);
    } else if (a->standup_open) {
        standup_leave(a);
    }
}

static void cmd_help(struct app *a, enum cmd c)
{
    if (a->help_open) {
        cmd_back(a, c);
        return;
    }
    draw_build_help(a);
    a->help_open = true;
    a->help_top = 0;
    a->dirty_main = a->dirty_status = true;
}

static void cmd_command(struct app *a, enum cmd c)
{
    a->input = IN_COMMAND;
    line_clear(&a->line);
    history_reset(&a->history);
    a->complete_idx = 0;
    a->msg[0] = 0;
    a->dirty_status = true;
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

static void cmd_move(struct app *a, enum cmd c)
{
    if (a->help_open) {
        scroll_doc(&a->help_top, (int)a->help.n, a->rows - 6, c);
        a->dirty_main = true;
        return;
    }
    if (a->detail_open) {
        int body = draw_main_height(a) - 2;
        if (doc_next_link(&a->detail, 0, 1) < 0) {
            /* nothing to open: the keys scroll */
            scroll_doc(&a->detail_top, (int)a->detail.n, body, c);
        } else {
            /* a cursor line to choose an item; the view follows it */
            int last = a->detail.n ? (int)a->detail.n - 1 : 0;
            int cur = a->detail_cur;
            if (c == CMD_DOWN) {
                cur++;
            } else if (c == CMD_UP) {
                cur--;
            } else if (c == CMD_TOP) {
                cur = 0;
            } else if (c == CMD_BOTTOM) {
                cur = last;
            } else {
                /* pages move the view and the cursor together */
                int top_before = a->detail_top;
                scroll_doc(&a->detail_top, (int)a->detail.n, body, c);
                cur += a->detail_top - top_before;
            }
            a->detail_cur = cur < 0 ? 0 : cur > last ? last : cur;
            if (a->detail_cur < a->detail_top)
                a->detail_top = a->detail_cur;
            if (a->detail_cur >= a->detail_top + body)
                a->detail_top = a->detail_cur - body + 1;
        }
        a->dirty_main = a->dirty_status = true;
        return;
    }
    if (a->triage_open) {
        triage_move(a, c);
        return;
    }
    if (a->standup_open) {
        standup_move(a, c);
        return;
    }
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

static void cmd_open(struct app *a, enum cmd c)
{
    if (a->detail_open) {
        open_link(a);
        return;
    }
    if (a->standup_open) {
        if (!standup_open_item(a))
            app_message(a, false, "nothing to open here: j k move to a blocker, project or indicator");
        return;
    }
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
    if (a->empty)
        return;
    struct pane *p = &focused(a)->pane;
    a->filter_before = p->filter;
    a->input = IN_FILTER;
    a->msg[0] = 0;
    a->dirty_status = true;
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
    if (a->detail_open && a->detail.n > 0) {
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
    if (a->detail_open)
        close_detail(a);
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
    if (a->detail_open) {
        form_edit(a, a->detail_cls, a->detail_key);
        return;
    }
    if (a->triage_open) {
        const char *key = triage_current_key(a);
        if (key)
            form_edit(a, &pane_blockers, key);
        else
            app_message(a, false, "the triage queue is empty");
        return;
    }
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
    if (a->detail_open)
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
    bool filter = a->input == IN_FILTER;
    struct line_edit *l = filter ? &focused(a)->pane.filter : &a->line;
    enum cmd c = keymap_lookup(&a->km, MODE_LINE, k);
    a->dirty_status = true;
    if (c == CMD_LINE_ACCEPT) {
        a->input = IN_KEYS;
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
        a->input = IN_KEYS;
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
        a->input = IN_KEYS; /* backspace on an empty line leaves it */
        return;
    }
    input_edit_line(a, l, k);
    a->complete_idx = 0;
    if (filter && (l->len != before || memcmp(old, l->buf, l->len) != 0))
        filter_changed(a);
}

void input_key(struct app *a, vkey k)
{
    if (a->picker) {
        picker_key(a, k);
        return;
    }
    if (a->prompt) {
        prompt_key(a, k);
        return;
    }
    if (a->input != IN_KEYS) {
        line_key(a, k);
        return;
    }
    if (a->form && !a->help_open) {
        form_key(a, k);
        return;
    }
    if (a->msg[0]) {
        a->msg[0] = 0;
        a->dirty_status = true;
    }
    enum cmd c = CMD_NONE;
    /* the blockers pane: the verdict keys act on the selected blocker (or
     * on the marked ones) */
    if (bulk_pane(a))
        c = keymap_lookup(&a->km, MODE_BULK, k);
    if (c == CMD_NONE)
        c = keymap_lookup(&a->km, app_keymode(a), k);
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
    if (a->triage_open || a->form || a->picker || a->prompt || a->standup_open)
        return; /* keyboard screens */
    bool wheel_up = ev.bstate & BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    bool wheel_down = ev.bstate & BUTTON5_PRESSED;
#else
    bool wheel_down = false;
#endif
    bool click = ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED);
    if (a->help_open || a->detail_open || a->too_small || a->empty) {
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
