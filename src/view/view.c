/*
 * Glyph sets, cells and rows, and fitting columns into a width. A row is
 * laid out by display width so that wide and combining characters keep
 * the columns aligned; text from the database is sanitised when it enters
 * a cell, so nothing drawn later can carry an escape sequence.
 */
#include "baton/view.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "baton/chart.h"
#include "baton/utf8.h"

static const struct glyphs unicode_glyphs = {
    .ascii = false,
    .hl = "─", .vl = "│", .tl = "╭", .tr = "╮", .bl = "╰", .br = "╯",
    .fhl = "━", .fvl = "┃", .ftl = "┏", .ftr = "┓", .fbl = "┗", .fbr = "┛",
    .health = {"?", "●", "▲", "■"},
    .up = "↑", .down = "↓", .flat = "→",
    .spark = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
    .bar_full = "█", .bar_empty = "░",
    .bar_part = {"░", "▏", "▎", "▍", "▌", "▋", "▊", "▉"},
    .ellipsis = "…",
    .blocked = "⚑", .dep_risk = "↯", .unaligned = "∅", .mark_new = "✱", .overdue = "!", .breached = "!",
    .sla_near = "~",
    .sort_up = "▲", .sort_down = "▼", .selected = "▸", .dot = "·",
};

static const struct glyphs ascii_glyphs = {
    .ascii = true,
    .hl = "-", .vl = "|", .tl = "+", .tr = "+", .bl = "+", .br = "+",
    .fhl = "=", .fvl = "#", .ftl = "#", .ftr = "#", .fbl = "#", .fbr = "#",
    .health = {"?", "o", "^", "X"},
    .up = "/", .down = "\\", .flat = "=",
    .spark = {"_", ".", ":", "-", "=", "+", "*", "#"},
    .bar_full = "#", .bar_empty = ".",
    .bar_part = {".", ".", ".", ".", ".", ".", ".", "."},
    .ellipsis = ">",
    .blocked = "B", .dep_risk = "D", .unaligned = "U", .mark_new = "*", .overdue = "!", .breached = "!",
    .sla_near = "~",
    .sort_up = "^", .sort_down = "v", .selected = ">", .dot = "-",
};

const struct glyphs *view_glyphs(bool ascii)
{
    return ascii ? &ascii_glyphs : &unicode_glyphs;
}

void view_ctx_init(struct view_ctx *ctx, bool ascii, btime now)
{
    ctx->ascii = ascii;
    ctx->g = view_glyphs(ascii);
    ctx->now = now;
    ctx->range = CHART_RANGE_DEFAULT;
}

const char *view_health_word(enum health h)
{
    static const char *const words[] = {"unknown", "green", "amber", "red"};
    return (unsigned)h < 4 ? words[h] : "unknown";
}

enum theme_role view_health_role(enum health h)
{
    static const enum theme_role roles[] = {TR_UNKNOWN, TR_GREEN, TR_AMBER, TR_RED};
    return (unsigned)h < 4 ? roles[h] : TR_UNKNOWN;
}

enum theme_role view_severity_role(int severity)
{
    static const enum theme_role roles[] = {TR_DIM, TR_SEV1, TR_SEV2, TR_SEV3, TR_SEV4};
    return severity >= 1 && severity <= 4 ? roles[severity] : TR_DIM;
}

/* ---- cells and rows ---- */

static int pref_of(const struct col_spec *c)
{
    return c->pref > c->min ? c->pref : c->min;
}

/* A cell is one line of a pane: no screen shows more than this of it, and a
 * title of megabytes (stored by some other way than baton) must not cost a
 * megabyte per row per frame. */
#define CELL_TEXT_MAX 4096

static char *cell_text(const char *text, bool ascii)
{
    struct strbuf sb;
    sb_init(&sb);
    size_t n = utf8_cut(text, CELL_TEXT_MAX);
    utf8_sanitize_to(&sb, text, n, ascii, 0);
    if (text[n])
        sb_add(&sb, view_glyphs(ascii)->ellipsis);
    return sb_take(&sb);
}

