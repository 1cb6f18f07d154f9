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











/* Like people_may, and when not, says why in the status bar. */
static bool allow(struct app *a, enum cmd c)
{
    if (people_may(a, c))
        return true;
    const char *d1, *d2;
    people_target(a, c, &d1, &d2);
    struct strbuf sb;
    sb_init(&sb);
    view_cmd_refusal(a->st, c, people_class(a), d1, d2, &sb);
    app_message(a, true, "%s", sb_str(&sb));
    sb_fini(&sb);
    return false;
}

/* ---- command handlers ---- */


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


static void cmd_narrow(struct app *a, enum cmd c)
{
    if (a->empty)
        return;
    if (c == CMD_WIDEN) {
        if (a->dept)
            app_narrow(a, NULL);
        return;
    }
    const struct vrow *r = pane_selected(&app_focused(a)->pane);
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
        app_help_search(a);
        return;
    }
    if (a->empty)
        return;
    mode_push(a, &mode_filter, NULL);
}

static void reload_focused(struct app *a)
{
    struct err e = {0};
    struct pane *p = &app_focused(a)->pane;
    if (pane_reload(p, a->st, a->dept, &a->ctx, &e))
        app_message(a, true, "%s: %s", p->cls->title, e.msg);
    p->dirty = true;
}

static void cmd_clear(struct app *a, enum cmd c)
{
    struct pane *p = &app_focused(a)->pane;
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
    struct pane *p = &app_focused(a)->pane;
    if (c == CMD_SORT)
        pane_next_sort(p, app_focused(a)->widths); /* only columns on screen */
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
    struct pane *p = &app_focused(a)->pane;
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
        const struct vrow *r = pane_selected(&app_focused(a)->pane);
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
    const struct pane_class *cls = NULL;
    const char *why = NULL;
    const char *key = m->edit ? m->edit(a, &cls, &why) : NULL;
    if (key)
        form_edit(a, cls, key);
    else if (why)
        app_message(a, false, "%s", why);
}



/* The time range of charts: the indicator detail redraws at once. */
static void cmd_range(struct app *a, enum cmd c)
{
    a->ctx.range = chart_range_step(a->ctx.range, c == CMD_RANGE_NEXT ? 1 : -1);
    if (mode_on(a, &mode_detail))
        app_detail_rebuild(a);
}

static void cmd_checkin(struct app *a, enum cmd c)
{
    checkin_start(a);
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
    [CMD_CHECKIN] = cmd_checkin,
};

/* ---- typing into a line ---- */

static void filter_changed(struct app *a)
{
    struct pane *p = &app_focused(a)->pane;
    p->sel.cursor = p->sel.top = 0;
    pane_fini(p); /* the old window says nothing about the new list */
    reload_focused(a);
}


static void line_key(struct app *a, vkey k)
{
    bool filter = mode_top(a) == &mode_filter;
    struct line_edit *l = filter ? &app_focused(a)->pane.filter : &a->line;
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
    if (!allow(a, c))
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

/* ---- the lines typed at the bottom ---- */

static void filter_enter(struct app *a, void *data)
{
    a->filter_before = app_focused(a)->pane.filter;
    a->msg[0] = 0;
    a->dirty_status = true;
}

static void filter_status(struct app *a, WINDOW *w, int x)
{
    draw_status_line(a, w, x, &app_focused(a)->pane.filter, "/");
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
