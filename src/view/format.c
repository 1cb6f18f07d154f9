/*
 * Small formats that pack a lot into few columns: sparklines, progress
 * bars, compact numbers, trend arrows, and the larger chart of a detail
 * view with its target and thresholds drawn as lines.
 */
#include "baton/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"

static void range_of(const double *v, int n, double *lo, double *hi)
{
    *lo = *hi = n > 0 ? v[0] : 0;
    for (int i = 1; i < n; i++) {
        if (v[i] < *lo)
            *lo = v[i];
        if (v[i] > *hi)
            *hi = v[i];
    }
}

void view_spark(const double *v, int n, int width, const struct glyphs *g, struct strbuf *sb)
{
    if (width <= 0)
        return;
    if (n > width) {
        v += n - width;
        n = width;
    }
    for (int i = n; i < width; i++)
        sb_addc(sb, ' ');
    double lo, hi;
    range_of(v, n, &lo, &hi);
    for (int i = 0; i < n; i++) {
        int level = 3; /* a flat series sits in the middle */
        if (hi > lo)
            level = (int)lround((v[i] - lo) / (hi - lo) * 7.0);
        if (level < 0)
            level = 0;
        if (level > 7)
            level = 7;
        sb_add(sb, g->spark[level]);
    }
}

void view_bar(int percent, int width, const struct glyphs *g, struct strbuf *sb)
{
    if (width <= 0)
        return;
    if (percent < 0)
        percent = 0;
    if (percent > 100)
        percent = 100;
    int eighths = percent * width * 8 / 100;
    int full = eighths / 8, part = eighths % 8;
    if (g->ascii)
        part = 0;
    int used = 0;
    for (; used < full; used++)
        sb_add(sb, g->bar_full);
    if (part && used < width) {
        sb_add(sb, g->bar_part[part]);
        used++;
    }
    for (; used < width; used++)
        sb_add(sb, g->bar_empty);
}

/* Drops trailing zeros of a decimal: "2.70" -> "2.7", "3.00" -> "3". */
static void trim_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (!dot)
        return;
    char *end = s + strlen(s);
    /* keep a suffix letter (k, M, G) in place */
    char suffix = 0;
    if (end > s && (end[-1] == 'k' || end[-1] == 'M' || end[-1] == 'G')) {
        suffix = end[-1];
        *--end = 0;
    }
    while (end > dot + 1 && end[-1] == '0')
        *--end = 0;
    if (end == dot + 1)
        *--end = 0;
    if (suffix) {
        *end++ = suffix;
        *end = 0;
    }
}

const char *view_plural(long long n, const char *one, const char *many)
{
    return n == 1 || n == -1 ? one : many;
}

void view_fmt_value(double v, const char *unit, struct strbuf *sb)
{
    char buf[64];
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, sizeof buf, "%.1fG", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
    else if (a >= 1e4)
        snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
    else if (a >= 100 || v == floor(v))
        snprintf(buf, sizeof buf, "%.0f", v);
    else if (a >= 1)
        snprintf(buf, sizeof buf, "%.2f", v);
    else
        snprintf(buf, sizeof buf, "%.3f", v);
    trim_zeros(buf);
    sb_add(sb, buf);
    if (!str_empty(unit)) {
        if (strcmp(unit, "%") != 0)
            sb_addc(sb, ' ');
        sb_add(sb, unit);
    }
}

const char *view_trend(const struct glyphs *g, bool has_prev, double prev, double value,
                       enum direction dir, enum theme_role *role)
{
    if (!has_prev || value == prev) {
        *role = TR_DIM;
        return g->flat;
    }
    bool up = value > prev;
    bool good = dir == DIRECTION_UP ? up : !up;
    *role = good ? TR_GREEN : TR_RED;
    return up ? g->up : g->down;
}

/* ---- the larger chart ---- */

