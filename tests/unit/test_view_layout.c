/*
 * The pure layout of the view: fitting columns to a width (dropping the
 * least important first), rows aligned by display width with wide and
 * combining characters, selection and scrolling, sparklines, bars,
 * numbers, the line editor, history, completion and OSC 52.
 */
#include <locale.h>
#include <string.h>

#include "../check.h"
#include "baton/utf8.h"
#include "baton/keymap.h"
#include "baton/view.h"

static const struct col_spec cols[] = {
    {"Key", 4, 6, 8, 1, false, NULL, false, 0},
    {"Title", 8, 20, 0, 1, false, NULL, false, 0},
    {"Owner", 5, 8, 10, 3, false, NULL, false, 0},
    {"Age", 3, 3, 4, 2, true, NULL, false, 0},
};
#define NCOLS 4

static int shown_width(const int *w, int n)
{
    int sum = 0, shown = 0;
    for (int i = 0; i < n; i++)
        if (w[i] > 0) {
            sum += w[i];
            shown++;
        }
    return sum + (shown ? shown - 1 : 0);
}

static void columns_fill_the_width_exactly(void)
{
    int w[NCOLS];
    /* from the width where the flexible title is shown */
    for (int width = 13; width <= 200; width += 7) {
        view_fit_columns(cols, NCOLS, width, w);
        CHECK_INT(shown_width(w, NCOLS), width);
        for (int i = 0; i < NCOLS; i++)
            if (w[i])
                CHECK(w[i] >= cols[i].min && (cols[i].max == 0 || w[i] <= cols[i].max));
    }
}

static void narrowing_drops_the_least_important_first(void)
{
    int w[NCOLS];
    CHECK_INT(view_fit_columns(cols, NCOLS, 120, w), 4);
    /* at 30 columns: key and title at their best, age, owner dropped */
    CHECK_INT(view_fit_columns(cols, NCOLS, 31, w), 3);
    CHECK(w[2] == 0);
    CHECK(w[3] > 0);
    CHECK(w[0] > 0 && w[1] >= 20);
    /* the essentials stay while their minimums fit */
    CHECK_INT(view_fit_columns(cols, NCOLS, 13, w), 2);
    CHECK_INT(w[0], 4);
    CHECK_INT(w[1], 8);
    CHECK_INT(view_fit_columns(cols, NCOLS, 5, w), 1);
    CHECK_INT(w[0], 5); /* grown toward its preferred width */
    CHECK(w[1] == 0 && w[2] == 0 && w[3] == 0);
}

static void rows_align_with_wide_and_combining_characters(void)
{
    struct view_ctx ctx;
    view_ctx_init(&ctx, false, 0);
    int w[NCOLS];
    view_fit_columns(cols, NCOLS, 60, w);
    const char *titles[] = {"plain title", "日本語のタイトルがとても長い場合", "cafe\xCC\x81 au lait",
                            "\xF0\x9F\x9A\x80 launch"};
    for (size_t t = 0; t < 4; t++) {
        struct vrow r;
        vrow_init(&r);
        r.n_cells = NCOLS;
        vcell_set(&r.cells[0], "B-1", NULL, TR_NORMAL, false);
        vcell_set(&r.cells[1], titles[t], NULL, TR_NORMAL, false);
        vcell_set(&r.cells[2], "ålice", NULL, TR_NORMAL, false);
        vcell_set(&r.cells[3], "3d", NULL, TR_NORMAL, false);
        struct strbuf sb;
        sb_init(&sb);
        view_row_format(cols, w, NCOLS, &r, &ctx, &sb);
        CHECK_INT(utf8_width(sb_str(&sb)), 60);
        /* the owner column starts at the same display column in every row */
        const char *owner = strstr(sb_str(&sb), "ålice");
        CHECK(owner != NULL);
        if (owner) {
            char *head = xstrndup(sb_str(&sb), (size_t)(owner - sb_str(&sb)));
            CHECK_INT(utf8_width(head), w[0] + 1 + w[1] + 1);
            free(head);
        }
        sb_fini(&sb);
        vrow_fini(&r);
    }
    struct strbuf head;
    sb_init(&head);
    view_row_format(cols, w, NCOLS, NULL, &ctx, &head);
    CHECK_INT(utf8_width(sb_str(&head)), 60);
    CHECK(strncmp(sb_str(&head), "Key ", 4) == 0);
    sb_fini(&head);
}

