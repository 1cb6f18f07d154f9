/*
 * Pickers: a box over the screen listing what may be chosen, narrowed as
 * the user types (fuzzy, see picker.h). Enter chooses, Esc cancels with
 * nothing written, Up/Down move, Tab toggles in lists that take several.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/picker.h"
#include "baton/utf8.h"
#include "ui_internal.h"

struct picker_ui {
    struct picker p;
    picker_fn done;
    void *arg;
};

void picker_open(struct app *a, struct picker *p, picker_fn done, void *arg)
{
    picker_close(a);
    struct picker_ui *u = xcalloc(1, sizeof *u);
    u->p = *p;
    memset(p, 0, sizeof *p);
    u->done = done;
    u->arg = arg;
    if (u->p.refill)
        u->p.refill(&u->p, u->p.refill_ctx);
    picker_filter(&u->p);
    mode_push(a, &mode_picker, u);
    a->msg[0] = 0;
    a->dirty_status = a->dirty_main = true;
}

static void picker_free(struct picker_ui *u)
{
    if (!u)
        return;
    picker_fini(&u->p);
    free(u);
}

static void leave(struct app *a, void *data)
{
    picker_free(data);
}

void picker_close(struct app *a)
{
    mode_remove(a, &mode_picker);
    a->dirty_status = a->dirty_main = true;
    draw_mark_panes(a);
}

static void choose(struct app *a)
{
    struct picker_ui *u = mode_data(a, &mode_picker);
    const struct pick_item *it = picker_current(&u->p);
    const char *key = NULL;
    if (!u->p.multi) {
        if (it)
            key = it->key;
        else if (u->p.allow_typed && u->p.query.len)
            key = u->p.query.buf;
        else {
            app_message(a, true, "nothing matches '%s'; Esc cancels", u->p.query.buf);
            return;
        }
    }
    /* The done function may open the next prompt or picker. */
    mode_detach(a, &mode_picker);
    char *k = key ? xstrdup(key) : NULL;
    u->done(a, &u->p, k, u->arg);
    free(k);
    picker_free(u);
    a->dirty_status = a->dirty_main = true;
    draw_mark_panes(a);
}

void picker_key(struct app *a, vkey k)
{
    struct picker_ui *u = mode_data(a, &mode_picker);
    enum cmd c = keymap_lookup(&a->km, MODE_PROMPT, k);
    a->dirty_main = a->dirty_status = true;
    switch (c) {
    case CMD_PROMPT_CANCEL:
        picker_close(a);
        app_message(a, false, "cancelled; nothing was written");
        return;
    case CMD_PROMPT_ACCEPT:
        a->msg[0] = 0;
        choose(a);
        return;
    case CMD_PICK_NEXT: picker_move(&u->p, 1); return;
    case CMD_PICK_PREV: picker_move(&u->p, -1); return;
    case CMD_PICK_TOGGLE: picker_toggle(&u->p); return;
    default: break;
    }
    if (k == VK_PGDN || k == VK_PGUP) {
        picker_move(&u->p, k == VK_PGDN ? 10 : -10);
        return;
    }
    char before[LINE_MAX_BYTES];
    memcpy(before, u->p.query.buf, u->p.query.len + 1);
    a->msg[0] = 0;
    if (input_edit_line(a, &u->p.query, k) && strcmp(before, u->p.query.buf) != 0) {
        if (u->p.refill && u->p.refill(&u->p, u->p.refill_ctx) != 0)
            app_message(a, true, "could not read the list for '%s'", u->p.query.buf);
        picker_filter(&u->p);
    }
}

static int put(WINDOW *w, int y, int x, attr_t at, const char *s, int width)
{
    if (width <= 0 || !s)
        return 0;
    size_t n = utf8_fit(s, width);
    wattrset(w, at);
    mvwaddnstr(w, y, x, s, (int)n);
    char *cut = xstrndup(s, n);
    int used = utf8_width(cut);
    free(cut);
    return used;
}

