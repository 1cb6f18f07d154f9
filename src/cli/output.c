/*
 * output: rows of cells rendered as a terminal table, JSON, CSV or
 * Markdown. Everything that came from outside is escaped for the format it
 * goes into; the table is measured in display columns, not bytes.
 */
/* fopencookie: a stream whose writes pass through the terminal filter. */
#define _GNU_SOURCE
#include "baton/output.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"
#include "baton/timeutil.h"

static const char *const format_names[] = {
    [OUT_TABLE] = "table",
    [OUT_JSON] = "json",
    [OUT_CSV] = "csv",
    [OUT_MD] = "md",
};

struct out_opts out_opts_default(void)
{
    return (struct out_opts){.width = 0, .ascii = false, .header = true};
}

bool out_format_parse(const char *s, enum out_format *out)
{
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++) {
        if (strcmp(s, format_names[i]) == 0) {
            *out = (enum out_format)i;
            return true;
        }
    }
    if (strcmp(s, "markdown") == 0) {
        *out = OUT_MD;
        return true;
    }
    return false;
}

const char *out_format_name(enum out_format f)
{
    return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "?";
}

void out_init(struct out *o, const struct out_col *cols, size_t n_cols)
{
    memset(o, 0, sizeof *o);
    o->cols = cols;
    o->n_cols = n_cols;
}

void out_fini(struct out *o)
{
    for (size_t i = 0; i < o->n_rows * o->n_cols; i++)
        free(o->cells[i]);
    free(o->cells);
    memset(o, 0, sizeof *o);
}

void out_clear(struct out *o)
{
    for (size_t i = 0; i < o->n_rows * o->n_cols; i++)
        free(o->cells[i]);
    o->n_rows = 0;
}

void out_row(struct out *o)
{
    o->cells = xgrow(o->cells, o->n_rows, &o->cap_rows, o->n_cols * sizeof *o->cells);
    for (size_t c = 0; c < o->n_cols; c++)
        o->cells[o->n_rows * o->n_cols + c] = NULL;
    o->n_rows++;
}

/* Puts text, which the table now owns, in the last row's cell col. */
static void set_owned(struct out *o, size_t col, char *text)
{
    if (!o->n_rows || col >= o->n_cols) {
        free(text);
        return;
    }
    char **cell = &o->cells[(o->n_rows - 1) * o->n_cols + col];
    free(*cell);
    *cell = text;
}

void out_set(struct out *o, size_t col, const char *text)
{
    set_owned(o, col, xstrdup(text));
}

void out_setf(struct out *o, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    set_owned(o, col, text);
}

void out_set_long(struct out *o, size_t col, long long v)
{
    out_setf(o, col, "%lld", v);
}

void out_fmt_double(double v, char buf[40])
{
    if (!isfinite(v)) {
        snprintf(buf, 40, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    /* The fewest significant digits that survive a round trip, so 0.1
     * prints as 0.1 and not 0.10000000000000001. */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 40, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* Plain digits for whole numbers people type that way (1200000). */
    if (strchr(buf, 'e') && v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, 40, "%.0f", v);
}

void out_set_double(struct out *o, size_t col, double v)
{
    char buf[40];
    out_fmt_double(v, buf);
    out_set(o, col, buf);
}

void out_set_bool(struct out *o, size_t col, bool v)
{
    out_set(o, col, v ? "true" : "false");
}

const char *out_cell(const struct out *o, size_t row, size_t col)
{
    if (row >= o->n_rows || col >= o->n_cols)
        return NULL;
    return o->cells[row * o->n_cols + col];
}

/* ---- JSON ---- */

/* The ASCII characters JSON writes with a backslash and a letter; other
 * controls take \uXXXX. */
static const char *const short_escape[0x80] = {
    ['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
};

void out_json_string(struct strbuf *sb, const char *s)
{
    if (!s) {
        sb_add(sb, "null");
        return;
    }
    sb_addc(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = utf8_decode((const char *)p, &cp);
            if (n == 0) {
                sb_add(sb, "\\ufffd"); /* not UTF-8: JSON must be */
                p++;
                continue;
            }
            /* C1 and bidi controls would act on a terminal that shows the
             * document; U+2028 and U+2029 end lines in JavaScript source. */
            if (utf8_is_control(cp) || cp == 0x2028 || cp == 0x2029)
                sb_addf(sb, "\\u%04x", (unsigned)cp);
            else
                sb_addn(sb, (const char *)p, n);
            p += n;
            continue;
        }
        if (short_escape[c])
            sb_add(sb, short_escape[c]);
        else if (c < 0x20 || c == 0x7F)
            sb_addf(sb, "\\u%04x", (unsigned)c);
        else
            sb_addc(sb, (char)c);
        p++;
    }
    sb_addc(sb, '"');
}

/* The JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (isdigit((unsigned char)*p))
            p++;
    else
        return false;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static void json_value(struct strbuf *sb, enum out_type type, const char *s)
{
    if (!s) {
        sb_add(sb, "null");
        return;
    }
    switch (type) {
    case OUT_NUM:
        /* A cell that is not a valid JSON number stays a string rather
         * than breaking the document. */
        if (is_json_number(s))
            sb_add(sb, s);
        else
            out_json_string(sb, s);
        return;
    case OUT_BOOL:
        sb_add(sb, strcmp(s, "true") == 0 ? "true" : "false");
        return;
    case OUT_LIST: {
        sb_addc(sb, '[');
        const char *p = s;
        bool first = true;
        while (*p) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            const char *end = strchr(p, ' ');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            char *word = xstrndup(p, n);
            if (!first)
                sb_addc(sb, ',');
            out_json_string(sb, word);
            free(word);
            first = false;
            p += n;
        }
        sb_addc(sb, ']');
        return;
    }
    case OUT_STR:
    case OUT_TIME:
    case OUT_KEY:
        break;
    }
    out_json_string(sb, s);
}

