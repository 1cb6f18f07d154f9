/*
 * The indicator chart: time ranges, and bars of aggregated readings with
 * the target and thresholds drawn across them.
 */
#include "baton/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"

static const struct {
    const char *name;
    int days;
} ranges[CHART_RANGE_COUNT] = {
    [CHART_30D] = {"30 days", 30},
    [CHART_90D] = {"90 days", 90},
    [CHART_YEAR] = {"year", 365},
    [CHART_ALL] = {"all", 0},
};

static int range_valid(int r)
{
    return r >= 0 && r < CHART_RANGE_COUNT ? r : CHART_RANGE_DEFAULT;
}

const char *chart_range_name(int r)
{
    return ranges[range_valid(r)].name;
}

int chart_range_days(int r)
{
    return ranges[range_valid(r)].days;
}

int chart_range_step(int r, int dir)
{
    r = range_valid(r);
    return (r + (dir > 0 ? 1 : CHART_RANGE_COUNT - 1)) % CHART_RANGE_COUNT;
}

/* ---- drawing ---- */

/* One column of the plot: the value it shows and that reading's status. */
struct col {
    bool has;
    double v;
    enum health status;
};

static void fmt_value(const struct indicator *ind, double v, char out[48])
{
    if (ind) {
        indicator_format(ind, v, out, 48);
        return;
    }
    struct strbuf sb;
    sb_init(&sb);
    view_fmt_value(v, NULL, &sb);
    snprintf(out, 48, "%s", sb_str(&sb));
    sb_fini(&sb);
}

/* An axis label in CHART_AXIS_W columns, whole: a value too wide with its
 * unit ("640 tickets") drops the unit ("640"), which the marks' labels
 * and the detail name; a compact number is the last resort ("1.2M"). */
static void axis_label(const struct indicator *ind, double v, char out[48])
{
    fmt_value(ind, v, out);
    if (utf8_width(out) <= CHART_AXIS_W)
        return;
    const char *unit = ind ? ind->unit : NULL;
    size_t n = strlen(out), un = unit ? strlen(unit) : 0;
    if (un && n > un && strcmp(out + n - un, unit) == 0) {
        out[n - un] = 0;
        while (n > un && out[strlen(out) - 1] == ' ')
            out[strlen(out) - 1] = 0;
        if (utf8_width(out) <= CHART_AXIS_W)
            return;
    }
    fmt_value(NULL, v, out);
}

/* The value the bars rise from: zero when the readings are near enough to
 * it (between zero and one span of them), else the round value below the
 * lowest that leaves it at least a row, so every reading shows. */
static double chart_base(double lo, double hi, int height)
{
    if (lo >= 0 && lo <= hi - lo)
        return 0;
    double span = hi - lo > 0 ? hi - lo : fabs(hi) > 0 ? fabs(hi) : 1;
    double step = pow(10, floor(log10(span)));
    double base = floor(lo / step) * step;
    for (int i = 0; i < 20 && lo - base < (hi - base) / height; i++)
        base -= step;
    if (lo >= 0 && base < 0)
        base = 0;
    return base;
}

static void mark_label(const struct indicator *ind, const struct chart_mark *m,
                       struct strbuf *out)
{
    char v[48];
    fmt_value(ind, m->value, v);
    sb_addf(out, "%s %s", m->label ? m->label : "", v);
}

static int labels_width(const struct indicator *ind, const struct chart_mark *marks, int n_marks)
{
    int w = 0;
    struct strbuf sb;
    sb_init(&sb);
    for (int k = 0; k < n_marks; k++) {
        if (!marks[k].on)
            continue;
        sb_clear(&sb);
        mark_label(ind, &marks[k], &sb);
        char *safe = utf8_sanitize(sb_str(&sb), false);
        int lw = utf8_width(safe);
        free(safe);
        if (lw > w)
            w = lw;
    }
    sb_fini(&sb);
    return w;
}

int chart_plot_width(const struct indicator *ind, const struct chart_mark *marks, int n_marks,
                     int width)
{
    int lw = labels_width(ind, marks, n_marks);
    /* axis labels, a blank, the axis; then a blank and the marks' labels */
    int pw = width - CHART_AXIS_W - 2 - (lw ? lw + 1 : 0);
    return pw < 4 ? 4 : pw;
}

/* Columns from buckets: each takes the latest reading of the buckets under
 * it; gaps between readings hold the earlier value. */
