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

int draw_put_words(struct app *a, WINDOW *w, int y, int x, attr_t attr, const char *s, int width)
{
    struct strbuf sb;
    sb_init(&sb);
    view_fit_words(s, width, a->ctx.ascii, &sb);
    int used = put(w, y, x, attr, sb_str(&sb), width);
    sb_fini(&sb);
    return used;
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
    size_t org_at = left.len;
    sb_add(&left, org);
    size_t tail_at = left.len;
    if (a->dept) {
        char *d = utf8_sanitize(a->dept, a->ctx.ascii);
        sb_addf(&left, " %s narrowed to %s (0 widens)", a->ctx.g->dot, d);
        free(d);
    }
    /* what waits for triage, and the key that opens it: kept whole, like
     * the narrowing */
    if (a->to_triage > 0) {
        struct strbuf t;
        sb_init(&t);
        keymap_keys(&a->km, CMD_TRIAGE, "/", 1, &t);
        sb_addf(&left, " %s %lld %s for triage (%s)", a->ctx.g->dot, (long long)a->to_triage,
                a->to_triage == 1 ? "waits" : "wait", sb_str(&t));
        sb_fini(&t);
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
    /* a long organisation name may be cut (to 20 columns before the right
     * side gives way), the banners, the narrowing and the triage count never */
    int org_w = utf8_width(org);
    int keep = want_left - org_w + (org_w < 20 ? org_w : 20);
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
    int org_room = room - (lwant - utf8_width(org));
    if (lwant > room && room > 0 && org_room >= 8) {
        /* the organisation's name gives way first: what follows it (the
         * narrowing, the count waiting for triage) stays whole */
        struct strbuf cut;
        sb_init(&cut);
        sb_addn(&cut, sb_str(&left), org_at);
        utf8_pad(&cut, org, org_room, false, a->ctx.ascii);
        sb_add(&cut, sb_str(&left) + tail_at);
        sb_clear(&left);
        sb_add(&left, sb_str(&cut));
        sb_fini(&cut);
    } else if (lwant > room && room > 0) {
        struct strbuf cut;
        sb_init(&cut);
        utf8_pad(&cut, sb_str(&left), room, false, a->ctx.ascii);
        sb_clear(&left);
        sb_add(&left, sb_str(&cut));
        sb_fini(&cut);
    }
    free(org);
    int lw = put(w, 0, 0, at | A_BOLD, sb_str(&left), room > 0 ? room : a->cols - rw - 1);
    if (a->cols - rw > lw)
        put(w, 0, a->cols - rw, at, sb_str(&right), rw);
    sb_fini(&left);
    sb_fini(&right);
    wnoutrefresh(w);
}

/* The hint of command c ("a accept"), or false when it is not to be
 * shown here (no key, a key this user may not use, nothing to open). */
static bool hint_text(struct app *a, enum cmd c, struct strbuf *out)
{
    const struct cmd_entry *ce = cmd_get(c);
    if (!ce || !ce->hint)
        return false;
    /* keys this user may not use are left out (help shows them greyed) */
    if (!people_may(a, c))
        return false;
    /* only what the mode offers where the cursor is */
    const struct mode *m = mode_top(a);
    if (m->offers && !m->offers(a, c))
        return false;
    enum cmd shown = c;
    if (c == CMD_T_SEV4) {
        keymap_keys(&a->km, CMD_T_SEV1, "/", 1, out);
        sb_add(out, "-");
    } else if (c == CMD_LEFT) {
        keymap_keys(&a->km, CMD_LEFT, "/", 1, out); /* h/l */
        sb_add(out, "/");
        shown = CMD_RIGHT;
    }
    if (keymap_keys(&a->km, shown, "/", shown == CMD_DOWN ? 2 : 1, out) == 0)
        return false;
    sb_addf(out, " %s", ce->hint);
    return true;
}

/* The help and the ways out are always shown: without them a person
 * cannot find the rest or leave. */
static bool hint_kept(enum cmd c)
{
    static const enum cmd kept[] = {CMD_HELP, CMD_QUIT, CMD_BACK, CMD_FORM_CANCEL,
                                    CMD_PROMPT_CANCEL};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (kept[i] == c)
            return true;
    return false;
}

/* The hints of cmds that fit room columns, in their order. A list is in
 * the order of priority: when the line is short, the last go first, but
 * the help and the way out (hint_kept) stay whatever their place. Each
 * hint is shown whole or not at all. */
static void add_hints(struct app *a, const enum cmd *cmds, size_t n, int room,
                      struct strbuf *sb)
{
    struct strbuf *text = xcalloc(n ? n : 1, sizeof *text);
    bool *on = xcalloc(n ? n : 1, sizeof *on);
    int used = utf8_width(sb_str(sb));
    bool full = false;
    /* the kept ones first, then the others by priority until one does not fit */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            if (hint_kept(cmds[i]) != (pass == 0))
                continue;
            sb_init(&text[i]);
            if (full || !hint_text(a, cmds[i], &text[i]))
                continue;
            int w = utf8_width(sb_str(&text[i])) + 2;
            if (used + w - 2 > room) {
                full = pass == 1;
                continue;
            }
            used += w;
            on[i] = true;
        }
    for (size_t i = 0; i < n; i++) {
        if (on[i])
            sb_addf(sb, "%s  ", sb_str(&text[i]));
        sb_fini(&text[i]);
    }
    free(text);
    free(on);
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
            view_fit_words(a->msg, room, a->ctx.ascii, &msg); /* never mid-word */
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
            sb_addf(&sb, "no %s match this filter (Esc clears)", pane_class_name(p->cls));
        else if (p->cls->narrowable && a->dept)
            sb_addf(&sb, "no %s in %s (0 widens)", view ? view->what : pane_class_name(p->cls), a->dept);
        else if (view && view != p->cls->views)
            sb_addf(&sb, "no %s (v: the next view)", view->what);
        else
            sb_addf(&sb, "no %s", view ? view->what : pane_class_name(p->cls));
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
    a->detail_top = doc_clamp_top(a->detail_top, lines, body);
    char shown[48], note[64];
    doc_shown_note(a->detail_top, body, lines, shown, sizeof shown);
    snprintf(note, sizeof note, "lines %s", shown);
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

/* Whether a help line about text (several strings) matches the help's
 * search: every one is looked at, case-insensitively. */
static bool help_matches(const struct app *a, const char *const *text, size_t n)
{
    if (str_empty(a->help_query))
        return true;
    for (size_t i = 0; i < n; i++)
        if (text[i] && str_casestr(text[i], a->help_query))
            return true;
    return false;
}

/* Whether the help keeps a line about text (n strings, help_matches) in
 * a section; the first line it keeps (*kept was 0) comes under the
 * section's heading. */
static bool help_keeps(struct app *a, const char *heading, int *kept, const char *const *text,
                       size_t n)
{
    if (!help_matches(a, text, n))
        return false;
    if ((*kept)++ == 0) {
        doc_add(&a->help, TR_TITLE, heading);
        doc_nl(&a->help);
    }
    return true;
}

/* The section of one command group: its heading and each command's keys,
 * name (what the configuration remaps) and help. Returns the lines added. */
static int help_group(struct app *a, const char *group, int key_w, int name_w)
{
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    struct strbuf keys, pad;
    sb_init(&keys);
    sb_init(&pad);
    int added = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(t[i].group, group) != 0)
            continue;
        sb_clear(&keys);
        if (keymap_keys(&a->km, t[i].id, ", ", 0, &keys) == 0)
            sb_add(&keys, "(unbound)");
        const char *about[] = {sb_str(&keys), t[i].name, t[i].help, group};
        if (!help_keeps(a, group, &added, about, 4))
            continue;
        /* a key this user may not use is greyed and marked "(no)", so it
         * shows without colour too */
        bool no = !people_may(a, t[i].id);
        sb_clear(&pad);
        sb_add(&pad, "  ");
        utf8_pad(&pad, sb_str(&keys), key_w - 2, false, a->ctx.ascii);
        doc_add(&a->help, no ? TR_DIM : TR_COLUMN, sb_str(&pad));
        if (name_w) {
            sb_clear(&pad);
            utf8_pad(&pad, t[i].name, name_w, false, a->ctx.ascii);
            doc_add(&a->help, TR_DIM, sb_str(&pad));
            doc_add(&a->help, TR_NORMAL, " ");
        }
        if (no)
            doc_add(&a->help, TR_DIM, "(no) ");
        doc_add(&a->help, no ? TR_DIM : TR_NORMAL, t[i].help);
        doc_nl(&a->help);
    }
    if (added)
        doc_nl(&a->help);
    sb_fini(&keys);
    sb_fini(&pad);
    return added;
}