void view_fit_words(const char *s, int width, bool ascii, struct strbuf *out)
{
    if (!s || width <= 0)
        return;
    if (utf8_width(s) <= width) {
        sb_add(out, s);
        return;
    }
    size_t n = utf8_fit(s, width - 1);
    /* back to the end of the last whole word */
    size_t w = n;
    while (w > 0 && s[w] != ' ')
        w--;
    while (w > 0 && (s[w - 1] == ' ' || s[w - 1] == ',' || s[w - 1] == ';' || s[w - 1] == ':' ||
                     s[w - 1] == '('))
        w--;
    sb_addn(out, s, w > 0 ? w : n);
    sb_add(out, view_glyphs(ascii)->ellipsis);
}

void vcell_set(struct vcell *c, const char *text, const char *alt, enum theme_role role,
               bool ascii)
{
    free(c->text);
    free(c->alt);
    c->text = cell_text(text ? text : "", ascii);
    c->alt = alt ? cell_text(alt, ascii) : NULL;
    c->role = role;
}

void vcell_setf(struct vcell *c, enum theme_role role, bool ascii, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    vcell_set(c, text, NULL, role, ascii);
    free(text);
}

void vrow_init(struct vrow *r)
{
    memset(r, 0, sizeof *r);
    r->spark_col = -1;
}

void vrow_fini(struct vrow *r)
{
    free(r->key);
    free(r->title);
    free(r->dept);
    free(r->dept2);
    for (int i = 0; i < VIEW_MAX_COLS; i++) {
        free(r->cells[i].text);
        free(r->cells[i].alt);
    }
    free(r->spark);
    memset(r, 0, sizeof *r);
    r->spark_col = -1;
}

void vrow_list_free(struct vrow *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vrow_fini(&v[i]);
    free(v);
}

void view_cell_fit(const struct vcell *c, int width, bool right, bool ascii, struct strbuf *sb)
{
    const char *t = c && c->text ? c->text : "";
    if (c && c->alt && utf8_width(t) > width)
        t = c->alt;
    utf8_pad(sb, t, width, right, ascii);
}

void view_row_cell(const struct vrow *r, int i, int width, bool right,
                   const struct view_ctx *ctx, struct strbuf *sb)
{
    if (width <= 0)
        return;
    if (r->spark_col == i && r->n_spark > 0) {
        view_spark(r->spark, r->n_spark, width, ctx->g, sb);
        return;
    }
    view_cell_fit(i < r->n_cells ? &r->cells[i] : NULL, width, right, ctx->ascii, sb);
}

void view_row_format(const struct col_spec *cols, const int *widths, int n,
                     const struct vrow *r, const struct view_ctx *ctx, struct strbuf *sb)
{
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (widths[i] <= 0)
            continue;
        if (!first)
            sb_addc(sb, ' ');
        first = false;
        if (r)
            view_row_cell(r, i, widths[i], cols[i].right, ctx, sb);
        else if (utf8_width(cols[i].name) > widths[i] && cols[i].abbr &&
                 utf8_width(cols[i].abbr) <= widths[i] && utf8_width(cols[i].abbr) > 1)
            utf8_pad(sb, cols[i].abbr, widths[i], cols[i].right, ctx->ascii);
        else if (utf8_width(cols[i].name) > widths[i] && widths[i] < 4)
            /* a lone letter names nothing: a column of marks goes without */
            utf8_pad(sb, "", widths[i], cols[i].right, ctx->ascii);
        else
            /* a heading that does not fit is cut with an ellipsis, like a cell */
            utf8_pad(sb, cols[i].name, widths[i], cols[i].right, ctx->ascii);
    }
}

