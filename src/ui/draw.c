/*
 * Layout and painting. Layout (draw_layout) places the header, the grid of
 * panes, the main area and the status bar for the terminal's size; the
 * painters draw only what is marked dirty, each into its own window, and
 * one doupdate() sends the difference to the terminal. Every string drawn
 * was sanitised by the view layer and is padded to its display width, so
 * wide and combining characters keep the columns in place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"
#include "ui_internal.h"

/* ---- small painting helpers ---- */

/* Draws s at y,x in attr, cut to at most width display columns. Returns
 * the columns used. A zero-width joiner is left out: terminals that fuse
 * a joined emoji sequence into one cell would draw fewer columns than its
 * characters' widths add up to, and every column after it would shift. */
static int put(WINDOW *w, int y, int x, attr_t attr, const char *s, int width)
{
    if (width <= 0 || !s)
        return 0;
    size_t n = utf8_fit(s, width);
    wattrset(w, attr);
    static const char zwj[] = "\xE2\x80\x8D";
    const char *end = s + n, *j = strstr(s, zwj);
    if (!j || j >= end) {
        mvwaddnstr(w, y, x, s, (int)n);
    } else {
        wmove(w, y, x);
        for (const char *p = s; p < end; j = strstr(p, zwj)) {
            size_t len = j && j < end ? (size_t)(j - p) : (size_t)(end - p);
            if (len)
                waddnstr(w, p, (int)len);
            p += len + (j && j < end ? 3 : 0);
        }
    }
    char *cut = xstrndup(s, n);
    int used = utf8_width(cut);
    free(cut);
    return used;
}

static void fill(WINDOW *w, int y, int x, int width, attr_t attr)
{
    wattrset(w, attr);
    for (int i = 0; i < width; i++)
        mvwaddch(w, y, x + i, ' ');
}

static void repeat(struct strbuf *sb, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        sb_add(sb, s);
}

/* A box with a title on the top border and a note on the bottom one. */
static void draw_box(struct app *a, WINDOW *w, bool focus, const char *title,
                     const char *note_top, const char *note_bottom)
{
    const struct glyphs *g = a->ctx.g;
    int h, wd;
    getmaxyx(w, h, wd);
    attr_t b = a->attr[focus ? TR_BORDER_FOCUS : TR_BORDER];
    /* the focused box is drawn in heavy lines: focus shows without colour */
    const char *hl = focus ? g->fhl : g->hl, *vl = focus ? g->fvl : g->vl;
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, focus ? g->ftl : g->tl);
    repeat(&sb, hl, wd - 2);
    sb_add(&sb, focus ? g->ftr : g->tr);
    put(w, 0, 0, b, sb_str(&sb), wd);
    sb_clear(&sb);
    sb_add(&sb, focus ? g->fbl : g->bl);
    repeat(&sb, hl, wd - 2);
    sb_add(&sb, focus ? g->fbr : g->br);
    put(w, h - 1, 0, b, sb_str(&sb), wd);
    for (int y = 1; y < h - 1; y++) {
        put(w, y, 0, b, vl, 1);
        put(w, y, wd - 1, b, vl, 1);
    }
    sb_fini(&sb);
    int x = 2;
    if (title && wd > 6) {
        x += put(w, 0, x, b, " ", 1);
        /* a title that does not fit ends in an ellipsis */
        struct strbuf tb;
        sb_init(&tb);
        int room = wd - x - 3, tw = utf8_width(title);
        utf8_pad(&tb, title, tw > room ? room : tw, false, a->ctx.ascii);
        x += put(w, 0, x, a->attr[TR_TITLE] | (focus ? A_BOLD : 0), sb_str(&tb), room);
        sb_fini(&tb);
        x += put(w, 0, x, b, " ", 1);
    }
    if (note_top && wd - x > 8) {
        int nw = utf8_width(note_top);
        if (nw > wd - x - 4)
            nw = wd - x - 4;
        int nx = wd - 2 - nw - 2;
        if (nx > x) {
            put(w, 0, nx, b, " ", 1);
            put(w, 0, nx + 1, a->attr[TR_DIM], note_top, nw);
            put(w, 0, nx + 1 + nw, b, " ", 1);
        }
    }
    if (note_bottom && wd > 10) {
        int nw = utf8_width(note_bottom);
        if (nw > wd - 6)
            nw = wd - 6;
        int nx = wd - 2 - nw - 2;
        put(w, h - 1, nx, b, " ", 1);
        put(w, h - 1, nx + 1, a->attr[TR_DIM], note_bottom, nw);
        put(w, h - 1, nx + 1 + nw, b, " ", 1);
    }
}

void draw_box_in(struct app *a, WINDOW *w, bool focus, const char *title, const char *note_top,
                 const char *note_bottom)
{
    draw_box(a, w, focus, title, note_top, note_bottom);
}

int draw_put(WINDOW *w, int y, int x, attr_t attr, const char *s, int width)
{
    return put(w, y, x, attr, s, width);
}