void picker_draw(struct app *a)
{
    struct picker_ui *u = mode_data(a, &mode_picker);
    struct picker *p = &u->p;
    int wd = a->cols - 4 < 90 ? a->cols - 4 : 90;
    int h = a->rows - 4 < 20 ? a->rows - 4 : 20;
    if (wd < 20 || h < 6)
        return;
    WINDOW *w = newwin(h, wd, (a->rows - h) / 2, (a->cols - wd) / 2);
    if (!w)
        return;
    const struct glyphs *g = a->ctx.g;
    attr_t normal = a->attr[TR_NORMAL], border = a->attr[TR_BORDER_FOCUS];
    for (int y = 0; y < h; y++) {
        wattrset(w, normal);
        mvwhline(w, y, 0, ' ', wd);
    }
    struct strbuf sb;
    sb_init(&sb);
    /* box */
    sb_add(&sb, g->ftl);
    for (int i = 0; i < wd - 2; i++)
        sb_add(&sb, g->fhl);
    sb_add(&sb, g->ftr);
    put(w, 0, 0, border, sb_str(&sb), wd);
    sb_clear(&sb);
    sb_add(&sb, g->fbl);
    for (int i = 0; i < wd - 2; i++)
        sb_add(&sb, g->fhl);
    sb_add(&sb, g->fbr);
    put(w, h - 1, 0, border, sb_str(&sb), wd);
    for (int y = 1; y < h - 1; y++) {
        put(w, y, 0, border, g->fvl, 1);
        put(w, y, wd - 1, border, g->fvl, 1);
    }
    char *title = utf8_sanitize(p->title, a->ctx.ascii);
    sb_clear(&sb);
    sb_addf(&sb, " %s ", title);
    free(title);
    put(w, 0, 2, a->attr[TR_TITLE] | A_BOLD, sb_str(&sb), wd - 4);
    sb_clear(&sb);
    sb_addf(&sb, " %zu of %zu  Enter choose%s  Esc cancel ", p->n_shown, p->n,
            p->multi ? "  Tab toggle" : "");
    int nw = utf8_width(sb_str(&sb));
    put(w, h - 1, wd - 2 - nw > 1 ? wd - 2 - nw : 1, a->attr[TR_DIM], sb_str(&sb), wd - 2);
    /* the query */
    put(w, 1, 2, a->attr[TR_COLUMN] | A_BOLD, "> ", 2);
    char *q = utf8_sanitize(p->query.buf, a->ctx.ascii);
    put(w, 1, 4, normal, q, wd - 6);
    free(q);
    int body = h - 4;
    picker_scroll(p, body);
    if (p->n_shown == 0) {
        put(w, 3, 2, a->attr[TR_DIM],
            p->allow_typed && p->query.len ? "no match: Enter takes what you typed"
                                           : "nothing matches",
            wd - 4);
    }
    for (int r = 0; r < body && p->top + (size_t)r < p->n_shown; r++) {
        size_t idx = p->top + (size_t)r;
        const struct pick_item *it = &p->items[p->shown[idx]];
        bool cur = idx == p->cursor;
        attr_t at = cur ? a->attr[TR_SELECTION] : normal;
        wattrset(w, at);
        mvwhline(w, 2 + r, 1, ' ', wd - 2);
        sb_clear(&sb);
        if (p->multi)
            sb_add(&sb, it->chosen ? "[x] " : "[ ] ");
        else
            sb_add(&sb, cur ? g->selected : " ");
        if (!p->multi)
            sb_add(&sb, " ");
        char *key = utf8_sanitize(it->key, a->ctx.ascii);
        utf8_pad(&sb, key, 10, false, a->ctx.ascii);
        free(key);
        sb_add(&sb, " ");
        int x = 2 + put(w, 2 + r, 2, at | (cur ? A_BOLD : 0), sb_str(&sb), wd - 4);
        char *label = utf8_sanitize(it->label, a->ctx.ascii);
        draw_put_words(a, w, 2 + r, x, cur ? at : (it->pinned ? a->attr[TR_TITLE] : normal),
                       label, wd - 2 - x);
        free(label);
    }
    sb_fini(&sb);
    /* the cursor in the query line */
    wattrset(w, normal);
    wmove(w, 1, 4 + line_cursor_col(&p->query));
    curs_set(1);
    wnoutrefresh(w);
    delwin(w);
}

/* ---- the mode ---- */

static void status(struct app *a, WINDOW *w, int x)
{
    draw_put_words(a, w, 0, x, a->attr[TR_STATUS],
                   a->msg[0] ? a->msg : "type to narrow; Enter chooses, Esc cancels", a->cols - x);
    curs_set(1);
}

const struct mode mode_picker = {
    .name = "PICK",
    .help = "Prompts and pickers",
    .keys = MODE_PROMPT,
    .flags = MF_KEYBOARD,
    .leave = leave,
    .fini = leave,
    .key = picker_key,
    .cursor = picker_draw,
    .status = status,
};
