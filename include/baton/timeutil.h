/*
 * timeutil: baton's clock and its time formats. All stored times are UTC
 * ISO-8601 text ("2026-11-26T09:00:00Z"); dates are "YYYY-MM-DD".
 * $BATON_NOW (ISO-8601) freezes the clock, for tests.
 */
#ifndef BATON_TIMEUTIL_H
#define BATON_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t btime; /* seconds since the Unix epoch, UTC */

btime time_now(void);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS" with an
 * optional "Z" or "+HH:MM"/"-HH:MM" (a space may replace the T). Dates
 * that do not exist (2026-02-30) are refused. Without an offset, UTC. */
bool time_parse(const char *s, btime *out);

void time_fmt_iso(btime t, char out[32]);  /* 2026-11-26T09:00:00Z */
void time_fmt_date(btime t, char out[16]); /* 2026-11-26 */
void time_fmt_hm(btime t, char out[16]);   /* 09:00 (UTC) */
/* A time as people read it in minutes and reports: "Thu 26 Nov 09:12"
 * (UTC; English day and month names whatever the locale). Every time the
 * minutes, the report and the stand-up page show goes through it. */
void time_fmt_human(btime t, char out[32]);
/* The same from stored ISO-8601 text; a date alone (YYYY-MM-DD) reads
 * "Tue 8 Dec"; text that is not a time is copied, NULL reads "-".
 * Returns out. */
const char *time_human(const char *iso, char out[32]);
/* A short age: "45s", "12m", "5h", "3d", "7w", "2y". */
void time_fmt_age(btime seconds, char out[16]);

/* Day of week of t in UTC: 0 = Sunday ... 6 = Saturday. */
int time_weekday(btime t);
/* Midnight UTC of the day holding t. */
btime time_day_start(btime t);

#endif