/* Draws a line of a styled document, cut to width. */
static void put_doc_line(struct app *a, WINDOW *w, int y, int x, int width,
                         const struct doc_line *l)
{
    int used = 0;
    for (size_t i = 0; i < l->n && used < width; i++)
        used += put(w, y, x + used, a->attr[l->spans[i].role], l->spans[i].text, width - used);
    if (used < width)
        fill(w, y, x + used, width - used, a->attr[TR_NORMAL]);
}

void draw_doc_line(struct app *a, WINDOW *w, int y, int x, int width, const struct doc_line *l)
{
    put_doc_line(a, w, y, x, width, l);
}

void draw_doc_cursor_line(struct app *a, WINDOW *w, int y, int x, int width,
                          const struct doc_line *l)
{
    attr_t sel = a->attr[TR_SELECTION];
    put(w, y, x - 1, sel, l->link_key ? a->ctx.g->selected : " ", 1);
    int used = 0;
    for (size_t i = 0; i < l->n && used < width; i++)
        used += put(w, y, x + used, sel, l->spans[i].text, width - used);
    fill(w, y, x + used, width - used, sel);
}

/* A line of cells with the cursor on one: the line in its own colours,
 * the cell in the selection's, the mark before the line. */
static void draw_doc_cursor_cell(struct app *a, WINDOW *w, int y, int x, int width,
                                 const struct doc_line *l, int cell)
{
    put_doc_line(a, w, y, x, width, l);
    attr_t sel = a->attr[TR_SELECTION];
    put(w, y, x - 1, sel, a->ctx.g->selected, 1);
    if (cell < 0 || cell >= (int)l->n_cells || l->cells[cell].x >= width)
        return;
    const struct doc_cell *c = &l->cells[cell];
    /* the cell's text is the span that starts at its column */
    int at = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (at == c->x) {
            put(w, y, x + at, sel, l->spans[i].text, width - at < c->w ? width - at : c->w);
            return;
        }
        at += utf8_width(l->spans[i].text);
    }
}

static WINDOW *remake(WINDOW *old, int h, int w, int y, int x)
{
    if (old)
        delwin(old);
    if (h <= 0 || w <= 0)
        return NULL;
    return newwin(h, w, y, x);
}

/* ---- layout ---- */

int draw_main_height(const struct app *a)
{
    return a->rows - 2;
}

int draw_detail_width(const struct app *a)
{
    return a->cols - 4;
}

void draw_mark_panes(struct app *a)
{
    for (int i = 0; i < a->n_panes; i++)
        a->panes[i].pane.dirty = true;
    a->dirty_main = true;
}

static void fit_pane(struct app *a, struct ui_pane *up)
{
    /* inside the box, after a one-column gutter for the cursor mark */
    int inner = up->w - 3;
    view_fit_columns(up->pane.cls->cols, up->pane.cls->n_cols, inner, up->widths);
    sel_set_height(&up->pane.sel, up->h > 3 ? up->h - 3 : 1);
}

void draw_layout(struct app *a)
{
    getmaxyx(stdscr, a->rows, a->cols);
    a->too_small = a->cols < UI_MIN_COLS || a->rows < UI_MIN_ROWS;
    for (int i = 0; i < a->n_panes; i++) {
        if (a->panes[i].win)
            delwin(a->panes[i].win);
        a->panes[i].win = NULL;
    }
    a->status = remake(a->status, 1, a->cols, a->rows - 1, 0);
    if (a->status) {
        keypad(a->status, TRUE);
        wtimeout(a->status, a->cfg && a->cfg->refresh_ms > 0 ? a->cfg->refresh_ms : 500);
    }
    if (a->too_small) {
        if (a->header)
            delwin(a->header);
        a->header = NULL;
        a->main = remake(a->main, a->rows - 1, a->cols, 0, 0);
    } else {
        a->header = remake(a->header, 1, a->cols, 0, 0);
        a->main = remake(a->main, a->rows - 2, a->cols, 1, 0);
        int gr = a->grid_rows, gc = a->grid_cols;
        int area_h = a->rows - 2, top = 1;
        for (int i = 0; i < a->n_panes; i++) {
            int r = i / gc, c = i % gc;
            int y = top, x = 0;
            for (int k = 0; k < r; k++)
                y += area_h / gr + (k < area_h % gr);
            for (int k = 0; k < c; k++)
                x += a->cols / gc + (k < a->cols % gc);
            struct ui_pane *up = &a->panes[i];
            up->y = y;
            up->x = x;
            up->h = area_h / gr + (r < area_h % gr);
            up->w = a->cols / gc + (c < a->cols % gc);
            /* a last row with fewer panes than columns stretches them */
            int in_row = a->n_panes - r * gc < gc ? a->n_panes - r * gc : gc;
            if (in_row < gc) {
                up->w = a->cols / in_row + (c < a->cols % in_row);
                up->x = 0;
                for (int k = 0; k < c; k++)
                    up->x += a->cols / in_row + (k < a->cols % in_row);
            }
            up->win = newwin(up->h, up->w, up->y, up->x);
            fit_pane(a, up);
        }
    }
    a->dirty_header = a->dirty_status = true;
    draw_mark_panes(a);
}

