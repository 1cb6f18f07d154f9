/*
 * Styled documents: lines of spans, each span a piece of text and the
 * theme role to draw it in. Detail views and the help overlay are built as
 * documents by the view layer and painted line by line by the UI.
 */
#include "baton/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/keymap.h"
#include "baton/utf8.h"

void doc_init(struct doc *d, bool ascii)
{
    memset(d, 0, sizeof *d);
    d->ascii = ascii;
}

static void line_free_links(struct doc_line *l)
{
    free(l->link_key);
    for (size_t i = 0; i < l->n_cells; i++)
        free(l->cells[i].key);
    free(l->cells);
    l->cells = NULL;
    l->n_cells = 0;
}

void doc_fini(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->lines[i].n; j++)
            free(d->lines[i].spans[j].text);
        free(d->lines[i].spans);
        line_free_links(&d->lines[i]);
    }
    free(d->lines);
    free(d->title);
    bool ascii = d->ascii;
    doc_init(d, ascii);
}

static struct doc_line *current(struct doc *d)
{
    if (d->n == 0) {
        d->cap = 16;
        d->lines = xcalloc(d->cap, sizeof *d->lines);
        d->n = 1;
    }
    return &d->lines[d->n - 1];
}

static void add_owned(struct doc *d, enum theme_role role, char *text)
{
    struct doc_line *l = current(d);
    l->spans = xrealloc(l->spans, (l->n + 1) * sizeof *l->spans);
    l->spans[l->n].text = text;
    l->spans[l->n].role = role;
    l->n++;
}

void doc_add(struct doc *d, enum theme_role role, const char *text)
{
    add_owned(d, role, doc_bounded(text, d->ascii));
}

char *doc_bounded(const char *text, bool ascii)
{
    struct strbuf sb;
    sb_init(&sb);
    if (!text)
        text = "";
    size_t n = utf8_cut(text, DOC_TEXT_MAX);
    utf8_sanitize_to(&sb, text, n, ascii, 0);
    if (text[n])
        sb_addf(&sb, "%s (cut: over %d KiB)", view_glyphs(ascii)->ellipsis, DOC_TEXT_MAX / 1024);
    return sb_take(&sb);
}

void doc_add_raw(struct doc *d, enum theme_role role, const char *text)
{
    add_owned(d, role, xstrdup(text ? text : ""));
}

void doc_add_glyphs(struct doc *d, const struct doc_glyph *c, int n)
{
    struct strbuf run;
    sb_init(&run);
    for (int i = 0; i < n;) {
        enum theme_role role = c[i].role;
        sb_clear(&run);
        while (i < n && c[i].role == role)
            sb_add(&run, c[i++].glyph);
        doc_add_raw(d, role, sb_str(&run));
    }
    sb_fini(&run);
}

void doc_addf(struct doc *d, enum theme_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    doc_add(d, role, text);
    free(text);
}

void doc_nl(struct doc *d)
{
    current(d);
    d->lines = xgrow(d->lines, d->n, &d->cap, sizeof *d->lines);
    memset(&d->lines[d->n], 0, sizeof d->lines[d->n]);
    d->n++;
}

void doc_field(struct doc *d, const char *label, int lw, enum theme_role role,
               const char *value)
{
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, label, lw, false, d->ascii);
    doc_add_raw(d, TR_COLUMN, sb_str(&sb));
    doc_add(d, role, str_empty(value) ? "-" : value);
    doc_nl(d);
    sb_fini(&sb);
}

void doc_line_text(const struct doc *d, size_t i, struct strbuf *sb)
{
    if (i >= d->n)
        return;
    for (size_t j = 0; j < d->lines[i].n; j++)
        sb_add(sb, d->lines[i].spans[j].text);
}

void doc_link(struct doc *d, const char *pane_name, const char *key)
{
    struct doc_line *l = current(d);
    free(l->link_key);
    l->link_pane = key ? pane_name : NULL;
    l->link_key = key ? xstrdup(key) : NULL;
}

int doc_next_link(const struct doc *d, int from, int dir)
{
    for (int i = from; i >= 0 && i < (int)d->n; i += dir)
        if (d->lines[i].link_key || d->lines[i].n_cells)
            return i;
    return -1;
}

/* Whether line i goes on with the item of the line before it (wrapped). */
static bool continues(const struct doc *d, int i)
{
    if (i <= 0 || i >= (int)d->n || d->lines[i].n_cells || !d->lines[i].link_key)
        return false;
    const struct doc_line *p = &d->lines[i - 1];
    return p->link_key && str_eq(p->link_key, d->lines[i].link_key) &&
           str_eq(p->link_pane, d->lines[i].link_pane);
}