static void fill_cols(const struct chart_bucket *b, int n, struct col *c, int pw)
{
    for (int x = 0; x < pw; x++) {
        c[x].has = false;
        if (n <= 0)
            continue;
        int from = (int)((long long)x * n / pw);
        int to = (int)((long long)(x + 1) * n / pw);
        if (to <= from)
            to = from + 1;
        for (int k = to - 1; k >= from; k--)
            if (b[k].count > 0) {
                c[x].has = true;
                c[x].v = b[k].last;
                c[x].status = b[k].status;
                break;
            }
    }
    int first = -1, last = -1;
    for (int x = 0; x < pw; x++)
        if (c[x].has) {
            if (first < 0)
                first = x;
            last = x;
        }
    for (int x = first + 1; first >= 0 && x < last; x++)
        if (!c[x].has)
            c[x] = c[x - 1];
}

/* Bars in ASCII: a cell filled by eighths 1..8. */
static const char *const ascii_fill[8] = {".", ".", ":", ":", "|", "|", "#", "#"};

static const char *bar_glyph(int eighths, const struct glyphs *g)
{
    if (eighths < 1)
        eighths = 1;
    if (eighths > 8)
        eighths = 8;
    return g->ascii ? ascii_fill[eighths - 1] : g->spark[eighths - 1];
}

/* The row a value falls in: row r holds (hi - (r+1)*band, hi - r*band]. */
static int value_row(double v, double hi, double band, int height)
{
    int r = (int)floor((hi - v) / band);
    return r < 0 ? 0 : r >= height ? height - 1 : r;
}

static void put_dates(struct doc *d, const struct chart_bucket *b, int n, int pw)
{
    if (n <= 0)
        return;
    char start[16], mid[16], end[16];
    time_show_date(b[0].start, start);
    time_show_date(b[0].start + (b[n - 1].end - b[0].start) / 2, mid);
    time_show_date(b[n - 1].end, end);
    int dw = (int)strlen(start);
    if (pw < dw)
        return;
    char *line = xcalloc((size_t)pw + 1, 1);
    memset(line, ' ', (size_t)pw);
    /* start under the first column, end under the last, the middle centred
     * when all three fit with room between them */
    memcpy(line, start, (size_t)dw);
    if (pw >= 2 * dw + 2 && strcmp(start, end) != 0)
        memcpy(line + pw - dw, end, (size_t)dw);
    if (pw >= 3 * dw + 4 && strcmp(mid, start) != 0 && strcmp(mid, end) != 0)
        memcpy(line + (pw - dw) / 2, mid, (size_t)dw);
    int n_trail = pw;
    while (n_trail > 0 && line[n_trail - 1] == ' ')
        line[--n_trail] = 0;
    struct strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < CHART_AXIS_W + 2; i++)
        sb_addc(&sb, ' ');
    sb_add(&sb, line);
    doc_add_raw(d, TR_DIM, sb_str(&sb));
    doc_nl(d);
    sb_fini(&sb);
    free(line);
}

