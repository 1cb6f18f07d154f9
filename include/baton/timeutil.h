/*
 * timeutil: baton's clock, its time zones and its time formats.
 *
 * Stored times are UTC ISO-8601 text ("2026-11-26T09:00:00Z"), dates
 * "YYYY-MM-DD", and machine formats (json, csv) keep them so. $BATON_NOW
 * (ISO-8601, a UTC instant) freezes the clock, for tests.
 *
 * Two zones give those instants a calendar and a clock face. The
 * organisation's (its `timezone:`) says what day it is for the whole
 * organisation: today, due dates, the roll-up's day, the business days
 * between stand-ups, and the times in minutes and reports. The person's
 * ($TZ, else `timezone:` in their configuration, else the organisation's)
 * is what they see and type. Both are set once, at start, by the program
 * (until then both are UTC) and only read afterwards; a loaded zone is a
 * table of offsets, so formatting a row costs one binary search.
 */
#ifndef BATON_TIMEUTIL_H
#define BATON_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/err.h"

typedef int64_t btime; /* seconds since the Unix epoch, UTC */

btime time_now(void);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS" with an
 * optional "Z" or "+HH:MM"/"-HH:MM" (a space may replace the T). Dates
 * that do not exist (2026-02-30) are refused. Without an offset, UTC: this
 * reads stored and machine-written times; what a person typed goes through
 * time_input(). */
bool time_parse(const char *s, btime *out);

void time_fmt_iso(btime t, char out[32]);  /* 2026-11-26T09:00:00Z */
void time_fmt_date(btime t, char out[16]); /* 2026-11-26, in UTC */
void time_fmt_hm(btime t, char out[16]);   /* 09:00, in UTC */
/* A time as people read it in minutes and reports: "Thu 26 Nov 09:12",
 * in the organisation's zone (English day and month names whatever the
 * locale). Every time the minutes, the report and the stand-up page show
 * goes through it. */
void time_fmt_human(btime t, char out[32]);
/* The same from stored ISO-8601 text; a date alone (YYYY-MM-DD) reads
 * "Tue 8 Dec"; text that is not a time is copied, NULL reads "-".
 * Returns out. */
const char *time_human(const char *iso, char out[32]);
/* An age, on the one scale every screen and report uses: "45s", "12m",
 * "5h", days up to six weeks ("34d"), then weeks rounded to the nearest
 * ("7w"), then years ("2y"). */
void time_fmt_age(btime seconds, char out[16]);

/* Day of week of t in UTC: 0 = Sunday ... 6 = Saturday. */
int time_weekday(btime t);
/* Midnight UTC of the day holding t. */
btime time_day_start(btime t);

/* ---- zones ---- */

/* A time zone read from the system's zoneinfo (an IANA name such as
 * "Europe/Paris"), or with posix_ok also a POSIX TZ value
 * ("CET-1CEST,M3.5.0,M10.5.0/3") or an absolute path, as $TZ may hold. A
 * leading ':' is ignored. ERR_USAGE for a name that is no zone. The caller
 * owns *out. */
struct tzone;
int tzone_load(const char *spec, bool posix_ok, struct tzone **out, struct err *e);
/* The same from the bytes of a TZif file (RFC 8536) named name. */
int tzone_from_tzif(const char *name, const void *data, size_t len, struct tzone **out,
                    struct err *e);
void tzone_free(struct tzone *z);
const char *tzone_name(const struct tzone *z); /* as loaded; "UTC" for NULL */
/* Whether name has the shape of an IANA name (not whether it is installed). */
bool tzone_name_ok(const char *name);
/* Seconds east of UTC at t, and the abbreviation then ("CET", "+0530"). */
int tzone_offset(const struct tzone *z, btime t, const char **abbr);
/* The instants whose wall-clock reading in z is wall (a local time counted
 * as if it were UTC): 1 normally, 2 when the clocks go back (earlier
 * first), 0 when they skip it; then, if gap is not NULL, gap[0] and gap[1]
 * are that reading taken with the offset before the change (it lands after
 * the gap) and with the one after it (it lands before). */