/* The next item's first line from line from going dir, or -1. */
static int next_item(const struct doc *d, int from, int dir)
{
    int i = doc_next_link(d, from, dir);
    if (dir > 0)
        while (i >= 0 && continues(d, i))
            i = doc_next_link(d, i + 1, 1);
    else
        while (i > 0 && continues(d, i))
            i--;
    return i;
}

int doc_clamp_top(int top, int lines, int body)
{
    if (top > lines - body)
        top = lines - body;
    return top < 0 ? 0 : top;
}

void doc_shown_note(int top, int body, int lines, char *out, size_t n)
{
    snprintf(out, n, "%d-%d of %d", lines ? top + 1 : 0, top + body < lines ? top + body : lines,
             lines);
}

void doc_cursor_move(const struct doc *d, int body, int c, int *top, int *cur)
{
    int n = (int)d->n;
    if (body < 1)
        body = 1;
    int half = body / 2 > 0 ? body / 2 : 1;
    int page = c == CMD_PAGE_DOWN   ? body
               : c == CMD_PAGE_UP   ? -body
               : c == CMD_HALF_DOWN ? half
               : c == CMD_HALF_UP   ? -half
                                    : 0;
    bool any = doc_next_link(d, 0, 1) >= 0;
    bool shown = *cur >= *top && *cur < *top + body && doc_next_link(d, *cur, 1) == *cur;
    if (page || !any) {
        int by = page ? page : c == CMD_DOWN ? 1 : c == CMD_UP ? -1 : c == CMD_TOP ? -n : n;
        *top = doc_clamp_top(*top + by, n, body);
        if (!any)
            return;
        /* the cursor to a line in view that opens something, if any */
        int in = by > 0 ? doc_next_link(d, *top, 1) : doc_next_link(d, *top + body - 1, -1);
        if (!(*cur >= *top && *cur < *top + body && doc_next_link(d, *cur, 1) == *cur) && in >= 0 &&
            in >= *top && in < *top + body)
            *cur = in;
        return;
    }
    if (c == CMD_TOP || c == CMD_BOTTOM) {
        *cur = c == CMD_TOP ? doc_next_link(d, 0, 1) : next_item(d, n - 1, -1);
        *top = c == CMD_TOP ? 0 : doc_clamp_top(n - body, n, body);
    } else if (!shown) {
        /* from a cursor out of view: the nearest line in view that opens */
        int in = c == CMD_DOWN ? doc_next_link(d, *top, 1) : doc_next_link(d, *top + body - 1, -1);
        *cur = in >= 0 ? in : doc_next_link(d, *cur, c == CMD_DOWN ? 1 : -1);
        if (*cur < 0)
            *cur = doc_next_link(d, 0, 1);
    } else {
        int dir = c == CMD_DOWN ? 1 : -1;
        int next = next_item(d, *cur + dir, dir);
        if (next >= 0)
            *cur = next;
        else if (dir > 0 && *cur > *top && *top + body < n)
            (*top)++; /* past the last: read on while the cursor stays in view */
        else if (dir < 0 && *cur < *top + body - 1 && *top > 0)
            (*top)--;
    }
    if (*cur < *top)
        *top = *cur;
    if (*cur >= *top + body)
        *top = *cur - body + 1;
    *top = doc_clamp_top(*top, n, body);
}

static int line_width(const struct doc_line *l)
{
    int w = 0;
    for (size_t i = 0; i < l->n; i++)
        w += utf8_width(l->spans[i].text);
    return w;
}

void doc_add_cell(struct doc *d, enum theme_role role, const char *text, const char *pane_name,
                  const char *key)
{
    struct doc_line *l = current(d);
    int x = line_width(l);
    doc_add_raw(d, role, text);
    l = current(d);
    l->cells = xrealloc(l->cells, (l->n_cells + 1) * sizeof *l->cells);
    l->cells[l->n_cells++] =
        (struct doc_cell){x, utf8_width(text ? text : ""), pane_name, xstrdup(key)};
}

void doc_focus_here(struct doc *d)
{
    const struct doc_line *l = current(d);
    d->has_focus = true;
    d->focus_line = (int)d->n - 1;
    d->focus_cell = l->n_cells ? (int)l->n_cells - 1 : 0;
}

bool doc_link_at(const struct doc *d, int line, int cell, const char **pane, const char **key)
{
    if (line < 0 || line >= (int)d->n)
        return false;
    const struct doc_line *l = &d->lines[line];
    if (l->n_cells) {
        if (cell < 0 || cell >= (int)l->n_cells)
            return false;
        *pane = l->cells[cell].pane;
        *key = l->cells[cell].key;
        return true;
    }
    if (!l->link_key)
        return false;
    *pane = l->link_pane;
    *key = l->link_key;
    return true;
}