void out_render_json_object(struct strbuf *sb, const struct out *o, size_t row)
{
    sb_addc(sb, '{');
    for (size_t c = 0; c < o->n_cols; c++) {
        if (c)
            sb_addc(sb, ',');
        out_json_string(sb, o->cols[c].name);
        sb_addc(sb, ':');
        json_value(sb, o->cols[c].type, out_cell(o, row, c));
    }
    sb_addc(sb, '}');
}

static void json_rows(struct strbuf *sb, const struct out *o, size_t before)
{
    for (size_t r = 0; r < o->n_rows; r++) {
        sb_add(sb, before + r ? ",\n  " : "[\n  ");
        out_render_json_object(sb, o, r);
    }
}

static void json_end(struct strbuf *sb, size_t rows)
{
    sb_add(sb, rows ? "\n]\n" : "[]\n");
}

/* ---- CSV ---- */

void out_csv_cell(struct strbuf *sb, const char *s)
{
    if (!s)
        return;
    /* A spreadsheet runs a cell that starts with one of these as a
     * formula; a leading quote makes it text. Plain numbers are left
     * alone so that -5 stays a number. */
    double d;
    bool formula = strchr("=+-@\t\r", s[0]) && s[0] && !str_to_double(s, &d);
    bool quote = formula || strpbrk(s, ",\"\t\r\n") || s[0] == ' ' ||
                 (s[0] && s[strlen(s) - 1] == ' ');
    if (quote)
        sb_addc(sb, '"');
    if (formula)
        sb_addc(sb, '\'');
    /* Tabs and line breaks stay, inside the quotes; every other control
     * character is written in the visible form the table uses (^[, \x9b,
     * <U+202E>), and bytes that are not UTF-8 as U+FFFD. */
    struct strbuf tmp;
    sb_init(&tmp);
    utf8_sanitize_to(&tmp, s, strlen(s), false,
                     UTF8_KEEP_TAB | UTF8_KEEP_LF | UTF8_KEEP_CR | UTF8_KEEP_JOINERS);
    for (const char *p = sb_str(&tmp); *p; p++) {
        if (*p == '"')
            sb_addc(sb, '"');
        sb_addc(sb, *p);
    }
    sb_fini(&tmp);
    if (quote)
        sb_addc(sb, '"');
}

static void csv_head(struct strbuf *sb, const struct out *o)
{
    for (size_t c = 0; c < o->n_cols; c++) {
        if (c)
            sb_addc(sb, ',');
        out_csv_cell(sb, o->cols[c].name);
    }
    sb_addc(sb, '\n');
}

static void csv_rows(struct strbuf *sb, const struct out *o)
{
    for (size_t r = 0; r < o->n_rows; r++) {
        for (size_t c = 0; c < o->n_cols; c++) {
            if (c)
                sb_addc(sb, ',');
            out_csv_cell(sb, out_cell(o, r, c));
        }
        sb_addc(sb, '\n');
    }
}

/* ---- Markdown ---- */

void out_md_cell(struct strbuf *sb, const char *s)
{
    if (!s)
        return;
    /* Line breaks would end the table row and pipes would split the cell;
     * '<' would open raw HTML in a rendered document. */
    struct strbuf tmp;
    sb_init(&tmp);
    sb_add(&tmp, "");
    for (const char *p = s; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r')
            sb_add(&tmp, "<br>");
        else if (*p == '|')
            sb_add(&tmp, "\\|");
        else if (*p == '<')
            sb_add(&tmp, "&lt;");
        else
            sb_addc(&tmp, *p);
    }
    char *clean = utf8_sanitize(sb_str(&tmp), false);
    sb_add(sb, clean);
    free(clean);
    sb_fini(&tmp);
}