static void cells_are_sanitised_and_use_their_short_form(void)
{
    struct vcell c = {0};
    vcell_set(&c, "evil \033]0;pwned\a title", NULL, TR_NORMAL, false);
    CHECK(strchr(c.text, '\033') == NULL);
    CHECK(strchr(c.text, '\a') == NULL);
    CHECK_CONTAINS(c.text, "^[");
    vcell_set(&c, "● green", "●", TR_GREEN, false);
    struct strbuf sb;
    sb_init(&sb);
    view_cell_fit(&c, 3, false, false, &sb);
    CHECK_STR(sb_str(&sb), "●  ");
    sb_clear(&sb);
    view_cell_fit(&c, 7, false, false, &sb);
    CHECK_STR(sb_str(&sb), "● green");
    sb_fini(&sb);
    vcell_set(&c, "naïve", NULL, TR_NORMAL, true);
    CHECK_STR(c.text, "na?ve");
    free(c.text);
    free(c.alt);
}

static void selection_keeps_the_cursor_in_the_window(void)
{
    struct sel s = {0};
    s.height = 10;
    sel_set_total(&s, 100);
    CHECK_INT(s.cursor, 0);
    sel_move(&s, 12);
    CHECK_INT(s.cursor, 12);
    CHECK_INT(s.top, 3);
    sel_move(&s, -1000);
    CHECK_INT(s.cursor, 0);
    CHECK_INT(s.top, 0);
    sel_goto(&s, -1);
    CHECK_INT(s.cursor, 99);
    CHECK_INT(s.top, 90);
    sel_page(&s, -1, false);
    CHECK_INT(s.cursor, 89);
    CHECK_INT(s.top, 80);
    sel_page(&s, 1, true);
    CHECK_INT(s.cursor, 94);
    CHECK_INT(s.top, 85);
    sel_page(&s, 1, false);
    CHECK_INT(s.cursor, 99);
    CHECK_INT(s.top, 90);
    /* the list shrinks under the cursor */
    sel_set_total(&s, 5);
    CHECK_INT(s.cursor, 4);
    CHECK_INT(s.top, 0);
    sel_set_total(&s, 0);
    CHECK_INT(s.cursor, 0);
    CHECK_INT(s.top, 0);
    /* a million rows cost the same arithmetic */
    sel_set_total(&s, 1000000);
    sel_goto(&s, 999999);
    CHECK_INT(s.top, 999990);
    sel_set_height(&s, 3);
    CHECK_INT(s.top, 999997);
}

static void sparklines_bars_and_numbers(void)
{
    const struct glyphs *u = view_glyphs(false), *a = view_glyphs(true);
    double v[] = {1, 2, 3, 4, 5, 6, 7, 8};
    struct strbuf sb;
    sb_init(&sb);
    view_spark(v, 8, 8, u, &sb);
    CHECK_STR(sb_str(&sb), "▁▂▃▄▅▆▇█");
    sb_clear(&sb);
    view_spark(v, 8, 10, a, &sb);
    CHECK_STR(sb_str(&sb), "  _.:-=+*#");
    sb_clear(&sb);
    view_spark(v, 8, 3, u, &sb); /* the newest that fit, scaled among themselves */
    CHECK_INT(utf8_width(sb_str(&sb)), 3);
    CHECK_STR(sb_str(&sb), "▁▅█");
    sb_clear(&sb);
    double flat[] = {5, 5, 5};
    view_spark(flat, 3, 3, u, &sb);
    CHECK_STR(sb_str(&sb), "▄▄▄");
    sb_clear(&sb);
    view_bar(50, 6, u, &sb);
    CHECK_STR(sb_str(&sb), "███░░░");
    sb_clear(&sb);
    view_bar(70, 6, a, &sb);
    CHECK_STR(sb_str(&sb), "####..");
    sb_clear(&sb);
    view_bar(100, 4, u, &sb);
    CHECK_STR(sb_str(&sb), "████");
    sb_clear(&sb);
    view_fmt_value(1.2e6, "EUR", &sb);
    CHECK_STR(sb_str(&sb), "1.2M EUR");
    sb_clear(&sb);
    view_fmt_value(2.70, "%", &sb);
    CHECK_STR(sb_str(&sb), "2.7%");
    sb_clear(&sb);
    view_fmt_value(35500, NULL, &sb);
    CHECK_STR(sb_str(&sb), "35.5k");
    sb_clear(&sb);
    view_fmt_value(120, NULL, &sb);
    CHECK_STR(sb_str(&sb), "120");
    sb_clear(&sb);
    view_fmt_value(-0.034, NULL, &sb);
    CHECK_STR(sb_str(&sb), "-0.034");
    sb_fini(&sb);
    enum theme_role role;
    CHECK_STR(view_trend(u, true, 2, 3, DIRECTION_UP, &role), "↑");
    CHECK_INT(role, TR_GREEN);
    CHECK_STR(view_trend(u, true, 2, 3, DIRECTION_DOWN, &role), "↑");
    CHECK_INT(role, TR_RED);
    CHECK_STR(view_trend(a, false, 0, 3, DIRECTION_DOWN, &role), "=");
}