int doc_cell_mid(const struct doc *d, int line, int cell)
{
    if (line < 0 || line >= (int)d->n || cell < 0 || cell >= (int)d->lines[line].n_cells)
        return -1;
    const struct doc_cell *c = &d->lines[line].cells[cell];
    return c->x + c->w / 2;
}

int doc_cell_near(const struct doc *d, int line, int x)
{
    if (line < 0 || line >= (int)d->n)
        return 0;
    int best = 0, gap = -1;
    for (size_t i = 0; i < d->lines[line].n_cells; i++) {
        int g = doc_cell_mid(d, line, (int)i) - x;
        g = g < 0 ? -g : g;
        if (gap < 0 || g < gap) {
            best = (int)i;
            gap = g;
        }
    }
    return best;
}

/* ---- wrapping ---- */

/* A piece of a line: a run of blanks or of other characters, in one role. */
struct piece {
    const char *s;
    size_t len;
    enum theme_role role;
    bool blank;
};

struct wrapper {
    struct doc_line *out;
    size_t n, cap;
    const struct doc_line *src;
    int width, indent, used;
    size_t first; /* the output line the current source line starts on */
};

static int piece_width(const char *s, size_t len)
{
    return utf8_width_n(s, len);
}

static struct doc_line *wrap_line(struct wrapper *w)
{
    return &w->out[w->n - 1];
}

static void wrap_put(struct wrapper *w, enum theme_role role, const char *s, size_t len)
{
    struct doc_line *l = wrap_line(w);
    /* a piece in the same role as the last span joins it */
    if (l->n && l->spans[l->n - 1].role == role) {
        struct doc_span *sp = &l->spans[l->n - 1];
        size_t old = strlen(sp->text);
        sp->text = xrealloc(sp->text, old + len + 1);
        memcpy(sp->text + old, s, len);
        sp->text[old + len] = 0;
    } else {
        l->spans = xrealloc(l->spans, (l->n + 1) * sizeof *l->spans);
        l->spans[l->n].text = xstrndup(s, len);
        l->spans[l->n].role = role;
        l->n++;
    }
    w->used += piece_width(s, len);
}

static void wrap_newline(struct wrapper *w, bool continued)
{
    w->out = xgrow(w->out, w->n, &w->cap, sizeof *w->out);
    struct doc_line *l = &w->out[w->n++];
    memset(l, 0, sizeof *l);
    l->link_pane = w->src->link_pane;
    l->link_key = w->src->link_key ? xstrdup(w->src->link_key) : NULL;
    w->used = 0;
    if (continued && w->indent > 0) {
        char pad[64];
        int k = w->indent < (int)sizeof pad - 1 ? w->indent : (int)sizeof pad - 1;
        memset(pad, ' ', (size_t)k);
        pad[k] = 0;
        wrap_put(w, TR_NORMAL, pad, (size_t)k);
    }
}

/* Splits the line's spans into runs of blanks and of other characters. */
static struct piece *pieces_of(const struct doc_line *l, size_t *n)
{
    struct piece *v = NULL;
    size_t cnt = 0, cap = 0;
    for (size_t i = 0; i < l->n; i++) {
        const char *p = l->spans[i].text;
        while (*p) {
            bool blank = *p == ' ';
            const char *e = p;
            while (*e && (*e == ' ') == blank)
                e++;
            v = xgrow(v, cnt, &cap, sizeof *v);
            v[cnt++] = (struct piece){p, (size_t)(e - p), l->spans[i].role, blank};
            p = e;
        }
    }
    *n = cnt;
    return v;
}

/* Puts a word wider than a whole line, cutting it where it must be. */
static void wrap_hard(struct wrapper *w, const struct piece *pc, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *s = pc[k].s;
        size_t left = pc[k].len;
        while (left > 0) {
            int room = w->width - w->used;
            size_t fit = utf8_fit_n(s, left, room);
            if (fit == 0 && w->used > w->indent) {
                wrap_newline(w, true);
                continue;
            }
            if (fit == 0)
                fit = utf8_seqlen(s);
            wrap_put(w, pc[k].role, s, fit);
            s += fit;
            left -= fit;
        }
    }
}