/* The legend of marks, each line kept when it matches the search. */
static void help_marks(struct app *a)
{
    const struct glyphs *g = a->ctx.g;
    struct strbuf l[5];
    for (int i = 0; i < 5; i++)
        sb_init(&l[i]);
    sb_addf(&l[0], "  %s green  %s amber  %s red  %s unknown", g->health[1], g->health[2],
            g->health[3], g->health[0]);
    sb_addf(&l[1],
            "  %s project blocked   %s depends on a project at risk   %s unaligned (serves no "
            "objective)   %s new blockers",
            g->blocked, g->dep_risk, g->unaligned, g->mark_new);
    sb_addf(&l[2], "  date%s overdue   S1%s past its SLA   S1%s near it (under a quarter left)",
            g->overdue, g->breached, g->sla_near);
    sb_addf(&l[3], "  %s %s %s trend up, down, flat   text%s cut to fit (Enter shows it whole)",
            g->up, g->down, g->flat, g->ellipsis);
    sb_add(&l[4], "  * a marked blocker (Space in the blockers pane)");
    int any = 0;
    for (int i = 0; i < 5; i++) {
        const char *about[] = {sb_str(&l[i]), "marks legend"};
        if (!help_keeps(a, "Marks", &any, about, 2))
            continue;
        /* the health marks in their colours, the rest as text */
        if (i == 0) {
            static const int order[] = {1, 2, 3, 0};
            static const char *const words[] = {" green  ", " amber  ", " red  ", " unknown"};
            doc_add_raw(&a->help, TR_NORMAL, "  ");
            for (int k = 0; k < 4; k++) {
                doc_add_raw(&a->help, view_health_role((enum health)order[k]),
                            g->health[order[k]]);
                doc_add(&a->help, TR_NORMAL, words[k]);
            }
        } else {
            doc_add_raw(&a->help, TR_NORMAL, sb_str(&l[i]));
        }
        doc_nl(&a->help);
    }
    if (any)
        doc_nl(&a->help);
    for (int i = 0; i < 5; i++)
        sb_fini(&l[i]);
}