/* ---- header and status bar ---- */

static void draw_header(struct app *a)
{
    WINDOW *w = a->header;
    if (!w)
        return;
    attr_t at = a->attr[TR_HEADER];
    fill(w, 0, 0, a->cols, at);
    struct strbuf left, right;
    sb_init(&left);
    sb_init(&right);
    sb_addf(&left, " baton %s ", a->ctx.g->dot);
    /* a read-only database and a running stand-up are announced first,
     * where a narrow screen keeps them */
    if (a->readonly)
        sb_addf(&left, "%s %s ", VIEW_READONLY_BANNER, a->ctx.g->dot);
    const char *banner = a->hooks->banner(a);
    if (banner) {
        char *safe = utf8_sanitize(banner, a->ctx.ascii);
        sb_addf(&left, "%s %s ", safe, a->ctx.g->dot);
        free(safe);
    }
    char *org = utf8_sanitize(str_empty(a->org) ? "(no organisation yet)" : a->org, a->ctx.ascii);
    sb_add(&left, org);
    free(org);
    int org_end = utf8_width(sb_str(&left));
    if (a->dept) {
        char *d = utf8_sanitize(a->dept, a->ctx.ascii);
        sb_addf(&left, " %s narrowed to %s (0 widens)", a->ctx.g->dot, d);
        free(d);
    }
    /* the person's clock; the zone's name where there is room, or always
     * when it is not the organisation's */
    char hm[TIME_SHOW_MAX], hmz[TIME_SHOW_MAX];
    time_show_hm(time_now(), hm);
    time_fmt_zone(time_user_zone(), time_now(), TF_HM | TF_ZONE, hmz);
    char *actor = utf8_sanitize(a->actor ? a->actor : "?", a->ctx.ascii);
    /* who else is here by name, in at most a third of the line */
    struct strbuf hb;
    sb_init(&hb);
    view_presence_names(a->people, a->n_people, a->actor, a->cols / 3 > 14 ? a->cols / 3 : 14,
                        a->ctx.ascii, &hb);
    const char *here = sb_str(&hb);
    /* the right side gives way when the organisation's name needs the room */
    int want_left = utf8_width(sb_str(&left));
    /* a long organisation name may be cut, the narrowing never */
    int keep = 30 + want_left - org_end;
    if (want_left > keep)
        want_left = keep;
    const char *dot = a->ctx.g->dot;
    for (int form = 0; form < 4; form++) {
        sb_clear(&right);
        if (form == 0)
            sb_addf(&right, "%s %s %s %s %s ", actor, dot, here, dot, hmz);
        else if (form == 1)
            sb_addf(&right, "%s %s %s ", here, dot, hm);
        else if (form == 2)
            sb_addf(&right, "%s ", hm);
        if (a->cols - utf8_width(sb_str(&right)) - 2 >= want_left)
            break;
    }
    free(actor);
    sb_fini(&hb);
    int rw = utf8_width(sb_str(&right));
    /* a left side that does not fit ends in an ellipsis, two columns
     * before the right side, so the two never read as one phrase */
    int room = a->cols - rw - 2, lwant = utf8_width(sb_str(&left));
    if (lwant > room && room > 0) {
        struct strbuf cut;
        sb_init(&cut);
        utf8_pad(&cut, sb_str(&left), room, false, a->ctx.ascii);
        sb_clear(&left);
        sb_add(&left, sb_str(&cut));
        sb_fini(&cut);
    }
    int lw = put(w, 0, 0, at | A_BOLD, sb_str(&left), room > 0 ? room : a->cols - rw - 1);
    if (a->cols - rw > lw)
        put(w, 0, a->cols - rw, at, sb_str(&right), rw);
    sb_fini(&left);
    sb_fini(&right);
    wnoutrefresh(w);
}

static void add_hints(struct app *a, const enum cmd *cmds, size_t n, int room,
                      struct strbuf *sb)
{
    for (size_t i = 0; i < n; i++) {
        const struct cmd_entry *ce = cmd_get(cmds[i]);
        if (!ce || !ce->hint)
            continue;
        /* keys this user may not use are left out (help shows them greyed) */
        if (!people_may(a, cmds[i]))
            continue;
        /* only what the mode offers where the cursor is */
        const struct mode *m = mode_top(a);
        if (m->offers && !m->offers(a, cmds[i]))
            continue;
        struct strbuf keys;
        sb_init(&keys);
        enum cmd shown = cmds[i];
        if (cmds[i] == CMD_T_SEV4) {
            keymap_keys(&a->km, CMD_T_SEV1, "/", 1, &keys);
            sb_add(&keys, "-");
        } else if (cmds[i] == CMD_LEFT) {
            keymap_keys(&a->km, CMD_LEFT, "/", 1, &keys); /* h/l */
            sb_add(&keys, "/");
            shown = CMD_RIGHT;
        }
        if (keymap_keys(&a->km, shown, "/", shown == CMD_DOWN ? 2 : 1, &keys) > 0) {
            sb_addf(&keys, " %s  ", ce->hint);
            /* whole hints only: a hint cut in half says nothing */
            if (utf8_width(sb_str(sb)) + utf8_width(sb_str(&keys)) - 2 > room)
                i = n;
            else
                sb_add(sb, sb_str(&keys));
        }
        sb_fini(&keys);
    }
}