static void wrap_one(struct wrapper *w, const struct doc_line *l, int hang)
{
    size_t n;
    struct piece *pc = pieces_of(l, &n);
    int lead = 0;
    if (n && pc[0].blank)
        lead = piece_width(pc[0].s, pc[0].len);
    w->src = l;
    w->indent = hang >= 0 ? hang : lead + 2;
    if (w->indent > w->width / 2)
        w->indent = w->width / 2;
    wrap_newline(w, false);
    w->first = w->n - 1;
    size_t i = 0;
    while (i < n) {
        /* a unit: the blanks before a word, then the word (which may run
         * over several spans) */
        size_t bs = i;
        while (i < n && pc[i].blank)
            i++;
        size_t ws = i;
        while (i < n && !pc[i].blank)
            i++;
        int bw = 0, ww = 0;
        for (size_t k = bs; k < ws; k++)
            bw += piece_width(pc[k].s, pc[k].len);
        for (size_t k = ws; k < i; k++)
            ww += piece_width(pc[k].s, pc[k].len);
        bool fresh = w->n - 1 > w->first && w->used <= w->indent;
        if (fresh)
            bw = 0; /* a continuation line starts at its indentation */
        if (w->used + bw + ww <= w->width) {
            for (size_t k = bs; k < ws && !fresh; k++)
                wrap_put(w, pc[k].role, pc[k].s, pc[k].len);
            for (size_t k = ws; k < i; k++)
                wrap_put(w, pc[k].role, pc[k].s, pc[k].len);
            continue;
        }
        if (ws == i)
            continue; /* trailing blanks that do not fit */
        if (!fresh && w->used > 0 && ww <= w->width - w->indent)
            wrap_newline(w, true);
        else if (!fresh && w->used > 0 && w->used + bw < w->width)
            for (size_t k = bs; k < ws; k++)
                wrap_put(w, pc[k].role, pc[k].s, pc[k].len);
        if (w->used + ww <= w->width) {
            for (size_t k = ws; k < i; k++)
                wrap_put(w, pc[k].role, pc[k].s, pc[k].len);
        } else {
            wrap_hard(w, &pc[ws], i - ws);
        }
    }
    free(pc);
}

/* Cuts span sp to at most width columns, ending it in the ellipsis. */
static void cut_span(struct doc_span *sp, int width, const char *ellipsis)
{
    int ew = utf8_width(ellipsis);
    if (width < ew) {
        sp->text[0] = '\0';
        return;
    }
    size_t keep = utf8_fit(sp->text, width - ew);
    while (keep && sp->text[keep - 1] == ' ')
        keep--;
    char *cut = xasprintf("%.*s%s", (int)keep, sp->text, ellipsis);
    free(sp->text);
    sp->text = cut;
}

void doc_fit(struct doc *d, int width, int cut)
{
    if (d->n)
        doc_fit_line(d, d->n - 1, width, cut);
}

void doc_fit_line(struct doc *d, size_t line, int width, int cut)
{
    if (line >= d->n || width <= 0)
        return;
    struct doc_line *l = &d->lines[line];
    const char *ell = view_glyphs(d->ascii)->ellipsis;
    int over = line_width(l) - width;
    if (over <= 0)
        return;
    if (cut >= 0 && (size_t)cut < l->n) {
        int w = utf8_width(l->spans[cut].text);
        /* keep a few columns of the title when the facts leave them */
        if (w - over >= 4 + utf8_width(ell)) {
            cut_span(&l->spans[cut], w - over, ell);
            return;
        }
        if (w > 4 + utf8_width(ell)) {
            cut_span(&l->spans[cut], 4 + utf8_width(ell), ell);
            over = line_width(l) - width;
        }
    }
    if (over <= 0)
        return;
    /* still too wide: the end goes */
    int ew = utf8_width(ell), before = 0;
    for (size_t i = 0; i < l->n; i++) {
        int w = utf8_width(l->spans[i].text);
        if (before + w <= width - ew) {
            before += w;
            continue;
        }
        cut_span(&l->spans[i], width - before, ell);
        for (size_t k = i + 1; k < l->n; k++)
            free(l->spans[k].text);
        l->n = i + 1;
        break;
    }
}

void doc_wrap(struct doc *d, int width)
{
    doc_wrap_hang(d, width, -1);
}

void doc_wrap_hang(struct doc *d, int width, int hang)
{
    if (width < 8 || d->n == 0)
        return;
    bool any = false;
    for (size_t i = 0; i < d->n && !any; i++)
        any = line_width(&d->lines[i]) > width;
    if (!any)
        return;
    struct wrapper w = {0};
    w.width = width;
    int focus = d->has_focus ? d->focus_line : -1; /* the line it was, before any moves */
    for (size_t i = 0; i < d->n; i++) {
        struct doc_line *l = &d->lines[i];
        if (line_width(l) <= width) {
            w.out = xgrow(w.out, w.n, &w.cap, sizeof *w.out);
            if ((int)i == focus)
                d->focus_line = (int)w.n;
            w.out[w.n++] = *l; /* taken over as it is */
            continue;
        }
        if ((int)i == focus) {
            d->focus_line = (int)w.n; /* its first part */
            d->focus_cell = 0;
        }
        wrap_one(&w, l, hang);
        for (size_t j = 0; j < l->n; j++)
            free(l->spans[j].text);
        free(l->spans);
        line_free_links(l); /* a cell's columns mean nothing once the line is broken */
    }
    free(d->lines);
    d->lines = w.out;
    d->n = w.n;
    d->cap = w.cap;
}
