/* The command line's output formats: what a terminal, a JSON parser, a
 * spreadsheet and a Markdown renderer would receive. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/output.h"

static const struct out_col cols[] = {
    {"key", OUT_STR},
    {"title", OUT_STR},
    {"severity", OUT_NUM},
};

static char *render(const struct out *o, enum out_format f, int width)
{
    struct strbuf sb;
    sb_init(&sb);
    struct out_opts opts = out_opts_default();
    opts.width = width;
    out_render(&sb, o, f, &opts);
    return sb_take(&sb);
}

static void fill(struct out *o)
{
    out_init(o, cols, 3);
    out_row(o);
    out_set(o, 0, "B-1");
    out_set(o, 1, "Waiting for VAT");
    out_set_long(o, 2, 2);
    out_row(o);
    out_set(o, 0, "B-12");
    out_set(o, 1, "Büro 東京");
    /* severity left absent */
}

static void table_aligns_by_display_width(void)
{
    struct out o;
    fill(&o);
    char *t = render(&o, OUT_TABLE, 0);
    /* 東京 is four columns wide, so "Büro 東京" takes 9 of the title
     * column's 15 (its widest cell); numbers align to the right. */
    CHECK_STR(t, "KEY   TITLE            SEVERITY\n"
                 "B-1   Waiting for VAT         2\n"
                 "B-12  Büro 東京               -\n");
    free(t);
    out_fini(&o);
}

static void table_cuts_long_cells_to_fit_the_width(void)
{
    struct out o;
    fill(&o);
    char *t = render(&o, OUT_TABLE, 24);
    /* 31 columns wanted, 24 given: only the text column gives way. */
    CHECK_STR(t, "KEY   TITLE     SEVERITY\n"
                 "B-1   Waiting…         2\n"
                 "B-12  Büro 東…         -\n");
    free(t);
    out_fini(&o);
}

static void table_never_sends_escape_sequences(void)
{
    struct out o;
    out_init(&o, cols, 3);
    out_row(&o);
    out_set(&o, 0, "B-1");
    out_set(&o, 1, "red\x1b[31malert\x1b]0;pwned\x07");
    char *t = render(&o, OUT_TABLE, 0);
    CHECK(strchr(t, '\x1b') == NULL);
    CHECK(strchr(t, '\x07') == NULL);
    CHECK_CONTAINS(t, "red^[[31malert^[]0;pwned^G");
    free(t);
    out_fini(&o);
}

static void json_is_an_array_of_objects_named_by_column(void)
{
    struct out o;
    fill(&o);
    char *j = render(&o, OUT_JSON, 0);
    CHECK_STR(j, "[\n"
                 "  {\"key\":\"B-1\",\"title\":\"Waiting for VAT\",\"severity\":2},\n"
                 "  {\"key\":\"B-12\",\"title\":\"Büro 東京\",\"severity\":null}\n"
                 "]\n");
    free(j);
    out_fini(&o);
    out_init(&o, cols, 3);
    j = render(&o, OUT_JSON, 0);
    CHECK_STR(j, "[]\n");
    free(j);
    out_fini(&o);
}

/* Rows streamed one at a time read as the same document as all at once. */
static void streamed_rows_are_the_same_document(void)
{
    static const enum out_format formats[] = {OUT_JSON, OUT_CSV, OUT_MD};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        struct out all;
        fill(&all);
        char *whole = render(&all, formats[f], 0);
        struct out one;
        out_init(&one, cols, 3);
        struct strbuf sb;
        sb_init(&sb);
        struct out_stream os;
        out_stream_begin(&os, &sb, &one, formats[f]);
        for (size_t r = 0; r < all.n_rows; r++) {
            out_row(&one);
            for (size_t c = 0; c < 3; c++)
                out_set(&one, c, out_cell(&all, r, c));
            out_stream_rows(&os, &sb, &one);
            out_clear(&one);
        }
        out_stream_end(&os, &sb);
        CHECK_STR(sb_str(&sb), whole);
        CHECK_INT((int)os.rows, (int)all.n_rows);
        sb_clear(&sb);
        /* no rows at all */
        out_stream_begin(&os, &sb, &one, formats[f]);
        out_stream_end(&os, &sb);
        char *empty = render(&one, formats[f], 0);
        CHECK_STR(sb_str(&sb), empty);
        free(empty);
        sb_fini(&sb);
        free(whole);
        out_fini(&one);
        out_fini(&all);
    }
}

