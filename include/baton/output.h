/*
 * output: how the command line prints rows. A command fills a struct out
 * (named columns, rows of text cells) and renders it in one of four
 * formats: an aligned table for people, JSON, CSV or Markdown for
 * programs and documents. Producing the rows is apart from where they go,
 * so every listing command gets every format for free.
 *
 * Cells come from the database and from files: the table writer passes
 * them through utf8_sanitize so that escape sequences are shown, never
 * sent to the terminal; JSON escapes control characters and replaces
 * invalid UTF-8; CSV quotes per RFC 4180 and defuses spreadsheet formulas;
 * Markdown escapes pipes and newlines.
 */
#ifndef BATON_OUTPUT_H
#define BATON_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "baton/str.h"

enum out_format { OUT_TABLE = 0, OUT_JSON, OUT_CSV, OUT_MD };

/* How JSON writes a column's cells; a NULL cell is null in every type. */
enum out_type {
    OUT_STR = 0, /* a string */
    OUT_NUM,     /* a number, written bare (right-aligned in tables) */
    OUT_BOOL,    /* "true" or "false", written bare */
    OUT_LIST,    /* space-separated words, written as an array of strings */
    OUT_TIME,    /* a stored UTC time: JSON and CSV keep it; tables and Markdown, which
                    people read, show it in the person's zone (time_show) */
    OUT_KEY,     /* a string that names the row (a long key): a table too wide for the
                    terminal cuts it only when no other text column can give more */
};

struct out_col {
    const char *name; /* the JSON field name; tables print it upper-cased */
    enum out_type type;
};

/* A grid of cells. The struct owns its cells; the columns are borrowed. */
struct out {
    const struct out_col *cols;
    size_t n_cols;
    char **cells; /* n_rows * n_cols, row by row; NULL = absent */
    size_t n_rows, cap_rows;
};

struct out_opts {
    int width;   /* tables: fit in this many columns by cutting long cells; 0 = no limit */
    bool ascii;  /* tables: non-UTF-8 locale, non-ASCII shown as '?' */
    bool header; /* tables: print the heading line (default on with out_opts_default) */
};

struct out_opts out_opts_default(void);

/* "table", "json", "csv", "md" (also "markdown"). */
bool out_format_parse(const char *s, enum out_format *out);
const char *out_format_name(enum out_format f);

void out_init(struct out *o, const struct out_col *cols, size_t n_cols);
void out_fini(struct out *o);
/* Appends an empty row (every cell NULL); the next out_set calls fill it. */
void out_row(struct out *o);
/* Sets cell col of the last row to a copy of text (NULL = absent). */
void out_set(struct out *o, size_t col, const char *text);
void out_setf(struct out *o, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void out_set_long(struct out *o, size_t col, long long v);
/* Shortest text that reads back as the same double ("2.5", "1200000"). */
void out_set_double(struct out *o, size_t col, double v);
void out_set_bool(struct out *o, size_t col, bool v);
const char *out_cell(const struct out *o, size_t row, size_t col);

/* Appends the whole grid to sb in format f. JSON is an array of objects
 * whose field names are the column names; CSV has a header line; every
 * format ends with a newline (an empty JSON array is "[]\n"). */
void out_render(struct strbuf *sb, const struct out *o, enum out_format f,
                const struct out_opts *opts);
/* Empties o of rows, keeping its columns and memory. */
void out_clear(struct out *o);
/* The rows of a listing too large to hold, rendered as they come: begin
 * writes what precedes the first row (CSV's and Markdown's heading), rows
 * appends o's rows (the caller then clears o and fills the next ones), end
 * what follows the last row. Together they write what out_render writes
 * for all the rows at once; not for tables, whose widths need every row. */
struct out_stream {
    enum out_format f;
    size_t rows; /* written so far */
};
void out_stream_begin(struct out_stream *os, struct strbuf *sb, const struct out *o,
                      enum out_format f);
void out_stream_rows(struct out_stream *os, struct strbuf *sb, const struct out *o);
void out_stream_end(struct out_stream *os, struct strbuf *sb);
/* One row as a record for people: "name   value" lines, names aligned,
 * values sanitised, a value's own line breaks kept as indented lines. */
void out_render_record(struct strbuf *sb, const struct out *o, size_t row,
                       const struct out_opts *opts);
/* One JSON object for row (no newline), as inside out_render's array. */
void out_render_json_object(struct strbuf *sb, const struct out *o, size_t row);

/* A stream for everything a command prints on a terminal: what is written
 * to it reaches `to` with line feeds and tabs as they are and every other
 * control character, C1 control and bidi control shown in utf8_sanitize's
 * visible form (ascii: non-ASCII as '?'), whatever the format. Closing it
 * flushes `to` and leaves it open. NULL when no stream could be made. */
FILE *out_terminal_open(FILE *to, bool ascii);

/* The pieces, for callers that build their own documents. */
void out_json_string(struct strbuf *sb, const char *s); /* with the quotes; NULL -> null */
void out_csv_cell(struct strbuf *sb, const char *s);
void out_md_cell(struct strbuf *sb, const char *s);
/* Formats v as the shortest text that reads back as the same double. */
void out_fmt_double(double v, char buf[40]);

#endif
