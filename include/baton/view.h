/*
 * view: what the cockpit shows, computed without a terminal. Columns that
 * fit a width (dropping the least important first), rows of sanitised
 * cells, selection and scrolling over a window of rows, glyph sets
 * (Unicode, or ASCII under a non-UTF-8 locale), sparklines, progress bars,
 * styled documents for detail views, and the line editor with history and
 * completion used by the filter and the command line.
 *
 * Nothing here includes curses; the UI paints what these functions return.
 * Text is always display-width aware (utf8_width), never byte counted.
 */
#ifndef BATON_VIEW_H
#define BATON_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/model.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/theme.h"
#include "baton/timeutil.h"

/* ---- glyphs ---- */

struct glyphs {
    bool ascii;
    const char *hl, *vl, *tl, *tr, *bl, *br; /* box drawing */
    const char *fhl, *fvl, *ftl, *ftr, *fbl, *fbr; /* the focused box: heavy lines */
    const char *health[4];                   /* by enum health: unknown, green, amber, red */
    const char *up, *down, *flat;            /* trend arrows */
    const char *spark[8];                    /* lowest to highest */
    const char *bar_full, *bar_empty;
    const char *bar_part[8]; /* 0..7 eighths of a cell (bar_part[0] = empty) */
    const char *ellipsis;
    const char *blocked;  /* a project with an open blocker */
    const char *dep_risk; /* a project depending on one at risk */
    const char *unaligned; /* an active project that serves no objective */
    const char *mark_new; /* new blockers */
    const char *overdue;
    const char *breached;
    const char *sla_near; /* under a quarter of the SLA left */
    const char *sort_up, *sort_down;
    const char *selected; /* the narrowed department */
    const char *dot;      /* separator in headers */
};

/* Under ASCII every mark keeps one meaning: ">" ends cut text (as in less
 * and vim), "~" is near the SLA, "!" past a due time or the SLA, "^" amber,
 * "/" "\\" "=" the trend. */
const struct glyphs *view_glyphs(bool ascii);

/* Everything the formatting functions need to know about the screen. */
struct view_ctx {
    const struct glyphs *g;
    bool ascii;
    btime now;
    int range; /* the time range charts cover: enum chart_range */
    /* How many rows of a long list a detail reads (0: as many as it ever
     * shows): the cockpit asks for a few screens and for more as the
     * cursor comes down to the end of what was read. */
    int list_rows;
};
void view_ctx_init(struct view_ctx *ctx, bool ascii, btime now);

/* "● green", "▲ amber", "■ red", "? unknown" (ASCII: o ! X ?). */
const char *view_health_word(enum health h);
enum theme_role view_health_role(enum health h);
enum theme_role view_severity_role(int severity);

/* ---- columns ---- */

struct col_spec {
    const char *name; /* heading */
    int min;          /* below this the column is dropped */
    int pref;         /* what it needs to read well (0 = min) */
    int max;          /* never wider; 0 = flexible: takes what is left */
    int prio;         /* 1 = most important; larger numbers are dropped first */
    bool right;       /* right-aligned */
    const char *abbr; /* heading when name does not fit ("H" for "Health"), or NULL */
    bool from_data;   /* pref and max follow the widest cell shown (counts, values):
                         a number column is as wide as its widest value */
    int want;         /* set by view_cols_from_rows for flexible columns: the
                         widest text shown, which they grow to before fixed
                         columns grow past their preferred width */
};

/* Widths of n columns in width display columns, one space between shown
 * columns; a dropped column gets 0. Columns are taken by priority while
 * the ones already taken (at their preferred width) and this one (at its
 * minimum) fit, so a terminal that narrows drops the least important
 * columns rather than cutting every column short; the essentials
 * (priority 1) are kept while their minimums fit. Then every shown column
 * grows to its preferred width, the flexible (text) ones to the widest
 * text shown (want), then the fixed ones to their max, most important
 * first; what remains goes to the flexible ones. Returns the number shown. */
int view_fit_columns(const struct col_spec *cols, int n, int width, int *widths);

/* A cell: sanitised text, a shorter alternative for when it does not fit
 * (may be NULL), and the theme role to draw it in. */
struct vcell {
    char *text;
    char *alt;
    enum theme_role role;
};