void chart_draw(struct doc *d, const struct chart_bucket *b, int n, const struct chart_mark *marks,
                int n_marks, const struct indicator *ind, int width, int height,
                const struct glyphs *g)
{
    if (height < 2)
        height = 2;
    int pw = chart_plot_width(ind, marks, n_marks, width);
    struct col *cols = xcalloc((size_t)pw, sizeof *cols);
    fill_cols(b, n, cols, pw);

    /* the range: every value shown and every mark */
    bool any = false;
    double lo = 0, hi = 0;
    for (int x = 0; x < pw; x++)
        if (cols[x].has) {
            lo = any && lo < cols[x].v ? lo : cols[x].v;
            hi = any && hi > cols[x].v ? hi : cols[x].v;
            any = true;
        }
    for (int k = 0; k < n_marks; k++)
        if (marks[k].on) {
            lo = any && lo < marks[k].value ? lo : marks[k].value;
            hi = any && hi > marks[k].value ? hi : marks[k].value;
            any = true;
        }
    if (hi == lo) {
        double spread = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
        hi += spread;
        lo -= spread;
    }
    /* the bars rise from zero or a round value below every reading (the
     * bottom label says which); half a row of room above the highest */
    lo = chart_base(lo, hi, height);
    double top_label = hi, bottom_label = lo;
    hi += (hi - lo) / (2.0 * height);
    double band = (hi - lo) / height;

    /* which mark each row draws, and the label each row carries */
    int *row_mark = xcalloc((size_t)height, sizeof *row_mark);
    struct strbuf *row_label = xcalloc((size_t)height, sizeof *row_label);
    enum theme_role *label_role = xcalloc((size_t)height, sizeof *label_role);
    for (int r = 0; r < height; r++) {
        row_mark[r] = -1;
        sb_init(&row_label[r]);
    }
    for (int k = 0; k < n_marks; k++) {
        if (!marks[k].on)
            continue;
        int r = value_row(marks[k].value, hi, band, height);
        if (row_mark[r] < 0)
            row_mark[r] = k;
        /* a label whose row is taken goes to the nearest free row */
        int at = -1;
        for (int dist = 0; dist < height && at < 0; dist++) {
            if (r - dist >= 0 && !row_label[r - dist].len)
                at = r - dist;
            else if (r + dist < height && !row_label[r + dist].len)
                at = r + dist;
        }
        if (at < 0)
            continue;
        mark_label(ind, &marks[k], &row_label[at]);
        label_role[at] = marks[k].role;
    }

    struct doc_glyph *cells = xcalloc((size_t)pw, sizeof *cells);
    struct strbuf sb;
    sb_init(&sb);
    for (int r = 0; r < height; r++) {
        double top = hi - r * band, bot = top - band;
        sb_clear(&sb);
        char v[48] = "";
        if (r == 0)
            axis_label(ind, top_label, v);
        else if (r == height - 1)
            axis_label(ind, bottom_label, v);
        char *safe = utf8_sanitize(v, g->ascii);
        utf8_pad(&sb, safe, CHART_AXIS_W, true, g->ascii);
        free(safe);
        sb_addc(&sb, ' ');
        sb_add(&sb, *v ? (g->ascii ? "+" : "┤") : g->vl);
        doc_add_raw(d, TR_DIM, sb_str(&sb));
        const struct chart_mark *m = row_mark[r] >= 0 ? &marks[row_mark[r]] : NULL;
        for (int x = 0; x < pw; x++) {
            cells[x].glyph = " ";
            cells[x].role = TR_NORMAL;
            /* a value just above the row's bottom rounds to nothing: the
             * full row under it already shows it */
            int eighths = !cols[x].has || cols[x].v <= bot ? 0
                          : cols[x].v >= top             ? 8
                                                 : (int)lround((cols[x].v - bot) / band * 8.0);
            /* a reading at the base still shows, one eighth high */
            if (cols[x].has && eighths == 0 && r == height - 1)
                eighths = 1;
            if (eighths > 0) {
                cells[x].glyph = bar_glyph(eighths, g);
                cells[x].role = cols[x].status == HEALTH_UNKNOWN ? TR_SPARK
                                                                 : view_health_role(cols[x].status);
            } else if (m) {
                cells[x].glyph = m->dashed && !g->ascii ? "╌" : g->hl;
                cells[x].role = m->role;
            }
        }
        doc_add_glyphs(d, cells, pw);
        if (row_label[r].len) {
            doc_add_raw(d, TR_NORMAL, " ");
            doc_add(d, label_role[r], sb_str(&row_label[r]));
        }
        doc_nl(d);
    }
    /* the time axis and its dates */
    sb_clear(&sb);
    for (int i = 0; i < CHART_AXIS_W + 1; i++)
        sb_addc(&sb, ' ');
    sb_add(&sb, g->ascii ? "+" : "└");
    for (int x = 0; x < pw; x++)
        sb_add(&sb, g->hl);
    doc_add_raw(d, TR_DIM, sb_str(&sb));
    doc_nl(d);
    put_dates(d, b, n, pw);
    if (any && bottom_label != 0) {
        /* a base that is not zero is said, so no bar is read as a ratio */
        char v[48];
        axis_label(ind, bottom_label, v);
        sb_clear(&sb);
        for (int i = 0; i < CHART_AXIS_W + 2; i++)
            sb_addc(&sb, ' ');
        sb_addf(&sb, "the bars rise from %s, not from zero", v);
        doc_add(d, TR_DIM, sb_str(&sb));
        doc_nl(d);
    }

    sb_fini(&sb);
    for (int r = 0; r < height; r++)
        sb_fini(&row_label[r]);
    free(row_label);
    free(label_role);
    free(row_mark);
    free(cells);
    free(cols);
}