int tzone_resolve(const struct tzone *z, btime wall, btime out[2], btime gap[2]);

/* The process's zones. The setters take ownership (NULL: UTC for the
 * organisation, the organisation's for the person). */
void time_set_org_zone(struct tzone *z);
void time_set_user_zone(struct tzone *z);
const struct tzone *time_org_zone(void);
const struct tzone *time_user_zone(void);
/* Sets the person's zone: $TZ when set and not empty, else cfg_zone (NULL
 * or "" when the configuration names none), else the organisation's. */
int time_setup_user_zone(const char *cfg_zone, struct err *e);
/* Whether the person's zone is another than the organisation's: then
 * times they see carry their zone's abbreviation. */
bool time_user_zone_differs(void);

/* ---- the organisation's calendar ---- */

void time_org_date(btime t, char out[16]); /* the organisation's date at t */
int time_org_weekday(btime t);             /* 0 = Sunday ... 6 = Saturday */
/* The first instant of the organisation's day that is days after t's
 * (days may be negative or 0); days are calendar days, 23 or 25 hours
 * long across a change of the clocks. */
btime time_org_day_start(btime t, int days);
/* The organisation's date at t, as days since 1970-01-01. */
int64_t time_org_day_number(btime t);

/* ---- writing times for people ---- */

#define TIME_SHOW_MAX 40

/* What to write: the date, the hours and minutes, the zone. */
enum {
    TF_DATE = 1,
    TF_HM = 2,
    TF_ZONE = 4, /* always */
    TF_ZONE_IF_OTHER = 8, /* when z is the person's and differs from the organisation's */
};
/* "2026-12-08 09:00 CET" (or parts of it, per what) in zone z. */
void time_fmt_zone(const struct tzone *z, btime t, unsigned what, char out[TIME_SHOW_MAX]);
/* In the person's zone: "2026-12-08 09:00", with their zone's
 * abbreviation ("2026-12-08 02:00 CST") when it is not the
 * organisation's. The cockpit, the tables and `show` write times so. */
void time_show(btime t, char out[TIME_SHOW_MAX]);
void time_show_hm(btime t, char out[TIME_SHOW_MAX]); /* "09:00" [" CST"] */
void time_show_date(btime t, char out[16]);          /* the person's date */
/* time_show() of a stored ISO time; false and "-" when it reads as none. */
bool time_show_text(const char *iso, char out[TIME_SHOW_MAX]);
/* In the organisation's zone, always with it: "2026-12-08 09:00 CET";
 * minutes and reports write times so. */
void time_org_show(btime t, char out[TIME_SHOW_MAX]);
/* time_human() in zone z: the stand-up page writes the person's time so,
 * with their zone's abbreviation when it is not the organisation's. */
const char *time_human_in(const struct tzone *z, const char *iso, char out[TIME_SHOW_MAX]);

/* ---- reading what a person typed ---- */

/* What time options and fields accept, for help texts. */
#define TIME_INPUT_HELP                                                                         \
    "'2026-12-08 09:00' (your time zone), an ISO time with Z or an offset "                   \
    "(2026-12-08T08:00Z), or tomorrow, monday..sunday, +3d, +1w (09:00 your time), +2h, now"
#define DATE_INPUT_HELP "YYYY-MM-DD, or tomorrow, monday..sunday, +3d, +1w (your calendar)"

/* Reads a time typed in the person's zone, at now: "YYYY-MM-DD HH:MM[:SS]"
 * (or with a T) is local, with Z or an offset it is that instant, a date
 * alone is the start of that local day; "now"; "+Nh" N hours on; the day
 * presets "today", "tomorrow", a weekday ("monday" or "mon": the next one
 * after today), "+Nd", "+Nw" mean 09:00 local on that day. A local time
 * the clocks skip or repeat is refused (ERR_USAGE) with the two times it
 * could mean, written with their offsets. */
int time_input(const char *s, btime now, btime *out, struct err *e);
/* Reads a date typed in the person's calendar: "YYYY-MM-DD" or a day
 * preset; a time is refused. */
int time_input_date(const char *s, btime now, char out[16], struct err *e);

#endif