static void chart_draws_threshold_lines_with_labels(void)
{
    struct doc d;
    doc_init(&d, false);
    double v[] = {1, 2, 3, 4, 5, 6};
    struct chart_line lines[] = {{true, 4.5, "target", TR_GREEN}, {false, 0, "amber", TR_AMBER}};
    view_chart(&d, v, 6, 60, 8, lines, 2, "%", view_glyphs(false));
    int labelled = 0;
    for (size_t i = 0; i < d.n; i++) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(&d, i, &sb);
        if (strstr(sb_str(&sb), "target")) {
            labelled++;
            CHECK_CONTAINS(sb_str(&sb), "4.5");
            CHECK_CONTAINS(sb_str(&sb), "─");
        }
        CHECK(utf8_width(sb_str(&sb)) <= 60);
        sb_fini(&sb);
    }
    CHECK_INT(labelled, 1);
    doc_fini(&d);
}

/* A plot's glyphs go in as one run per role, in order. */
static void glyphs_merge_into_runs_of_one_role(void)
{
    struct doc d;
    doc_init(&d, false);
    struct doc_glyph g[] = {{"▁", TR_GREEN}, {"▂", TR_GREEN}, {"▇", TR_RED},
                            {"█", TR_RED},   {"▃", TR_RED},   {".", TR_GREEN}};
    doc_add_glyphs(&d, g, 6);
    doc_nl(&d);
    CHECK(d.n >= 1);
    CHECK_INT(d.lines[0].n, 3);
    if (d.lines[0].n == 3) {
        CHECK_STR(d.lines[0].spans[0].text, "▁▂");
        CHECK_INT(d.lines[0].spans[0].role, TR_GREEN);
        CHECK_STR(d.lines[0].spans[1].text, "▇█▃");
        CHECK_INT(d.lines[0].spans[1].role, TR_RED);
        CHECK_STR(d.lines[0].spans[2].text, ".");
    }
    doc_fini(&d);
}

static void line_editing_works_on_whole_characters(void)
{
    struct line_edit l;
    line_clear(&l);
    line_insert(&l, "h");
    line_insert(&l, "é");
    line_insert(&l, "日");
    CHECK_STR(l.buf, "hé日");
    CHECK_INT(line_cursor_col(&l), 4);
    line_backspace(&l);
    CHECK_STR(l.buf, "hé");
    line_left(&l);
    CHECK_INT(l.cur, 1);
    line_insert(&l, "x");
    CHECK_STR(l.buf, "hxé");
    line_delete(&l);
    CHECK_STR(l.buf, "hx");
    line_kill(&l);
    CHECK_STR(l.buf, "");
    CHECK_INT(l.len, 0);
}

static void history_walks_back_and_forth(void)
{
    struct history h;
    history_init(&h);
    history_add(&h, "theme light");
    history_add(&h, "goto B-1");
    history_add(&h, "goto B-1");
    history_add(&h, "");
    CHECK_INT(h.n, 2);
    CHECK_STR(history_prev(&h), "goto B-1");
    CHECK_STR(history_prev(&h), "theme light");
    CHECK_STR(history_prev(&h), "theme light");
    CHECK_STR(history_next(&h), "goto B-1");
    CHECK_STR(history_next(&h), "");
    history_fini(&h);
}