static void json_escapes_controls_and_replaces_invalid_utf8(void)
{
    struct strbuf sb;
    sb_init(&sb);
    out_json_string(&sb, "a\"b\\c\nd\te\x01\x1b\x7f");
    CHECK_STR(sb_str(&sb), "\"a\\\"b\\\\c\\nd\\te\\u0001\\u001b\\u007f\"");
    sb_clear(&sb);
    out_json_string(&sb, "ok\xff\xc3(end\xe2\x80\xa8");
    CHECK_STR(sb_str(&sb), "\"ok\\ufffd\\ufffd(end\\u2028\"");
    sb_clear(&sb);
    out_json_string(&sb, "\r\b\f/~ \x1f");
    CHECK_STR(sb_str(&sb), "\"\\r\\u0008\\u000c/~ \\u001f\"");
    sb_clear(&sb);
    out_json_string(&sb, NULL);
    CHECK_STR(sb_str(&sb), "null");
    sb_fini(&sb);
}

static void json_numbers_bools_and_lists(void)
{
    static const struct out_col c2[] = {
        {"value", OUT_NUM}, {"stale", OUT_BOOL}, {"depends_on", OUT_LIST}, {"odd", OUT_NUM}};
    struct out o;
    out_init(&o, c2, 4);
    out_row(&o);
    out_set_double(&o, 0, 0.1);
    out_set_bool(&o, 1, true);
    out_set(&o, 2, "OPS-2 FIN-1");
    out_set(&o, 3, "0x10");
    char *j = render(&o, OUT_JSON, 0);
    CHECK_STR(j, "[\n  {\"value\":0.1,\"stale\":true,\"depends_on\":[\"OPS-2\",\"FIN-1\"],"
                 "\"odd\":\"0x10\"}\n]\n");
    free(j);
    out_fini(&o);
}

static void doubles_print_shortest_round_trip(void)
{
    char buf[40];
    out_fmt_double(1.2e6, buf);
    CHECK_STR(buf, "1200000");
    out_fmt_double(2.7, buf);
    CHECK_STR(buf, "2.7");
    out_fmt_double(-0.125, buf);
    CHECK_STR(buf, "-0.125");
    out_fmt_double(1e-7, buf);
    CHECK_STR(buf, "1e-07");
    out_fmt_double(1.0 / 3, buf);
    CHECK(strtod(buf, NULL) == 1.0 / 3);
}

static void csv_quotes_per_rfc4180(void)
{
    struct strbuf sb;
    sb_init(&sb);
    out_csv_cell(&sb, "plain");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "a,b");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "say \"hi\"");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "two\nlines");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, NULL);
    CHECK_STR(sb_str(&sb), "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|");
    sb_fini(&sb);
}

static void csv_defuses_formulas_but_not_numbers(void)
{
    struct strbuf sb;
    sb_init(&sb);
    out_csv_cell(&sb, "=HYPERLINK(\"x\")");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "+1 555");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "@SUM(A1)");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "-2+3");
    sb_addc(&sb, '|');
    out_csv_cell(&sb, "-5");
    CHECK_STR(sb_str(&sb), "\"'=HYPERLINK(\"\"x\"\")\"|\"'+1 555\"|\"'@SUM(A1)\"|\"'-2+3\"|-5");
    sb_fini(&sb);
}

static void csv_has_a_header_line(void)
{
    struct out o;
    fill(&o);
    char *c = render(&o, OUT_CSV, 0);
    CHECK_STR(c, "key,title,severity\nB-1,Waiting for VAT,2\nB-12,Büro 東京,\n");
    free(c);
    out_fini(&o);
}

static void markdown_escapes_pipes_newlines_and_html(void)
{
    struct out o;
    out_init(&o, cols, 3);
    out_row(&o);
    out_set(&o, 0, "B-1");
    out_set(&o, 1, "a|b\nc<script>\x1b");
    out_set_long(&o, 2, 1);
    char *m = render(&o, OUT_MD, 0);
    CHECK_STR(m, "| key | title | severity |\n"
                 "| --- | --- | ---: |\n"
                 "| B-1 | a\\|b<br>c&lt;script>^[ | 1 |\n");
    free(m);
    out_fini(&o);
}