static bool hides_marks(const struct mode *m)
{
    return m->flags & MF_NO_MARKS;
}

const char *draw_scroll(const char *s, int cur, int room, int *skipped)
{
    *skipped = 0;
    while (cur - *skipped >= room && *s) {
        size_t cl = utf8_seqlen(s);
        char *ch = xstrndup(s, cl);
        *skipped += utf8_width(ch);
        free(ch);
        s += cl;
    }
    return s;
}

/* The status line of the filter (prompt "/") or the command line (":"):
 * the line being typed, scrolled to keep the cursor in view, and the
 * message after it. */
void draw_status_line(struct app *a, WINDOW *w, int x, const struct line_edit *l,
                      const char *prompt)
{
    attr_t at = a->attr[TR_STATUS];
    char *safe = utf8_sanitize(l->buf, a->ctx.ascii);
    x += put(w, 0, x, at | A_BOLD, prompt, 1);
    int start = x;
    /* keep the cursor in view on a long line */
    int cur = line_cursor_col(l);
    int room = a->cols - start - 1;
    int skipped = 0;
    const char *shown = draw_scroll(safe, cur, room, &skipped);
    x += put(w, 0, x, at, shown, room);
    if (a->msg[0] && x + 3 < a->cols) {
        put(w, 0, x + 2, a->msg_error ? a->attr[TR_RED] : at | A_DIM, a->msg, a->cols - x - 3);
    }
    free(safe);
    wattrset(w, at);
    wmove(w, 0, start + cur - skipped);
    curs_set(1);
}

static void draw_status(struct app *a)
{
    WINDOW *w = a->status;
    /* ncurses writes a terminal's last cell by way of the column before
     * it; one column wide, there is none and it sends a stray character */
    if (!w || a->cols < 2)
        return;
    attr_t at = a->attr[TR_STATUS];
    fill(w, 0, 0, a->cols, at);
    if (a->too_small) {
        /* no other key works until the terminal grows */
        static const enum cmd quit_only[] = {CMD_QUIT};
        struct strbuf sb;
        sb_init(&sb);
        add_hints(a, quit_only, 1, a->cols - 1, &sb);
        put(w, 0, 1, at, sb_str(&sb), a->cols - 1);
        sb_fini(&sb);
        curs_set(0);
        wnoutrefresh(w);
        return;
    }
    const struct mode *m = mode_top(a);
    char tag[32];
    snprintf(tag, sizeof tag, " %s ", m->tag ? m->tag(a) : m->name);
    int x = put(w, 0, 0, at | A_REVERSE | A_BOLD, tag, a->cols);
    x += put(w, 0, x, at, " ", 1);
    if (m->status) {
        m->status(a, w, x);
    } else {
        curs_set(0);
        if (a->msg[0]) {
            /* a message longer than the line ends in an ellipsis, not mid-word */
            struct strbuf msg;
            sb_init(&msg);
            int room = a->cols - x - 1;
            utf8_pad(&msg, a->msg, utf8_width(a->msg) > room ? room : utf8_width(a->msg), false,
                     a->ctx.ascii);
            put(w, 0, x, a->msg_error ? (a->attr[TR_RED] | A_BOLD) : at, sb_str(&msg), room);
            sb_fini(&msg);
        } else {
            struct strbuf sb;
            sb_init(&sb);
            if (a->hooks->marks(a) && !mode_find(a, hides_marks))
                sb_addf(&sb, "%zu marked  ", a->hooks->marks(a));
            struct hints h = m->hints ? m->hints(a) : (struct hints){NULL, 0};
            add_hints(a, h.cmd, h.n, a->cols - x, &sb);
            put(w, 0, x, at, sb_str(&sb), a->cols - x);
            sb_fini(&sb);
        }
    }
    wnoutrefresh(w);
}

/* ---- panes ---- */

/* 1000 as "1,000": a capped count reads as a round figure. */
static void group_digits(int64_t v, char out[32])
{
    char raw[24];
    int n = snprintf(raw, sizeof raw, "%lld", (long long)v);
    int o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && raw[i - 1] != '-' && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = 0;
}