static void completion_extends_to_the_common_prefix(void)
{
    const char *cands[] = {"default", "dark", "light", "high-contrast"};
    struct line_edit l;
    struct strbuf shown;
    sb_init(&shown);
    line_set(&l, "theme li");
    CHECK_INT(view_complete(&l, cands, 4, &shown), 1);
    CHECK_STR(l.buf, "theme light ");
    line_set(&l, "theme d");
    sb_clear(&shown);
    CHECK_INT(view_complete(&l, cands, 4, &shown), 2);
    CHECK_STR(l.buf, "theme d");
    CHECK_STR(sb_str(&shown), "default dark");
    line_set(&l, "theme de");
    CHECK_INT(view_complete(&l, cands, 4, &shown), 1);
    CHECK_STR(l.buf, "theme default ");
    line_set(&l, "theme zz");
    CHECK_INT(view_complete(&l, cands, 4, &shown), 0);
    CHECK_STR(l.buf, "theme zz");
    sb_fini(&shown);
}

static void osc52_carries_base64(void)
{
    struct strbuf sb;
    sb_init(&sb);
    /* RFC 4648 test vectors */
    view_base64((const unsigned char *)"foobar", 6, &sb);
    CHECK_STR(sb_str(&sb), "Zm9vYmFy");
    sb_clear(&sb);
    view_base64((const unsigned char *)"fo", 2, &sb);
    CHECK_STR(sb_str(&sb), "Zm8=");
    sb_clear(&sb);
    view_osc52("foobar", &sb);
    CHECK_STR(sb_str(&sb), "\033]52;c;Zm9vYmFy\a");
    sb_fini(&sb);
}

static void headings_that_do_not_fit_use_a_short_form_an_ellipsis_or_none(void)
{
    static const struct col_spec hc[] = {
        {"Health", 1, 7, 7, 1, false, "H", false, 0},
        {"Blockers", 4, 8, 8, 1, true, NULL, false, 0},
    };
    struct view_ctx ctx;
    view_ctx_init(&ctx, false, 0);
    struct strbuf sb;
    sb_init(&sb);
    int w[2] = {1, 6};
    view_row_format(hc, w, 2, NULL, &ctx, &sb);
    /* a lone letter names nothing: a column of glyphs has no heading */
    CHECK_STR(sb_str(&sb), "  Block\xE2\x80\xA6");
    sb_clear(&sb);
    int full[2] = {7, 8};
    view_row_format(hc, full, 2, NULL, &ctx, &sb);
    CHECK_STR(sb_str(&sb), "Health  Blockers");
    sb_fini(&sb);
}

static void fixed_columns_reach_their_preferred_width_whole_or_stay_at_their_minimum(void)
{
    static const struct col_spec fc[] = {
        {"Title", 5, 10, 0, 1, false, NULL, false, 0},
        {"Health", 1, 7, 7, 2, false, "H", false, 0},
    };
    int w[2];
    /* the title at its preferred 10, a blank, the health word whole */
    view_fit_columns(fc, 2, 18, w);
    CHECK_INT(w[1], 7);
    CHECK_INT(w[0], 10);
    /* one column short: the glyph alone (never "■ "), the rest to the title */
    view_fit_columns(fc, 2, 17, w);
    CHECK_INT(w[1], 1);
    CHECK_INT(w[0], 15);
}

static void counts_are_sized_from_the_rows_shown(void)
{
    static const struct col_spec cc[] = {
        {"Name", 4, 8, 0, 1, false, NULL, false, 0},
        {"Blockers", 4, 8, 8, 2, true, "Blk", true, 0},
    };
    struct vrow rows[2];
    vrow_init(&rows[0]);
    vrow_init(&rows[1]);
    rows[0].n_cells = rows[1].n_cells = 2;
    vcell_set(&rows[0].cells[1], "6667 \xE2\x9C\xB1" "1234", "6667\xE2\x9C\xB1", TR_AMBER, false);
    vcell_set(&rows[1].cells[1], "3", NULL, TR_NORMAL, false);
    struct col_spec out[2];
    view_cols_from_rows(cc, 2, rows, 2, out);
    CHECK_INT(out[1].min, 5);  /* "6667✱" */
    CHECK_INT(out[1].pref, 10); /* "6667 ✱1234" */
    CHECK_INT(out[1].max, 10);
    CHECK_INT(out[0].pref, 8); /* not sized from data */
    int w[2];
    view_fit_columns(out, 2, 20, w);
    CHECK_INT(w[1], 10);
    struct strbuf sb;
    sb_init(&sb);
    view_cell_fit(&rows[0].cells[1], w[1], true, false, &sb);
    CHECK_STR(sb_str(&sb), "6667 \xE2\x9C\xB1" "1234");
    sb_fini(&sb);
    vrow_fini(&rows[0]);
    vrow_fini(&rows[1]);
}