void draw_build_help(struct app *a)
{
    doc_fini(&a->help);
    doc_init(&a->help, a->ctx.ascii);
    a->help.title = xstrdup("Keys");
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    /* a narrow overlay leaves out the command names (what the
     * configuration remaps) so the descriptions keep some room; the
     * names are never cut: their column is as wide as the longest */
    bool narrow = help_width(a) - 4 < 72;
    int key_w = narrow ? 12 : 18, name_w = 0;
    for (size_t i = 1; !narrow && i < n; i++)
        if (utf8_width(t[i].name) + 1 > name_w)
            name_w = utf8_width(t[i].name) + 1;
    bool any_no = false;
    for (size_t i = 1; i < n && !any_no; i++)
        any_no = !people_may(a, t[i].id);
    if (any_no && !a->help_query) {
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
    /* where the person is first: the keys of the mode under the help (and
     * in the blockers pane the verdicts), then the marks, then the rest */
    const char *first = a->help_under && a->help_under->help ? a->help_under->help : "General";
    const char *second = NULL;
    if (str_eq(first, "Panes") && a->n_panes > 0 && !a->empty &&
        a->panes[a->focus].pane.cls == &pane_blockers)
        second = KEYMAP_GROUP_VERDICTS;
    int found = help_group(a, first, key_w, name_w);
    if (second)
        found += help_group(a, second, key_w, name_w);
    help_marks(a);
    for (size_t i = 1; i < n; i++) {
        const char *g = t[i].group;
        if (str_eq(g, first) || str_eq(g, second))
            continue;
        /* each group once, in the table's order */
        bool seen = false;
        for (size_t j = 1; j < i && !seen; j++)
            seen = str_eq(t[j].group, g);
        if (seen)
            continue;
        found += help_group(a, g, key_w, name_w);
    }
    const char *narrowing[] = {
        "  Space narrows the other panes to the selected row's department; 0 widens.",
        "  In the blockers pane Space marks instead; a verdict key then applies to all marked"
        " (without marks, to the selected blocker).",
        "  Enter opens the detail view of the selected row; in a detail view, Enter on a line "
        "that lists a project, blocker, indicator, objective or department opens it, and Esc "
        "comes back.",
    };
    int head = 0;
    for (size_t i = 0; i < sizeof narrowing / sizeof narrowing[0]; i++) {
        const char *about[] = {narrowing[i], "Narrowing"};
        if (!help_keeps(a, "Narrowing", &head, about, 2))
            continue;
        doc_add(&a->help, TR_NORMAL, narrowing[i]);
        doc_nl(&a->help);
        found++;
    }
    if (a->help_query && !found && a->help.n == 0) {
        doc_addf(&a->help, TR_DIM, "nothing in the help matches '%s' (Esc shows it all)",
                 a->help_query);
        doc_nl(&a->help);
    }
    /* long lines wrap at the overlay's width rather than being cut */
    doc_wrap_hang(&a->help, help_width(a) - 4, narrow ? key_w : key_w + name_w + 1);
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
    a->help_top = doc_clamp_top(a->help_top, lines, body);
    for (int y = 0; y < h; y++)
        fill(w, y, 0, wd, a->attr[TR_NORMAL]);
    char note[48];
    doc_shown_note(a->help_top, body, lines, note, sizeof note);
    /* the title says what is first, or what the search kept, and how to
     * search or show everything again */
    char title[160];
    if (a->help_query) {
        char *q = utf8_sanitize(a->help_query, a->ctx.ascii);
        snprintf(title, sizeof title, "Help: matching '%.60s' (/ searches, Esc shows all)", q);
        free(q);
    } else {
        snprintf(title, sizeof title, "Help: %.20s keys first (/ searches; keys remappable)",
                 a->help_under ? a->help_under->name : "PANES");
    }
    draw_box(a, w, true, title, NULL, note);
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