static void draw_pane(struct app *a, int i)
{
    struct ui_pane *up = &a->panes[i];
    struct pane *p = &up->pane;
    WINDOW *w = up->win;
    if (!w)
        return;
    bool focus = i == a->focus;
    const struct glyphs *g = a->ctx.g;
    werase(w);
    char title[96], top[160], bottom[64];
    const struct pane_view *view = pane_view(p);
    /* the pane's view is named by its title: "3 Blockers: closed" */
    snprintf(title, sizeof title, "%d %s%s%s", i + 1, p->cls->title, view ? ": " : "",
             view ? view->name : "");
    struct strbuf tb;
    sb_init(&tb);
    if (p->cls->n_sorts)
        sb_addf(&tb, "%s%s", pane_sort_name(p), p->desc ? g->sort_down : g->sort_up);
    if (p->filter.len) {
        char *f = utf8_sanitize(p->filter.buf, a->ctx.ascii);
        sb_addf(&tb, " %s /%s", g->dot, f);
        free(f);
    }
    if (p->cls->narrowable && a->dept) {
        char *d = utf8_sanitize(a->dept, a->ctx.ascii);
        sb_addf(&tb, " %s in %s", g->dot, d);
        free(d);
    }
    snprintf(top, sizeof top, "%s", sb_str(&tb));
    sb_fini(&tb);
    if (p->filter.len && p->cls->count_cap && p->sel.total > p->cls->count_cap) {
        char cap[32];
        group_digits(p->cls->count_cap, cap);
        snprintf(bottom, sizeof bottom, "%lld of %s+", (long long)p->sel.cursor + 1, cap);
    }
    else if (p->sel.total > 0)
        snprintf(bottom, sizeof bottom, "%lld of %lld", (long long)p->sel.cursor + 1,
                 (long long)p->sel.total);
    else
        snprintf(bottom, sizeof bottom, "0 of 0");
    draw_box(a, w, focus, title, top, bottom);

    int inner = up->w - 2;
    int n = p->cls->n_cols < VIEW_MAX_COLS ? p->cls->n_cols : VIEW_MAX_COLS;
    /* counts are sized from the rows shown, so none loses a digit */
    struct col_spec fitted[VIEW_MAX_COLS];
    view_cols_from_rows(p->cls->cols, n, p->rows, p->n_rows, fitted);
    view_fit_columns(fitted, n, up->w - 3, up->widths);
    const struct col_spec *cols = fitted;
    struct strbuf sb;
    sb_init(&sb);
    view_row_format(cols, up->widths, n, NULL, &a->ctx, &sb);
    put(w, 1, 1, a->attr[TR_NORMAL], " ", 1);
    int used = put(w, 1, 2, a->attr[TR_COLUMN], sb_str(&sb), inner - 1);
    if (used < inner - 1)
        fill(w, 1, 2 + used, inner - 1 - used, a->attr[TR_COLUMN]);

    if (p->sel.total == 0) {
        sb_clear(&sb);
        if (p->filter.len)
            sb_addf(&sb, "no %s match this filter (Esc clears)", p->cls->name);
        else if (p->cls->narrowable && a->dept)
            sb_addf(&sb, "no %s in %s (0 widens)", view ? view->what : p->cls->name, a->dept);
        else if (view && view != p->cls->views)
            sb_addf(&sb, "no %s (v: the next view)", view->what);
        else
            sb_addf(&sb, "no %s", view ? view->what : p->cls->name);
        char *safe = utf8_sanitize(sb_str(&sb), a->ctx.ascii);
        int tw = utf8_width(safe);
        int y = 2 + (up->h - 4) / 2;
        int x = 1 + (inner - tw) / 2;
        put(w, y, x < 1 ? 1 : x, a->attr[TR_DIM], safe, inner);
        free(safe);
    }
    for (int r = 0; r < p->sel.height; r++) {
        int64_t idx = p->sel.top + r;
        const struct vrow *row = pane_row(p, idx);
        if (!row)
            break;
        int y = 2 + r;
        bool cur = idx == p->sel.cursor;
        bool sel = cur && focus;
        bool narrowed = a->dept && !p->cls->narrowable && str_eq(row->key, a->dept);
        attr_t selat = a->attr[TR_SELECTION];
        bool marked = p->cls == &pane_blockers && a->hooks->marked(a, row->key);
        const char *gut = marked ? "*" : cur ? g->selected : narrowed ? g->dot : " ";
        put(w, y, 1, sel ? selat : (cur ? a->attr[TR_TITLE] | A_BOLD : a->attr[TR_NORMAL]),
            gut, 1);
        int x = 2;
        bool first = true;
        for (int c = 0; c < n; c++) {
            if (up->widths[c] <= 0)
                continue;
            if (!first)
                x += put(w, y, x, sel ? selat : a->attr[TR_NORMAL], " ", 1);
            first = false;
            sb_clear(&sb);
            view_row_cell(row, c, up->widths[c], cols[c].right, &a->ctx, &sb);
            attr_t at = sel ? selat : a->attr[row->cells[c].role];
            if (!sel && cur)
                at |= A_BOLD;
            if (narrowed && !sel)
                at |= A_UNDERLINE;
            x += put(w, y, x, at, sb_str(&sb), inner + 1 - x);
        }
        if (x < inner + 1)
            fill(w, y, x, inner + 1 - x, sel ? selat : a->attr[TR_NORMAL]);
    }
    sb_fini(&sb);
    wnoutrefresh(w);
    p->dirty = false;
}