static void documents_wrap_at_spaces_and_keep_their_links(void)
{
    struct doc d;
    doc_init(&d, false);
    doc_add(&d, TR_TITLE, "B-7  ");
    char title[600];
    memset(title, 0, sizeof title);
    for (int i = 0; i < 100; i++)
        strcat(title, "word ");
    doc_add(&d, TR_NORMAL, title);
    doc_nl(&d);
    doc_add(&d, TR_NORMAL, "  short");
    doc_link(&d, "projects", "ENG-1");
    doc_nl(&d);
    doc_add(&d, TR_NORMAL, "  a listed item whose line is much longer than the width allows");
    doc_link(&d, "blockers", "B-9");
    doc_nl(&d);
    doc_wrap(&d, 30);
    CHECK(d.n > 20);
    int words = 0;
    for (size_t i = 0; i < d.n; i++) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(&d, i, &sb);
        CHECK(utf8_width(sb_str(&sb)) <= 30);
        for (const char *p = sb_str(&sb); (p = strstr(p, "word")); p += 4)
            words++;
        sb_fini(&sb);
    }
    CHECK_INT(words, 100); /* nothing lost, no word cut */
    int first = doc_next_link(&d, 0, 1);
    CHECK(first > 0);
    CHECK_STR(d.lines[first].link_pane, "projects");
    CHECK_STR(d.lines[first].link_key, "ENG-1");
    /* a wrapped link line links on each of its lines, indented */
    int second = doc_next_link(&d, first + 1, 1);
    CHECK_STR(d.lines[second].link_key, "B-9");
    CHECK_STR(d.lines[second + 1].link_key, "B-9");
    struct strbuf sb;
    sb_init(&sb);
    doc_line_text(&d, (size_t)second + 1, &sb);
    CHECK(strncmp(sb_str(&sb), "    ", 4) == 0);
    sb_fini(&sb);
    int last = doc_next_link(&d, (int)d.n - 1, -1);
    CHECK(last > second);
    CHECK_STR(d.lines[last].link_key, "B-9");
    doc_fini(&d);
}

/* Under ASCII each mark has one meaning: text cut is not near an SLA, amber
 * is not past one. Overdue and breached share "!": both are past a due
 * time. */
static void ascii_marks_each_mean_one_thing(void)
{
    for (int ascii = 0; ascii <= 1; ascii++) {
        const struct glyphs *g = view_glyphs(ascii);
        const char *marks[] = {g->ellipsis, g->sla_near, g->breached, g->health[0],
                               g->health[1], g->health[2], g->health[3], g->up,
                               g->down,     g->flat,     g->blocked,  g->dep_risk,
                               g->mark_new};
        size_t n = sizeof marks / sizeof marks[0];
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (strcmp(marks[i], marks[j]) == 0) {
                    fprintf(stderr, "%s: marks %zu and %zu are both '%s'\n",
                            ascii ? "ascii" : "unicode", i, j, marks[i]);
                    CHECK(false);
                }
        CHECK_STR(g->overdue, g->breached);
    }
    CHECK_STR(view_glyphs(true)->ellipsis, ">");
    CHECK_STR(view_glyphs(true)->sla_near, "~");
    CHECK_STR(view_glyphs(true)->health[2], "^");
}

/* A grid's row: each cell links on its own, the cursor finds the one
 * under a column, and the focus the view names survives wrapping. */