/* A cell as people read it: times in their zone. */
static const char *people_cell(const struct out *o, size_t row, size_t col,
                               char buf[TIME_SHOW_MAX])
{
    const char *cell = out_cell(o, row, col);
    if (o->cols[col].type == OUT_TIME && cell && time_show_text(cell, buf))
        return buf;
    return cell;
}

static void md_head(struct strbuf *sb, const struct out *o)
{
    sb_add(sb, "|");
    for (size_t c = 0; c < o->n_cols; c++) {
        sb_addc(sb, ' ');
        out_md_cell(sb, o->cols[c].name);
        sb_add(sb, " |");
    }
    sb_add(sb, "\n|");
    for (size_t c = 0; c < o->n_cols; c++)
        sb_add(sb, o->cols[c].type == OUT_NUM ? " ---: |" : " --- |");
    sb_addc(sb, '\n');
}

static void md_rows(struct strbuf *sb, const struct out *o)
{
    char when[TIME_SHOW_MAX];
    for (size_t r = 0; r < o->n_rows; r++) {
        sb_add(sb, "|");
        for (size_t c = 0; c < o->n_cols; c++) {
            sb_addc(sb, ' ');
            out_md_cell(sb, people_cell(o, r, c, when));
            sb_add(sb, " |");
        }
        sb_addc(sb, '\n');
    }
}

/* ---- streaming ---- */

void out_stream_begin(struct out_stream *os, struct strbuf *sb, const struct out *o,
                      enum out_format f)
{
    os->f = f;
    os->rows = 0;
    if (f == OUT_CSV)
        csv_head(sb, o);
    else if (f == OUT_MD)
        md_head(sb, o);
}

void out_stream_rows(struct out_stream *os, struct strbuf *sb, const struct out *o)
{
    if (os->f == OUT_JSON)
        json_rows(sb, o, os->rows);
    else if (os->f == OUT_CSV)
        csv_rows(sb, o);
    else if (os->f == OUT_MD)
        md_rows(sb, o);
    os->rows += o->n_rows;
}

void out_stream_end(struct out_stream *os, struct strbuf *sb)
{
    if (os->f == OUT_JSON)
        json_end(sb, os->rows);
}

/* ---- table ---- */

#define TABLE_GAP 2
#define TABLE_MIN 6 /* a column is never cut narrower than this */

static void render_table(struct strbuf *sb, const struct out *o, const struct out_opts *opts)
{
    size_t nc = o->n_cols, nr = o->n_rows;
    if (!nc)
        return;
    /* Sanitise first: widths are of what will be drawn. */
    char **shown = xcalloc((nr + 1) * nc, sizeof *shown);
    int *width = xcalloc(nc, sizeof *width);
    for (size_t c = 0; c < nc; c++) {
        struct strbuf h;
        sb_init(&h);
        for (const char *p = o->cols[c].name; *p; p++)
            sb_addc(&h, *p == '_' ? ' ' : (char)toupper((unsigned char)*p));
        shown[c] = utf8_sanitize(sb_str(&h), opts->ascii);
        sb_fini(&h);
        if (opts->header)
            width[c] = utf8_width(shown[c]);
    }
    char when[TIME_SHOW_MAX];
    for (size_t r = 0; r < nr; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *cell = people_cell(o, r, c, when);
            char *s = utf8_sanitize(str_empty(cell) ? "-" : cell, opts->ascii);
            int w = utf8_width(s);
            if (w > width[c])
                width[c] = w;
            shown[(r + 1) * nc + c] = s;
        }
    }
    /* Too wide for the terminal: cut the widest text column, one column of
     * the screen at a time, so that short columns stay whole. */
    if (opts->width > 0) {
        int total = 0;
        for (size_t c = 0; c < nc; c++)
            total += width[c] + (c ? TABLE_GAP : 0);
        while (total > opts->width) {
            size_t widest = nc;
            for (int keys = 0; keys < 2 && widest == nc; keys++)
                for (size_t c = 0; c < nc; c++)
                    if (o->cols[c].type != OUT_NUM && (o->cols[c].type == OUT_KEY) == keys &&
                        width[c] > TABLE_MIN && (widest == nc || width[c] > width[widest]))
                        widest = c;
            if (widest == nc)
                break;
            width[widest]--;
            total--;
        }
    }
    for (size_t r = opts->header ? 0 : 1; r <= nr; r++) {
        size_t mark = sb->len;
        for (size_t c = 0; c < nc; c++) {
            if (c)
                for (int g = 0; g < TABLE_GAP; g++)
                    sb_addc(sb, ' ');
            utf8_pad(sb, shown[r * nc + c], width[c], o->cols[c].type == OUT_NUM, opts->ascii);
        }
        /* No trailing blanks: they confuse diff and copy-paste. */
        while (sb->len > mark && sb->s[sb->len - 1] == ' ')
            sb->s[--sb->len] = '\0';
        sb_addc(sb, '\n');
    }
    for (size_t i = 0; i < (nr + 1) * nc; i++)
        free(shown[i]);
    free(shown);
    free(width);
}

