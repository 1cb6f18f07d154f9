/*
 * chart: the indicator detail view's chart, computed without a terminal.
 * Readings arrive already aggregated into time buckets (indicator_chart:
 * one bucket per column, so the chart costs the same for ten readings or
 * a hundred thousand); this draws them as bars of eighth blocks (ASCII
 * under a non-UTF-8 locale) with the target and thresholds as labelled
 * horizontal lines, a value axis and a date axis.
 *
 * The time range a chart covers is one of a few fixed choices, stepped
 * through by the detail view's range keys.
 */
#ifndef BATON_CHART_H
#define BATON_CHART_H

#include <stdbool.h>

#include "baton/indicator.h"
#include "baton/view.h"

enum chart_range { CHART_30D, CHART_90D, CHART_YEAR, CHART_ALL, CHART_RANGE_COUNT };
#define CHART_RANGE_DEFAULT CHART_90D

/* "30 days", "90 days", "year", "all". */
const char *chart_range_name(int r);
/* Days the range reaches back from now; 0 = every reading. */
int chart_range_days(int r);
/* The next (dir > 0) or previous range, wrapping around. */
int chart_range_step(int r, int dir);

/* A horizontal line across the chart: the target or a threshold. */
struct chart_mark {
    bool on;
    double value;
    const char *label;  /* "target", "amber", "red": the value is added */
    enum theme_role role;
    bool dashed;        /* thresholds are dashed, the target solid (Unicode only) */
};

/* The value axis's labels take this many columns, right aligned. */
#define CHART_AXIS_W 10

/* Columns of the plot in a chart width columns wide: what the value axis
 * and the longest mark label leave (at least 4). Ask indicator_chart for
 * this many buckets. ind formats the values (NULL: view_fmt_value). */
int chart_plot_width(const struct indicator *ind, const struct chart_mark *marks, int n_marks,
                     int width);

/* Appends the chart to d: height rows of bars, the time axis, then a line
 * of dates (start, middle, end). Buckets b[0..n) are oldest first; each
 * column draws its bucket's latest reading as a bar of eighth blocks (or
 * . : | # under ascii) in the colour of that reading's status, and a gap
 * between two readings holds the earlier value, as the figure did. Empty
 * columns before the first and after the last reading stay empty. When n
 * is not the plot width, columns take the latest reading of the buckets
 * under them. The value axis is labelled with the highest and lowest value
 * shown; each mark is a line in its role labelled "target 95%" on the
 * right (a mark in a row another already draws gets its label on the
 * nearest free row). */
void chart_draw(struct doc *d, const struct chart_bucket *b, int n, const struct chart_mark *marks,
                int n_marks, const struct indicator *ind, int width, int height,
                const struct glyphs *g);

#endif