static void document_cells_link_on_their_own(void)
{
    struct doc d;
    doc_init(&d, false);
    doc_add(&d, TR_TITLE, "a heading long enough to be wrapped at twenty columns");
    doc_nl(&d);
    doc_add_raw(&d, TR_NORMAL, "  ");
    doc_add_cell(&d, TR_NORMAL, "OPS  ", "flow", "OPS");
    doc_add_raw(&d, TR_NORMAL, " ");
    doc_add_cell(&d, TR_DIM, "  ·", "flow", "OPS>ENG");
    doc_add_raw(&d, TR_NORMAL, " ");
    doc_add_cell(&d, TR_RED, " 4!", "flow", "OPS>LEG");
    doc_focus_here(&d);
    doc_nl(&d);
    doc_add(&d, TR_NORMAL, "a plain line");
    doc_nl(&d);
    CHECK_INT(d.focus_line, 1);
    CHECK_INT(d.focus_cell, 2);
    doc_wrap(&d, 20);
    CHECK(d.n > 3);
    int row = doc_next_link(&d, 0, 1);
    CHECK_INT(row, d.focus_line); /* the heading took more lines: the focus moved with its row */
    CHECK_INT(d.focus_cell, 2);
    CHECK_INT((int)d.lines[row].n_cells, 3);
    const char *pane = NULL, *key = NULL;
    CHECK(doc_link_at(&d, row, 0, &pane, &key));
    CHECK_STR(pane, "flow");
    CHECK_STR(key, "OPS");
    CHECK(doc_link_at(&d, row, 2, &pane, &key));
    CHECK_STR(key, "OPS>LEG");
    CHECK(!doc_link_at(&d, row, 3, &pane, &key));
    CHECK(!doc_link_at(&d, row + 1, 0, &pane, &key)); /* the plain line */
    /* columns: "  OPS    ·  4!" -> cells at 2, 8 and 12 */
    CHECK_INT(d.lines[row].cells[1].x, 8);
    CHECK_INT(d.lines[row].cells[2].x, 12);
    CHECK_INT(doc_cell_near(&d, row, doc_cell_mid(&d, row, 1)), 1);
    CHECK_INT(doc_cell_near(&d, row, 100), 2);
    CHECK_INT(doc_cell_near(&d, row, -1), 0);
    CHECK_INT(doc_cell_mid(&d, row, 5), -1);
    doc_fini(&d);
}

/* A detail view's cursor goes from one line that opens something to the
 * next: never onto a blank line, a heading or a field, nor onto the second
 * line of a wrapped item, and it stays in view. */
static void detail_cursor_skips_lines_that_open_nothing(void)
{
    struct doc d;
    doc_init(&d, false);
    doc_add(&d, TR_TITLE, "OPS  Operations"); /* 0 */
    doc_nl(&d);
    doc_nl(&d);                               /* 1 blank */
    doc_field(&d, "Lead", 8, TR_NORMAL, "bob"); /* 2 field */
    doc_nl(&d);                               /* 3 blank */
    doc_add(&d, TR_TITLE, "Projects");        /* 4 heading */
    doc_nl(&d);
    doc_link(&d, "projects", "OPS-1");
    doc_add(&d, TR_NORMAL, "OPS-1 a long title that wraps onto a second line");
    doc_nl(&d);                               /* 5, 6 after wrapping */
    doc_nl(&d);
    doc_link(&d, "projects", "OPS-2");
    doc_add(&d, TR_NORMAL, "OPS-2 short");
    doc_nl(&d);
    for (int i = 0; i < 6; i++) {
        doc_add(&d, TR_NORMAL, "history line");
        doc_nl(&d);
    }
    doc_wrap(&d, 30);
    int n = (int)d.n;
    CHECK(n >= 15);
    int a = doc_next_link(&d, 0, 1), b = doc_next_link(&d, a + 2, 1);
    CHECK_INT(a, 5);
    CHECK(b > a + 1);
    int top = 0, cur = 0, body = 6;
    doc_cursor_move(&d, body, CMD_DOWN, &top, &cur); /* from the title: the first item */
    CHECK_INT(cur, a);
    doc_cursor_move(&d, body, CMD_DOWN, &top, &cur); /* over the wrapped line and the blank */
    CHECK_INT(cur, b);
    CHECK(cur >= top && cur < top + body);
    doc_cursor_move(&d, body, CMD_UP, &top, &cur);
    CHECK_INT(cur, a);
    doc_cursor_move(&d, body, CMD_BOTTOM, &top, &cur);
    CHECK_INT(cur, b);
    CHECK(cur >= top && cur < top + body);
    /* past the last item j reads on while the cursor stays in view */
    top = b - 1;
    for (int i = 0; i < 20; i++) {
        doc_cursor_move(&d, body, CMD_DOWN, &top, &cur);
        CHECK_INT(cur, b);
        CHECK(cur >= top && cur < top + body);
    }
    CHECK_INT(top, b);
    doc_cursor_move(&d, body, CMD_TOP, &top, &cur);
    CHECK_INT(cur, a);
    CHECK_INT(top, 0);
    doc_fini(&d);

    /* nothing to open: the keys scroll */
    doc_init(&d, false);
    for (int i = 0; i < 20; i++) {
        doc_add(&d, TR_NORMAL, "text");
        doc_nl(&d);
    }
    top = cur = 0;
    doc_cursor_move(&d, 5, CMD_DOWN, &top, &cur);
    CHECK_INT(top, 1);
    doc_cursor_move(&d, 5, CMD_BOTTOM, &top, &cur);
    CHECK_INT(top, (int)d.n - 5);
    doc_fini(&d);
}