#define VIEW_MAX_COLS 12

/* One row of a pane: the item's identity and its cells. */
struct vrow {
    int64_t id;
    char *key;   /* raw key, for goto, copy and detail */
    char *title; /* raw title or name, for copy */
    char *dept;  /* department key the row belongs to, for narrowing */
    char *dept2; /* a second department it concerns (a blocker's project's), or NULL */
    struct vcell cells[VIEW_MAX_COLS];
    int n_cells;
    /* A sparkline column is drawn from values at the column's width. */
    int spark_col; /* -1 when none */
    double *spark; /* oldest first */
    int n_spark;
};

/* Sets a cell from text that may come from the database (sanitised here). */
void vcell_set(struct vcell *c, const char *text, const char *alt, enum theme_role role,
               bool ascii);
void vcell_setf(struct vcell *c, enum theme_role role, bool ascii, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void vrow_init(struct vrow *r); /* zeroed, no sparkline */
void vrow_fini(struct vrow *r);
void vrow_list_free(struct vrow *v, size_t n);

/* Appends s fitted to width columns, never cut mid-word: when wider, it
 * ends at the last space that leaves room for the ellipsis (a single word
 * longer than that is cut with it). No padding. */
void view_fit_words(const char *s, int width, bool ascii, struct strbuf *out);
/* Appends the cell cut or padded to exactly width columns (alt used when
 * text is wider than width and alt fits better). */
void view_cell_fit(const struct vcell *c, int width, bool right, bool ascii, struct strbuf *sb);
/* Cell i of r at width (the sparkline drawn when i is its column). */
void view_row_cell(const struct vrow *r, int i, int width, bool right,
                   const struct view_ctx *ctx, struct strbuf *sb);
/* A whole row (or the headings when r is NULL) as one line of exactly the
 * sum of the shown widths plus one space between columns. */
void view_row_format(const struct col_spec *cols, const int *widths, int n,
                     const struct vrow *r, const struct view_ctx *ctx, struct strbuf *sb);
/* Copies n column specs into out, sizing the from_data ones from rows: the
 * minimum fits the widest short form, the preferred width and the max the
 * widest full text, so a count never loses digits or its mark to a static
 * width and is never padded past its values. Flexible columns (text) learn
 * the widest text shown (want). */
void view_cols_from_rows(const struct col_spec *cols, int n, const struct vrow *rows,
                         size_t n_rows, struct col_spec *out);

/* ---- selection and scrolling ---- */

/* A cursor over total rows, of which height are visible from top. */
struct sel {
    int64_t total;
    int64_t cursor;
    int64_t top;
    int height;
};

void sel_clamp(struct sel *s); /* cursor in range and visible, top in range */
void sel_set_total(struct sel *s, int64_t total);
void sel_set_height(struct sel *s, int height);
void sel_move(struct sel *s, int64_t delta);
void sel_goto(struct sel *s, int64_t index); /* -1 = last */
/* Pages scroll the window with the cursor, like less: dir +1 or -1, half
 * for half a page. */
void sel_page(struct sel *s, int dir, bool half);

/* ---- small formats ---- */

/* Sparkline of values (oldest first) in exactly width columns, right
 * aligned; fewer values than width leave blanks on the left. */
void view_spark(const double *v, int n, int width, const struct glyphs *g, struct strbuf *sb);
/* A progress bar of exactly width columns followed by nothing; eighths
 * under Unicode. */
void view_bar(int percent, int width, const struct glyphs *g, struct strbuf *sb);
/* one when n is 1, else many: "%d %s", n, view_plural(n, "note", "notes"). */
const char *view_plural(long long n, const char *one, const char *many);
/* A compact number: 1.2M, 35.5k, 2.7, 120; with unit appended ("2.7%",
 * "1.2M EUR"). */
void view_fmt_value(double v, const char *unit, struct strbuf *sb);
/* The trend arrow of latest against previous, and whether that is good. */
const char *view_trend(const struct glyphs *g, bool has_prev, double prev, double value,
                       enum direction dir, enum theme_role *role);

/* ---- styled documents (detail views, help) ---- */

struct doc_span {
    char *text;
    enum theme_role role;
};
/* A piece of a line that links on its own (a cell of a grid): from column
 * x (display columns from the line's start), w columns wide. */
struct doc_cell {
    int x, w;
    const char *pane;
    char *key;
};
struct doc_line {
    struct doc_span *spans;
    size_t n;
    /* the item this line is about, opened by Enter in a detail view:
     * a pane class name ("projects") and a key; both NULL when none */
    const char *link_pane;
    char *link_key;
    /* or several, side by side (a grid's row): the cursor moves between
     * them with h and l; a line with cells has no link of its own */
    struct doc_cell *cells;
    size_t n_cells;
};
struct doc {
    bool ascii;
    char *title;
    struct doc_line *lines;
    size_t n, cap;
    /* where the cursor starts, when the view names a place (has_focus) */
    bool has_focus;
    int focus_line, focus_cell;
    /* a list in it stopped at the view_ctx's list_rows: read with more
     * rows, it shows more */
    bool more;
};

void doc_init(struct doc *d, bool ascii);
void doc_fini(struct doc *d);
/* Text from the data beyond this many bytes is cut before it is shown:
 * the longest text baton accepts is shown whole, and a longer one that
 * reached the database some other way cannot stall the screen. */
#define DOC_TEXT_MAX TEXT_FREE_MAX

/* Appends text (sanitised, cut at DOC_TEXT_MAX) to the current line in role. */
void doc_add(struct doc *d, enum theme_role role, const char *text);
/* text sanitised and cut at DOC_TEXT_MAX, with a mark saying so; caller frees. */
char *doc_bounded(const char *text, bool ascii);
void doc_addf(struct doc *d, enum theme_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends already safe text (glyphs, lines drawn by the view) unsanitised. */
void doc_add_raw(struct doc *d, enum theme_role role, const char *text);
/* One glyph of a plot in its role; doc_add_glyphs appends n of them as
 * doc_add_raw, one run per role. */
struct doc_glyph {
    const char *glyph;
    enum theme_role role;
};
void doc_add_glyphs(struct doc *d, const struct doc_glyph *c, int n);
void doc_nl(struct doc *d); /* ends the current line */
/* Makes the current line a link to item key of pane class pane_name (a
 * static string: "projects", "blockers" ...). */
void doc_link(struct doc *d, const char *pane_name, const char *key);
/* Appends text (as doc_add_raw) as a cell of the current line that links
 * on its own to key of pane class pane_name. */
void doc_add_cell(struct doc *d, enum theme_role role, const char *text, const char *pane_name,
                  const char *key);
/* Makes the cursor start on the current line (and its last cell, if any). */
void doc_focus_here(struct doc *d);
/* The link under a cursor on line, cell (the line's own when it has no
 * cells): false when there is none; pane and key are borrowed. */
bool doc_link_at(const struct doc *d, int line, int cell, const char **pane, const char **key);
/* The cell of line whose middle is nearest column x (0 without cells). */
int doc_cell_near(const struct doc *d, int line, int x);
/* The middle column of cell of line, or -1 when the line has no such cell. */
int doc_cell_mid(const struct doc *d, int line, int cell);
/* Breaks every line wider than width at spaces (a word longer than a line
 * at any character); continuation lines are indented two columns past the
 * line's own indentation and keep its link. */
void doc_wrap(struct doc *d, int width);
/* The same with continuation lines indented hang columns (a hanging
 * indent: the help overlay's descriptions). */
void doc_wrap_hang(struct doc *d, int width, int hang);
/* Fits the line being built to width columns: when wider, span cut (the
 * title; -1 for none) is shortened and ends in an ellipsis, keeping the
 * spans after it (state, severity, SLA) whole; only when those alone are
 * too wide is the end of the line cut, also with an ellipsis. */
void doc_fit(struct doc *d, int width, int cut);
/* The same for line number line. */
void doc_fit_line(struct doc *d, size_t line, int width, int cut);
/* The index of the first link line (a link or cells) at or after from
 * going dir (+1 or -1), or -1. */
int doc_next_link(const struct doc *d, int from, int dir);
/* Moves the cursor of a document shown body lines at a time from *top
 * (a detail view) by a motion command (CMD_DOWN, CMD_UP, CMD_TOP,
 * CMD_BOTTOM, pages): the cursor goes only to lines that open something
 * (doc_next_link), skipping blank lines, headings and fields, and the view
 * follows it. Past the last such line j scrolls on while the cursor stays
 * in view (k likewise before the first); a page that shows no such line
 * scrolls alone. A document without any scrolls. */
void doc_cursor_move(const struct doc *d, int body, int c, int *top, int *cur);
/* The first line to show of lines lines in body rows, asked to start at
 * top: never past the last screenful, never before the first line. */
int doc_clamp_top(int top, int lines, int body);
/* "3-20 of 45": which of lines lines show from top in body rows. */
void doc_shown_note(int top, int body, int lines, char *out, size_t n);
/* "label: value" with the label in the column role, padded to lw columns. */
void doc_field(struct doc *d, const char *label, int lw, enum theme_role role,
               const char *value);
/* The text of line i without styles (for tests and copy). */
void doc_line_text(const struct doc *d, size_t i, struct strbuf *sb);

/* A chart of values (oldest first) in width x height cells with
 * horizontal lines at target and the thresholds (each optional). Lines are
 * appended to d with a left axis of labels. */
struct chart_line {
    bool on;
    double value;
    const char *label; /* "target", "amber", "red" */
    enum theme_role role;
};
void view_chart(struct doc *d, const double *v, int n, int width, int height,
                const struct chart_line *lines, int n_lines, const char *unit,
                const struct glyphs *g);

/* ---- presence: who else has the cockpit open ---- */

struct presence; /* store.h */

/* The header's "who else is here": the other sessions' logins, each once
 * in the order given, as "alice, bob here", fitted to width columns: the
 * names that do not fit become "+N more" ("alice +3 more here"), and when
 * not even one fits, "4 others here". "only you here" when n is 0. A
 * cockpit of the same login (self) elsewhere reads "you@pts/4". Logins
 * are sanitised. */
void view_presence_names(const struct presence *v, size_t n, const char *self, int width,
                         bool ascii, struct strbuf *out);
/* Whether a session looking at what ("blocker B-7", "triage B-7") has the
 * item key open. */
bool view_presence_about(const char *what, const char *key);
/* The sessions that have key open, as "bob (pts/3), carol"; returns how
 * many. */
size_t view_presence_on(const struct presence *v, size_t n, const char *key, bool ascii,
                        struct strbuf *out);

/* ---- the clipboard ---- */

/* The OSC 52 sequence that asks the terminal to put text on the
 * clipboard (base64). It is sent as is also inside tmux: tmux's
 * set-clipboard option (default "external") forwards it to the outer
 * terminal, or ("on") keeps it as a paste buffer too, whereas a DCS
 * passthrough wrapper would be dropped unless allow-passthrough is on. */
void view_osc52(const char *text, struct strbuf *out);
void view_base64(const unsigned char *data, size_t n, struct strbuf *out);

/* ---- line editing ---- */

#define LINE_MAX_BYTES 512

struct line_edit {
    char buf[LINE_MAX_BYTES];
    size_t len;
    size_t cur; /* byte offset of the cursor */
};

void line_clear(struct line_edit *l);
void line_set(struct line_edit *l, const char *s);
bool line_insert(struct line_edit *l, const char *utf8); /* false when full */
void line_backspace(struct line_edit *l); /* removes one whole character */
void line_delete(struct line_edit *l);
void line_left(struct line_edit *l);
void line_right(struct line_edit *l);
void line_kill(struct line_edit *l); /* Ctrl-u: removes up to the cursor */
int line_cursor_col(const struct line_edit *l); /* display column of the cursor */

#define HISTORY_MAX 100

struct history {
    char *items[HISTORY_MAX]; /* oldest first */
    int n;
    int pos; /* n when not browsing */
};

void history_init(struct history *h);
void history_fini(struct history *h);
void history_add(struct history *h, const char *s); /* skips empty and repeats */
/* Moves through the history; returns the entry, or "" past the newest. */
const char *history_prev(struct history *h);
const char *history_next(struct history *h);
void history_reset(struct history *h);

/* Completes the last word of line from cands. Candidates that start with
 * the word are gathered; the line grows to their longest common prefix
 * (plus a space when only one matched). Returns how many matched; the
 * matches are listed into shown (space separated) when more than one. */
int view_complete(struct line_edit *l, const char *const *cands, size_t n,
                  struct strbuf *shown);

#endif