void out_render_record(struct strbuf *sb, const struct out *o, size_t row,
                       const struct out_opts *opts)
{
    struct out_opts def = out_opts_default();
    if (!opts)
        opts = &def;
    int label = 0;
    for (size_t c = 0; c < o->n_cols; c++) {
        int w = utf8_width(o->cols[c].name) + 1;
        if (w > label)
            label = w;
    }
    sb_add(sb, "");
    for (size_t c = 0; c < o->n_cols; c++) {
        char *name = xasprintf("%s:", o->cols[c].name);
        utf8_pad(sb, name, label, false, opts->ascii);
        free(name);
        char when[TIME_SHOW_MAX];
        const char *v = people_cell(o, row, c, when);
        if (str_empty(v))
            v = "-";
        bool first = true;
        while (first || *v) {
            size_t n = strcspn(v, "\n");
            char *line = xstrndup(v, n);
            char *shown = utf8_sanitize(line, opts->ascii);
            if (!first)
                for (int i = 0; i < label; i++)
                    sb_addc(sb, ' ');
            if (*shown)
                sb_addc(sb, ' ');
            sb_add(sb, shown);
            sb_addc(sb, '\n');
            free(shown);
            free(line);
            v += n;
            if (*v == '\n')
                v++;
            first = false;
        }
    }
}

void out_render(struct strbuf *sb, const struct out *o, enum out_format f,
                const struct out_opts *opts)
{
    struct out_opts def = out_opts_default();
    if (!opts)
        opts = &def;
    sb_add(sb, "");
    if (f == OUT_TABLE) {
        render_table(sb, o, opts);
        return;
    }
    struct out_stream os;
    out_stream_begin(&os, sb, o, f);
    out_stream_rows(&os, sb, o);
    out_stream_end(&os, sb);
}

/* ---- the terminal filter ---- */

struct term_filter {
    FILE *to;
    bool ascii;
    char pending[4]; /* the start of a character the last write cut */
    size_t n_pending;
    struct strbuf buf;
};

static ssize_t term_write(void *cookie, const char *data, size_t n)
{
    struct term_filter *t = cookie;
    struct strbuf in;
    sb_init(&in);
    sb_addn(&in, t->pending, t->n_pending);
    sb_addn(&in, data, n);
    size_t keep = utf8_incomplete_tail(in.s, in.len);
    memcpy(t->pending, in.s + in.len - keep, keep);
    t->n_pending = keep;
    sb_clear(&t->buf);
    /* A NUL is shown like any control rather than ending the text. */
    for (size_t i = 0; i < in.len - keep;) {
        size_t run = strnlen(in.s + i, in.len - keep - i);
        utf8_sanitize_to(&t->buf, in.s + i, run, t->ascii,
                         UTF8_KEEP_TAB | UTF8_KEEP_LF | UTF8_KEEP_JOINERS);
        i += run;
        if (i < in.len - keep) {
            sb_add(&t->buf, "^@");
            i++;
        }
    }
    sb_fini(&in);
    if (t->buf.len && fwrite(t->buf.s, 1, t->buf.len, t->to) != t->buf.len)
        return -1;
    return (ssize_t)n;
}

static int term_close(void *cookie)
{
    struct term_filter *t = cookie;
    int rc = 0;
    if (t->n_pending) {
        struct strbuf tail;
        sb_init(&tail);
        utf8_sanitize_to(&tail, t->pending, t->n_pending, t->ascii, 0);
        if (fwrite(tail.s, 1, tail.len, t->to) != tail.len)
            rc = -1;
        sb_fini(&tail);
    }
    if (fflush(t->to) != 0)
        rc = -1;
    sb_fini(&t->buf);
    free(t);
    return rc;
}

FILE *out_terminal_open(FILE *to, bool ascii)
{
    struct term_filter *t = xcalloc(1, sizeof *t);
    t->to = to;
    t->ascii = ascii;
    sb_init(&t->buf);
    cookie_io_functions_t io = {.read = NULL, .write = term_write, .seek = NULL,
                                .close = term_close};
    FILE *f = fopencookie(t, "w", io);
    if (!f)
        free(t);
    return f;
}