/* ---- the main area: detail, empty database, too small ---- */

static void draw_detail(struct app *a)
{
    WINDOW *w = a->main;
    werase(w);
    int h, wd;
    getmaxyx(w, h, wd);
    int body = h - 2;
    int lines = (int)a->detail.n;
    if (a->detail_top > lines - body)
        a->detail_top = lines - body;
    if (a->detail_top < 0)
        a->detail_top = 0;
    char note[64];
    snprintf(note, sizeof note, "lines %d-%d of %d", lines ? a->detail_top + 1 : 0,
             a->detail_top + body < lines ? a->detail_top + body : lines, lines);
    char *title = utf8_sanitize(a->detail.title ? a->detail.title : "Detail", a->ctx.ascii);
    draw_box(a, w, true, title, "Esc back", note);
    free(title);
    /* a cursor line, when the view lists items Enter can open */
    bool cursor = doc_next_link(&a->detail, 0, 1) >= 0;
    for (int r = 0; r < body; r++) {
        int li = a->detail_top + r;
        if (li >= lines)
            break;
        const struct doc_line *l = &a->detail.lines[li];
        if (cursor && li == a->detail_cur && l->n_cells) {
            draw_doc_cursor_cell(a, w, 1 + r, 2, wd - 4, l, a->detail_cell);
            continue;
        }
        if (cursor && li == a->detail_cur) {
            draw_doc_cursor_line(a, w, 1 + r, 2, wd - 4, l);
            continue;
        }
        put_doc_line(a, w, 1 + r, 2, wd - 4, l);
    }
    wnoutrefresh(w);
}

static void centre(struct app *a, WINDOW *w, int y, attr_t at, const char *s)
{
    int wd = getmaxx(w);
    int tw = utf8_width(s);
    int x = (wd - tw) / 2;
    put(w, y, x < 0 ? 0 : x, at, s, wd);
}

static void draw_empty(struct app *a)
{
    WINDOW *w = a->main;
    werase(w);
    draw_box(a, w, true, "Welcome", NULL, NULL);
    int h = getmaxy(w);
    int y = h / 2 - 4;
    if (y < 1)
        y = 1;
    char *path = utf8_sanitize(a->db_path ? a->db_path : "", a->ctx.ascii);
    char line[512];
    centre(a, w, y++, a->attr[TR_TITLE] | A_BOLD, "This database holds no organisation yet.");
    if (*path && y < h - 1) {
        snprintf(line, sizeof line, "(%s)", path);
        centre(a, w, y++, a->attr[TR_DIM], line);
    }
    free(path);
    y++;
    const char *steps[][2] = {
        {":demo", "load the demo organisation"},
        {"baton import FILE", "import your organisation (YAML)"},
        {"?", "every key"},
        {"q", "quit"},
    };
    /* the steps are centred as one block, so their columns line up */
    int kw = 0, block = 0;
    for (size_t i = 0; i < 4; i++)
        if (utf8_width(steps[i][0]) > kw)
            kw = utf8_width(steps[i][0]);
    kw += 3;
    for (size_t i = 0; i < 4; i++)
        if (kw + utf8_width(steps[i][1]) > block)
            block = kw + utf8_width(steps[i][1]);
    int wd = getmaxx(w);
    int bx = (wd - block) / 2 > 2 ? (wd - block) / 2 : 2;
    for (size_t i = 0; i < 4 && y < h - 1; i++) {
        struct strbuf sb;
        sb_init(&sb);
        utf8_pad(&sb, steps[i][0], kw, false, a->ctx.ascii);
        sb_add(&sb, steps[i][1]);
        put(w, y++, bx, a->attr[i < 2 ? TR_NORMAL : TR_DIM], sb_str(&sb), wd - bx - 2);
        sb_fini(&sb);
    }
    wnoutrefresh(w);
}

/* The too-small screen says as much as fits, whole words only: a message
 * cut off mid-way ("terminal too small (") reads as a fault. */
