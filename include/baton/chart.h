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

enum chart_range { CHART_30D, CHART_90D, CHART_YEAR, CHART_ALL, CHART_RANGE_COUNT };
#define CHART_RANGE_DEFAULT CHART_90D

/* "30 days", "90 days", "year", "all". */
const char *chart_range_name(int r);
/* Days the range reaches back from now; 0 = every reading. */
int chart_range_days(int r);
/* The next (dir > 0) or previous range, wrapping around. */
int chart_range_step(int r, int dir);

#endif
