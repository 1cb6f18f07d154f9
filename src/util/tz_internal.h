/* What the time module's two files share (internal to src/util). */
#ifndef BATON_UTIL_TZ_INTERNAL_H
#define BATON_UTIL_TZ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#define TZ_ABBR_MAX 16
#define TZ_NAME_MAX 256

bool time_leap_year(long y);
int time_days_in_month(long y, int m);
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t time_days_from_civil(long y, int m, int d);
void time_civil_from_days(int64_t z, long *y, int *m, int *d);

#endif