static void draw_small(struct app *a)
{
    WINDOW *w = a->main;
    if (!w)
        return;
    werase(w);
    char full[96], first[48], second[48];
    snprintf(first, sizeof first, "terminal too small (%dx%d);", a->cols, a->rows);
    snprintf(second, sizeof second, "need %dx%d", UI_MIN_COLS, UI_MIN_ROWS);
    snprintf(full, sizeof full, "%s %s", first, second);
    int h = getmaxy(w), wd = getmaxx(w);
    attr_t at = a->attr[TR_AMBER] | A_BOLD;
    const char *one = NULL, *top = NULL, *bottom = NULL;
    if ((int)strlen(full) <= wd)
        one = full;
    else if ((int)strlen(first) <= wd && h >= 2)
        top = first, bottom = second;
    else if ((int)strlen("too small;") <= wd && (int)strlen(second) <= wd && h >= 2)
        top = "too small;", bottom = second;
    else if ((int)strlen("too small") <= wd)
        one = "too small";
    if (one)
        centre(a, w, h / 2, at, one);
    if (top) {
        centre(a, w, (h - 2) / 2, at, top);
        centre(a, w, (h - 2) / 2 + 1, at, bottom);
    }
    wnoutrefresh(w);
}

/* ---- help overlay ---- */

/* The overlay's width: wide enough that most lines need no wrapping. */
static int help_width(const struct app *a)
{
    return a->cols - 4 < 120 ? a->cols - 4 : 120;
}

void draw_build_help(struct app *a)
{
    doc_fini(&a->help);
    doc_init(&a->help, a->ctx.ascii);
    a->help.title = xstrdup("Keys");
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    const char *group = NULL;
    struct strbuf keys;
    sb_init(&keys);
    /* a narrow overlay leaves out the command names (what the
     * configuration remaps) so the descriptions keep some room */
    bool narrow = help_width(a) - 4 < 72;
    int key_w = narrow ? 12 : 18;
    bool any_no = false;
    for (size_t i = 1; i < n && !any_no; i++)
        any_no = !people_may(a, t[i].id);
    if (any_no) {
        doc_add(&a->help, TR_DIM, "(no) marks a key you may not use here");
        enum role r = store_role(a->st, NULL);
        doc_addf(&a->help, TR_DIM, " (you, %s, %s%s)", a->actor ? a->actor : "?",
                 a->readonly ? "read a read-only database"
                 : r == ROLE_ADMIN ? "are an "
                                   : "are a ",
                 a->readonly ? "" : role_name(r));
        doc_nl(&a->help);
        doc_nl(&a->help);
    }
    for (size_t i = 1; i < n; i++) {
        if (!group || strcmp(group, t[i].group) != 0) {
            if (group)
                doc_nl(&a->help);
            group = t[i].group;
            doc_add(&a->help, TR_TITLE, group);
            doc_nl(&a->help);
        }
        sb_clear(&keys);
        sb_add(&keys, "  ");
        if (keymap_keys(&a->km, t[i].id, ", ", 0, &keys) == 0)
            sb_add(&keys, "(unbound)");
        /* keys, the command's name (what the configuration remaps), help */
        /* a key this user may not use is greyed and marked "(no)", so it
         * shows without colour too */
        bool no = !people_may(a, t[i].id);
        struct strbuf pad;
        sb_init(&pad);
        utf8_pad(&pad, sb_str(&keys), key_w, false, a->ctx.ascii);
        doc_add(&a->help, no ? TR_DIM : TR_COLUMN, sb_str(&pad));
        if (!narrow) {
            sb_clear(&pad);
            utf8_pad(&pad, t[i].name, 15, false, a->ctx.ascii);
            doc_add(&a->help, TR_DIM, sb_str(&pad));
            doc_add(&a->help, TR_NORMAL, " ");
        }
        sb_fini(&pad);
        if (no)
            doc_add(&a->help, TR_DIM, "(no) ");
        doc_add(&a->help, no ? TR_DIM : TR_NORMAL, t[i].help);
        doc_nl(&a->help);
    }
    sb_fini(&keys);
    const struct glyphs *g = a->ctx.g;
    doc_nl(&a->help);
    doc_add(&a->help, TR_TITLE, "Marks");
    doc_nl(&a->help);
    doc_add_raw(&a->help, TR_GREEN, "  ");
    doc_add_raw(&a->help, TR_GREEN, g->health[1]);
    doc_add(&a->help, TR_NORMAL, " green  ");
    doc_add_raw(&a->help, TR_AMBER, g->health[2]);
    doc_add(&a->help, TR_NORMAL, " amber  ");
    doc_add_raw(&a->help, TR_RED, g->health[3]);
    doc_add(&a->help, TR_NORMAL, " red  ");
    doc_add_raw(&a->help, TR_UNKNOWN, g->health[0]);
    doc_add(&a->help, TR_NORMAL, " unknown");
    doc_nl(&a->help);
    doc_add_raw(&a->help, TR_RED, "  ");
    doc_add_raw(&a->help, TR_RED, g->blocked);
    doc_add(&a->help, TR_NORMAL, " project blocked   ");
    doc_add_raw(&a->help, TR_AMBER, g->dep_risk);
    doc_add(&a->help, TR_NORMAL, " depends on a project at risk   ");
    doc_add_raw(&a->help, TR_AMBER, g->mark_new);
    doc_add(&a->help, TR_NORMAL, " new blockers");
    doc_nl(&a->help);
    doc_addf(&a->help, TR_NORMAL, "  date%s overdue   S1%s past its SLA   S1%s near it (under a "
             "quarter left)", g->overdue, g->breached, g->sla_near);
    doc_nl(&a->help);
    doc_addf(&a->help, TR_NORMAL, "  %s %s %s trend up, down, flat   text%s cut to fit (Enter "
             "shows it whole)", g->up, g->down, g->flat, g->ellipsis);
    doc_nl(&a->help);
    doc_add(&a->help, TR_NORMAL, "  * a marked blocker (Space in the blockers pane)");
    doc_nl(&a->help);
    doc_nl(&a->help);
    doc_add(&a->help, TR_TITLE, "Narrowing");
    doc_nl(&a->help);
    doc_add(&a->help, TR_NORMAL,
            "  Space narrows the other panes to the selected row's department; 0 widens.");
    doc_nl(&a->help);
    doc_add(&a->help, TR_NORMAL,
            "  In the blockers pane Space marks instead; a verdict key then applies to all marked"
            " (without marks, to the selected blocker).");
    doc_nl(&a->help);
    doc_add(&a->help, TR_NORMAL, "  Enter opens the detail view of the selected row; in a detail "
                                 "view, Enter on a line that lists a project, blocker, indicator "
                                 "or department opens it, and Esc comes back.");
    doc_nl(&a->help);
    /* long lines wrap at the overlay's width rather than being cut */
    doc_wrap_hang(&a->help, help_width(a) - 4, narrow ? key_w : key_w + 16);
}

