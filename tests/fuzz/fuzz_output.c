/*
 * Fuzzes the writers of listings (out_render in every format) with cells
 * that came from outside: table output sends no control character to the
 * terminal, CSV defuses formulas, Markdown cells hold no pipe or line
 * break unescaped, JSON strings are valid.
 */
#include "fuzz.h"

#include <locale.h>

#include "baton/output.h"
#include "baton/utf8.h"
#include "baton/str.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    return 0;
}

static const struct out_col cols[] = {
    {"key", OUT_STR}, {"title", OUT_STR}, {"value", OUT_NUM}, {"open", OUT_BOOL}, {"tags", OUT_LIST}};
#define N_COLS (sizeof cols / sizeof cols[0])

/* Checks one JSON string literal at *p and moves past it. */
static void json_string(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    FUZZ_CHECK(*p == '"', "expected a string, saw '%c'", *p);
    p++;
    while (*p != '"') {
        FUZZ_CHECK(*p >= 0x20, "raw control 0x%02x in a JSON string", *p);
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    FUZZ_CHECK(strchr("0123456789abcdefABCDEF", p[i]) && p[i], "bad \\u escape");
                p += 5;
            } else {
                FUZZ_CHECK(*p && strchr("\"\\/bfnrt", *p), "bad escape \\%c", *p);
                p++;
            }
            continue;
        }
        if (*p >= 0x80) {
            uint32_t cp;
            size_t n = utf8_decode((const char *)p, &cp);
            FUZZ_CHECK(n > 1, "invalid UTF-8 0x%02x in JSON", *p);
            FUZZ_CHECK(!utf8_is_control(cp), "raw C1 or bidi control U+%04X in JSON", (unsigned)cp);
            p += n;
            continue;
        }
        p++;
    }
    *pp = p + 1;
}

static void check_csv_cell(const char *cell)
{
    struct strbuf sb;
    sb_init(&sb);
    out_csv_cell(&sb, cell);
    const char *s = sb_str(&sb);
    bool quoted = s[0] == '"';
    const char *first = s + quoted;
    double d;
    if (*first && strchr("=+-@\t\r", *first))
        FUZZ_CHECK(str_to_double(cell, &d), "CSV cell starts with a formula: %s", s);
    if (quoted) {
        size_t n = strlen(s);
        FUZZ_CHECK(n >= 2 && s[n - 1] == '"', "unterminated quoted cell: %s", s);
        for (size_t i = 1; i + 1 < n; i++) {
            if (s[i] == '"') {
                FUZZ_CHECK(s[i + 1] == '"' && i + 2 < n, "lone quote inside a cell: %s", s);
                i++;
            }
        }
    } else {
        FUZZ_CHECK(!strpbrk(s, ",\"\t\r\n"), "unquoted cell needs quotes: %s", s);
    }
    /* no control but tab, CR and LF (inside the quotes), and only UTF-8 */
    for (const char *p = s; *p;) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        FUZZ_CHECK(n > 0, "invalid UTF-8 0x%02x in a CSV cell", (unsigned char)*p);
        FUZZ_CHECK(!utf8_is_control(cp) || ((cp == '\t' || cp == '\r' || cp == '\n') && quoted),
                   "raw control U+%04X in a CSV cell", (unsigned)cp);
        p += n;
    }
    sb_fini(&sb);
}

static void check_md_cell(const char *cell)
{
    struct strbuf sb;
    sb_init(&sb);
    out_md_cell(&sb, cell);
    const char *s = sb_str(&sb);
    for (size_t i = 0; s[i]; i++) {
        FUZZ_CHECK(s[i] != '\n' && s[i] != '\r', "line break in a Markdown cell: %s", s);
        if (s[i] == '|')
            FUZZ_CHECK(i > 0 && s[i - 1] == '\\', "unescaped pipe in a Markdown cell: %s", s);
    }
    sb_fini(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 8192)
        return 0;
    int width = data[0];
    bool ascii = data[1] & 1;
    struct out o;
    out_init(&o, cols, N_COLS);
    /* Cells are separated by NUL bytes; a 0x01 cell is an absent one. */
    size_t i = 2, c = 0;
    while (i <= size) {
        size_t end = i;
        while (end < size && data[end])
            end++;
        char *cell = fuzz_str(data + i, end - i);
        if (c % N_COLS == 0)
            out_row(&o);
        out_set(&o, c % N_COLS, strcmp(cell, "\x01") == 0 ? NULL : cell);
        check_csv_cell(cell);
        check_md_cell(cell);
        struct strbuf js;
        sb_init(&js);
        out_json_string(&js, cell);
        const unsigned char *p = (const unsigned char *)sb_str(&js);
        json_string(&p);
        FUZZ_CHECK(*p == 0, "trailing bytes after a JSON string");
        sb_fini(&js);
        free(cell);
        c++;
        i = end + 1;
    }
    struct out_opts opts = out_opts_default();
    opts.width = width;
    opts.ascii = ascii;
    for (int f = OUT_TABLE; f <= OUT_MD; f++) {
        struct strbuf sb;
        sb_init(&sb);
        out_render(&sb, &o, (enum out_format)f, &opts);
        const char *s = sb_str(&sb);
        FUZZ_CHECK(sb.len > 0 && s[sb.len - 1] == '\n', "%s output does not end a line",
                   out_format_name((enum out_format)f));
        if (f == OUT_TABLE)
            for (size_t k = 0; k < sb.len; k++)
                FUZZ_CHECK((unsigned char)s[k] >= 0x20 || s[k] == '\n',
                           "control 0x%02x in table output", (unsigned char)s[k]);
        sb_fini(&sb);
    }
    for (size_t r = 0; r < o.n_rows; r++) {
        struct strbuf sb;
        sb_init(&sb);
        out_render_record(&sb, &o, r, &opts);
        for (size_t k = 0; k < sb.len; k++)
            FUZZ_CHECK((unsigned char)sb.s[k] >= 0x20 || sb.s[k] == '\n',
                       "control 0x%02x in a record", (unsigned char)sb.s[k]);
        sb_fini(&sb);
    }
    out_fini(&o);
    return 0;
}