void view_cols_from_rows(const struct col_spec *cols, int n, const struct vrow *rows,
                         size_t n_rows, struct col_spec *out)
{
    for (int i = 0; i < n; i++) {
        out[i] = cols[i];
        if (!cols[i].from_data)
            continue;
        /* w: the widest full text; least: the widest short form. The
         * heading does not count: it has a short form of its own */
        int w = 0, least = 0;
        for (size_t r = 0; r < n_rows; r++) {
            if (i >= rows[r].n_cells || !rows[r].cells[i].text)
                continue;
            const struct vcell *c = &rows[r].cells[i];
            int cw = utf8_width(c->text);
            int aw = c->alt ? utf8_width(c->alt) : cw;
            if (cw > w)
                w = cw;
            int shortest = aw < cw ? aw : cw;
            if (shortest > least)
                least = shortest;
        }
        if (w > 16)
            w = 16; /* a count wider than this is cut with its short form */
        if (least > 16)
            least = 16;
        if (least > out[i].min)
            out[i].min = least;
        out[i].pref = w > out[i].min ? w : out[i].min;
        if (out[i].max > 0)
            out[i].max = out[i].pref; /* never padded past its values */
    }
    for (int i = 0; i < n; i++) {
        if (out[i].max > 0)
            continue;
        for (size_t r = 0; r < n_rows; r++)
            if (i < rows[r].n_cells && rows[r].cells[i].text) {
                int cw = utf8_width(rows[r].cells[i].text);
                if (cw > out[i].want)
                    out[i].want = cw;
            }
    }
}

/* ---- fitting columns ---- */

/* Grows shown columns in priority order toward a target width. */
static void grow_to(const struct col_spec *cols, const int *order, int n, int *widths,
                    int *left, bool to_max, bool whole)
{
    for (int k = 0; k < n && *left > 0; k++) {
        int i = order[k];
        if (!widths[i])
            continue;
        int target = to_max ? cols[i].max : pref_of(&cols[i]);
        if (target <= 0)
            continue; /* flexible columns take the rest at the end */
        int grow = target - widths[i];
        /* a fixed column reaches its preferred width whole or not at all:
         * half way between its short form and its full one shows neither
         * well (flexible ones take what there is) */
        if (whole && cols[i].max > 0 && widths[i] < pref_of(&cols[i]) &&
            pref_of(&cols[i]) - widths[i] > *left)
            continue;
        if (grow > *left)
            grow = *left;
        if (grow > 0) {
            widths[i] += grow;
            *left -= grow;
        }
    }
}

int view_fit_columns(const struct col_spec *cols, int n, int width, int *widths)
{
    int order[VIEW_MAX_COLS] = {0};
    if (n > VIEW_MAX_COLS)
        n = VIEW_MAX_COLS;
    for (int i = 0; i < n; i++) {
        order[i] = i;
        widths[i] = 0;
    }
    /* stable sort by priority: insertion sort over at most a dozen */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cols[order[j]].prio < cols[order[j - 1]].prio; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int at_pref = 0, at_min = 0, shown = 0;
    for (int k = 0; k < n; k++) {
        const struct col_spec *c = &cols[order[k]];
        int sep = shown ? 1 : 0;
        /* the essentials (priority 1) only need their minimums to fit */
        int before = c->prio <= 1 ? at_min : at_pref;
        if (before + sep + c->min > width)
            break; /* drop this one and every less important one */
        widths[order[k]] = c->min;
        at_pref += sep + pref_of(c);
        at_min += sep + c->min;
        shown++;
    }
    int left = width - at_min;
    grow_to(cols, order, n, widths, &left, false, true);
    /* text first: the flexible columns toward their widest text, one
     * column at a time round, before fixed ones are padded to their max */
    for (bool grew = true; left > 0 && grew;) {
        grew = false;
        for (int i = 0; i < n && left > 0; i++)
            if (widths[i] && cols[i].max <= 0 && widths[i] < cols[i].want) {
                widths[i]++;
                left--;
                grew = true;
            }
    }
    grow_to(cols, order, n, widths, &left, true, true);
    /* the flexible columns share the rest evenly */
    bool grew = true;
    while (left > 0 && grew) {
        grew = false;
        for (int i = 0; i < n && left > 0; i++)
            if (widths[i] && cols[i].max <= 0) {
                widths[i]++;
                left--;
                grew = true;
            }
    }
    /* with no flexible column to take it, the rest goes where it fits */
    grow_to(cols, order, n, widths, &left, true, false);
    return shown;
}