/* A scrolled view never starts past its last screenful nor before its
 * first line, and its border says which lines show. */
static void scrolled_views_stay_in_their_document(void)
{
    CHECK_INT(doc_clamp_top(30, 40, 15), 25);
    CHECK_INT(doc_clamp_top(-3, 40, 15), 0);
    CHECK_INT(doc_clamp_top(4, 10, 15), 0); /* shorter than the screen */
    CHECK_INT(doc_clamp_top(12, 40, 15), 12);
    char note[32];
    doc_shown_note(25, 15, 40, note, sizeof note);
    CHECK_STR(note, "26-40 of 40");
    doc_shown_note(0, 15, 10, note, sizeof note);
    CHECK_STR(note, "1-10 of 10");
    doc_shown_note(0, 15, 0, note, sizeof note);
    CHECK_STR(note, "0-0 of 0");
}

/* Messages, hints and notes too long for their room end after a whole
 * word, never inside one. */
static void text_is_fitted_at_word_boundaries(void)
{
    struct strbuf sb;
    sb_init(&sb);
    view_fit_words("(likely: similar words in the title)", 20, false, &sb);
    CHECK_STR(sb_str(&sb), "(likely: similar\xE2\x80\xA6");
    sb_clear(&sb);
    view_fit_words("! not a time: YYYY-MM-DD or YYYY-MM-DD HH:MM", 30, true, &sb);
    CHECK_STR(sb_str(&sb), "! not a time: YYYY-MM-DD or>");
    sb_clear(&sb);
    view_fit_words("C-o lists the choices", 8, false, &sb);
    CHECK_STR(sb_str(&sb), "C-o\xE2\x80\xA6");
    sb_clear(&sb);
    view_fit_words("fits", 8, false, &sb);
    CHECK_STR(sb_str(&sb), "fits");
    sb_clear(&sb);
    view_fit_words("unbreakable", 6, false, &sb); /* one word: cut with the mark */
    CHECK_STR(sb_str(&sb), "unbre\xE2\x80\xA6");
    sb_fini(&sb);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(columns_fill_the_width_exactly);
    RUN(ascii_marks_each_mean_one_thing);
    RUN(narrowing_drops_the_least_important_first);
    RUN(rows_align_with_wide_and_combining_characters);
    RUN(cells_are_sanitised_and_use_their_short_form);
    RUN(headings_that_do_not_fit_use_a_short_form_an_ellipsis_or_none);
    RUN(fixed_columns_reach_their_preferred_width_whole_or_stay_at_their_minimum);
    RUN(counts_are_sized_from_the_rows_shown);
    RUN(documents_wrap_at_spaces_and_keep_their_links);
    RUN(detail_cursor_skips_lines_that_open_nothing);
    RUN(scrolled_views_stay_in_their_document);
    RUN(text_is_fitted_at_word_boundaries);
    RUN(document_cells_link_on_their_own);
    RUN(selection_keeps_the_cursor_in_the_window);
    RUN(sparklines_bars_and_numbers);
    RUN(chart_draws_threshold_lines_with_labels);
    RUN(glyphs_merge_into_runs_of_one_role);
    RUN(line_editing_works_on_whole_characters);
    RUN(history_walks_back_and_forth);
    RUN(completion_extends_to_the_common_prefix);
    RUN(osc52_carries_base64);
    return check_report();
}