void view_chart(struct doc *d, const double *v, int n, int width, int height,
                const struct chart_line *lines, int n_lines, const char *unit,
                const struct glyphs *g)
{
    const int label_w = 9, line_label_w = 8;
    int plot_w = width - label_w - 2 - line_label_w;
    if (plot_w < 4 || height < 2)
        return;
    if (n > plot_w) {
        v += n - plot_w;
        n = plot_w;
    }
    double lo, hi;
    range_of(v, n, &lo, &hi);
    for (int k = 0; k < n_lines; k++)
        if (lines[k].on) {
            if (n == 0 && k == 0)
                lo = hi = lines[k].value;
            if (lines[k].value < lo)
                lo = lines[k].value;
            if (lines[k].value > hi)
                hi = lines[k].value;
        }
    if (hi == lo) {
        hi += fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
        lo -= fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
    }
    /* a little room above and below so lines at the extremes stay visible */
    double pad = (hi - lo) * 0.05;
    hi += pad;
    lo -= pad;
    double band = (hi - lo) / height;
    /* few readings are stretched so the chart fills its width */
    int per = n > 0 && n < plot_w ? plot_w / n : 1;
    struct doc_glyph *row = xcalloc((size_t)plot_w, sizeof *row);
    struct strbuf lab;
    sb_init(&lab);
    for (int r = 0; r < height; r++) {
        double top = hi - r * band, bot = top - band;
        /* the line (if any) whose value falls in this band */
        int line = -1;
        for (int k = 0; k < n_lines; k++)
            if (lines[k].on && lines[k].value <= top && lines[k].value > bot)
                line = k;
        sb_clear(&lab);
        if (line >= 0 || r == 0 || r == height - 1) {
            double lv = line >= 0 ? lines[line].value : (r == 0 ? top : bot);
            view_fmt_value(lv, NULL, &lab);
        }
        struct strbuf padded;
        sb_init(&padded);
        utf8_pad(&padded, sb_str(&lab), label_w, true, g->ascii);
        sb_add(&padded, " ");
        sb_add(&padded, g->vl);
        doc_add_raw(d, TR_DIM, sb_str(&padded));
        sb_fini(&padded);
        for (int c = 0; c < plot_w; c++) {
            row[c].glyph = " ";
            row[c].role = TR_NORMAL;
            int vi = c / per;
            bool has = vi < n;
            double val = has ? v[vi] : 0;
            if (has && val >= top) {
                row[c].glyph = g->spark[7];
                row[c].role = TR_SPARK;
            } else if (has && val > bot) {
                int level = (int)((val - bot) / band * 8.0);
                if (level > 7)
                    level = 7;
                row[c].glyph = level > 0 ? g->spark[level - 1] : g->spark[0];
                row[c].role = TR_SPARK;
            } else if (line >= 0) {
                row[c].glyph = g->hl;
                row[c].role = lines[line].role;
            }
        }
        doc_add_glyphs(d, row, plot_w);
        if (line >= 0) {
            doc_add_raw(d, lines[line].role, " ");
            doc_add(d, lines[line].role, lines[line].label);
        }
        doc_nl(d);
    }
    /* the axis */
    struct strbuf ax;
    sb_init(&ax);
    for (int i = 0; i < label_w + 1; i++)
        sb_addc(&ax, ' ');
    sb_add(&ax, g->bl);
    for (int c = 0; c < plot_w; c++)
        sb_add(&ax, g->hl);
    doc_add_raw(d, TR_DIM, sb_str(&ax));
    if (!str_empty(unit)) {
        doc_add_raw(d, TR_DIM, " ");
        doc_add(d, TR_DIM, unit);
    }
    doc_nl(d);
    sb_fini(&ax);
    sb_fini(&lab);
    free(row);
}

/* ---- the clipboard ---- */

void view_base64(const unsigned char *data, size_t n, struct strbuf *out)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < n)
            v |= data[i + 2];
        sb_addc(out, tbl[(v >> 18) & 63]);
        sb_addc(out, tbl[(v >> 12) & 63]);
        sb_addc(out, i + 1 < n ? tbl[(v >> 6) & 63] : '=');
        sb_addc(out, i + 2 < n ? tbl[v & 63] : '=');
    }
}

void view_osc52(const char *text, struct strbuf *out)
{
    sb_add(out, "\033]52;c;");
    view_base64((const unsigned char *)text, strlen(text), out);
    sb_add(out, "\a");
}