static void draw_help(struct app *a)
{
    int wd = help_width(a);
    int lines = (int)a->help.n;
    int h = lines + 2 < a->rows - 4 ? lines + 2 : a->rows - 4;
    if (wd < 20 || h < 4)
        return;
    WINDOW *w = newwin(h, wd, (a->rows - h) / 2, (a->cols - wd) / 2);
    if (!w)
        return;
    int body = h - 2;
    if (a->help_top > lines - body)
        a->help_top = lines - body;
    if (a->help_top < 0)
        a->help_top = 0;
    for (int y = 0; y < h; y++)
        fill(w, y, 0, wd, a->attr[TR_NORMAL]);
    char note[48];
    snprintf(note, sizeof note, "%d-%d of %d", a->help_top + 1,
             a->help_top + body < lines ? a->help_top + body : lines, lines);
    draw_box(a, w, true, "Help: keys (remappable in the configuration)", NULL, note);
    for (int r = 0; r < body && a->help_top + r < lines; r++)
        put_doc_line(a, w, 1 + r, 2, wd - 4, &a->help.lines[a->help_top + r]);
    wnoutrefresh(w);
    delwin(w);
}

/* Whether a mode above entry i hides it. */
static bool covered(const struct app *a, int i)
{
    for (int j = i + 1; j < a->n_modes; j++)
        if (a->modes[j].m->flags & MF_COVERS)
            return true;
    return false;
}

void draw_all_dirty(struct app *a)
{
    if (a->clear_all) {
        clearok(curscr, TRUE);
        a->clear_all = false;
    }
    if (a->dirty_header) {
        draw_header(a);
        a->dirty_header = false;
    }
    if (a->too_small) {
        if (a->dirty_main)
            draw_small(a);
    } else {
        /* the topmost mode that fills the main area, then what lies over it */
        int base = a->n_modes - 1;
        while (base > 0 && !(a->modes[base].m->flags & MF_SCREEN))
            base--;
        bool over = a->modes[base].m->draw(a, a->dirty_main) || a->dirty_main;
        for (int i = base + 1; i < a->n_modes; i++)
            if (a->modes[i].m->draw && !covered(a, i))
                a->modes[i].m->draw(a, over);
    }
    a->dirty_main = false;
    const struct mode *top = mode_top(a);
    if (a->dirty_status) {
        draw_status(a);
        a->dirty_status = false;
    } else if (a->status && (top->flags & MF_LINE)) {
        wnoutrefresh(a->status);
    }
    /* the window that owns the cursor goes last: the picker's query line,
     * or the form's field (a prompt keeps it in the status bar) */
    if (!a->too_small && top->cursor)
        top->cursor(a);
    doupdate();
}

/* The main area of each mode that fills it. */
bool draw_panes(struct app *a, bool dirty)
{
    if (a->empty) {
        if (dirty)
            draw_empty(a);
        return dirty;
    }
    bool drawn = false;
    for (int i = 0; i < a->n_panes; i++)
        if (a->panes[i].pane.dirty) {
            draw_pane(a, i);
            drawn = true;
        }
    return drawn;
}

bool draw_detail_view(struct app *a, bool dirty)
{
    if (dirty)
        draw_detail(a);
    return dirty;
}

bool draw_help_over(struct app *a, bool dirty)
{
    if (dirty)
        draw_help(a);
    return dirty;
}