static void record_aligns_names_and_keeps_line_breaks(void)
{
    struct out o;
    out_init(&o, cols, 3);
    out_row(&o);
    out_set(&o, 0, "B-1");
    out_set(&o, 1, "first line\nsecond \x1b[2J line");
    struct strbuf sb;
    sb_init(&sb);
    out_render_record(&sb, &o, 0, NULL);
    CHECK_STR(sb_str(&sb), "key:      B-1\n"
                           "title:    first line\n"
                           "          second ^[[2J line\n"
                           "severity: -\n");
    sb_fini(&sb);
    out_fini(&o);
}

static void csv_to_a_file_carries_no_control_but_tab_and_line_breaks(void)
{
    struct strbuf sb;
    sb_init(&sb);
    /* ESC and BEL of an OSC title, a C1 CSI, a raw 0x9B byte, an RLO */
    out_csv_cell(&sb, "x\x1b]0;PWNED\x07 \xc2\x9b" "31m \x9b \xe2\x80\xae" "evil");
    CHECK_STR(sb_str(&sb), "x^[]0;PWNED^G \\x9b31m \xEF\xBF\xBD <U+202E>evil");
    sb_clear(&sb);
    out_csv_cell(&sb, "tab\there\r\nnext");
    CHECK_STR(sb_str(&sb), "\"tab\there\r\nnext\"");
    /* text that only looks odd is kept: a joined emoji, a variation selector */
    sb_clear(&sb);
    out_csv_cell(&sb, "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB \xE2\x9D\xA4\xEF\xB8\x8F");
    CHECK_STR(sb_str(&sb), "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB \xE2\x9D\xA4\xEF\xB8\x8F");
    sb_fini(&sb);
}

static void json_escapes_c1_and_bidi_controls(void)
{
    struct strbuf sb;
    sb_init(&sb);
    out_json_string(&sb, "a\xc2\x9b" "b\xc2\x85" "c\xe2\x80\xae" "d\xe2\x81\xa6" "e\xe2\x80\x8f"
                         "f\xd8\x9c" "g\xc3\xa9");
    CHECK_STR(sb_str(&sb),
              "\"a\\u009bb\\u0085c\\u202ed\\u2066e\\u200ff\\u061cg\xc3\xa9\"");
    sb_fini(&sb);
}

static void terminal_stream_shows_controls_in_every_format(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    FILE *t = out_terminal_open(mem, false);
    CHECK(t != NULL);
    /* written in pieces that cut a character and an escape in two */
    fputs("a,\"x\x1b]0;T\x07\"\n\xe2\x80", t);
    fflush(t);
    fputs("\xae" "b\tc\r\xc2", t);
    fflush(t);
    fputs("\x9b" "d\x9b" "\xc3\xa9\n", t);
    CHECK_INT(fclose(t), 0);
    fclose(mem);
    CHECK_STR(buf, "a,\"x^[]0;T^G\"\n<U+202E>b\tc^M\\x9bd\xEF\xBF\xBD\xc3\xa9\n");
    free(buf);
}

static void format_names_parse(void)
{
    enum out_format f;
    CHECK(out_format_parse("json", &f) && f == OUT_JSON);
    CHECK(out_format_parse("markdown", &f) && f == OUT_MD);
    CHECK(out_format_parse("table", &f) && f == OUT_TABLE);
    CHECK(!out_format_parse("xml", &f));
    CHECK_STR(out_format_name(OUT_CSV), "csv");
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    RUN(table_aligns_by_display_width);
    RUN(table_cuts_long_cells_to_fit_the_width);
    RUN(table_never_sends_escape_sequences);
    RUN(json_is_an_array_of_objects_named_by_column);
    RUN(streamed_rows_are_the_same_document);
    RUN(json_escapes_controls_and_replaces_invalid_utf8);
    RUN(json_numbers_bools_and_lists);
    RUN(doubles_print_shortest_round_trip);
    RUN(csv_quotes_per_rfc4180);
    RUN(csv_defuses_formulas_but_not_numbers);
    RUN(csv_has_a_header_line);
    RUN(markdown_escapes_pipes_newlines_and_html);
    RUN(record_aligns_names_and_keeps_line_breaks);
    RUN(format_names_parse);
    RUN(csv_to_a_file_carries_no_control_but_tab_and_line_breaks);
    RUN(json_escapes_c1_and_bidi_controls);
    RUN(terminal_stream_shows_controls_in_every_format);
    return check_report();
}
