/*
 * standup_view: what the stand-up shows, as styled documents, without a
 * terminal. The bar at the top (department, its place in the walk, the
 * countdown, the total time, the facilitator), a department's page in
 * the order (what changed; open blockers split by who waits on
 * whom; projects at risk; indicators off target; actions due; what this
 * stand-up holds) and the summary page shown when it ends.
 *
 * The countdown never speaks by colour alone: half-time and over carry a
 * word as well as their colour.
 */
#ifndef BATON_STANDUP_VIEW_H
#define BATON_STANDUP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "baton/standup.h"
#include "baton/view.h"

enum countdown_state {
    COUNTDOWN_RUNNING = 0, /* less than half the time-box used */
    COUNTDOWN_HALF,        /* half or more used */
    COUNTDOWN_OVER,        /* past the time-box */
};

struct countdown {
    enum countdown_state state;
    int64_t left;  /* seconds left; negative when over */
    char text[64]; /* "1:12 left", "0:40 left, half-time", "OVER +0:15" */
    enum theme_role role; /* green, amber, red */
};

/* The countdown for elapsed seconds of a time-box (seconds, > 0). */
void standup_countdown(int64_t elapsed, int64_t timebox, struct countdown *out);
/* "0:05", "1:30", "12:05", "1:02:03"; negative values are shown as 0:00. */
void standup_fmt_clock(int64_t seconds, char out[32]);

/* Where the stand-up stands, for the bar. */
struct standup_bar {
    const char *dept, *name;  /* the page's department */
    int index, count;         /* 1-based place in the walk, and its length */
    int64_t elapsed;          /* seconds on this page */
    int64_t timebox;
    int64_t total;            /* seconds since the stand-up started */
    const char *facilitator;
    bool skipped;             /* the page was skipped earlier */
    bool following;           /* this cockpit follows someone else's stand-up */
    int unseen;               /* entries others typed, below the fold */
};

/* One line: "Stand-up · ENG — Engineering (2/12) · 1:12 left · 2 new
 * below (G) · total 4:31 · by alice" (the facilitator last: a narrow
 * terminal cuts it first). */
void standup_view_bar(struct doc *d, const struct standup_bar *b, const struct view_ctx *ctx);

/* A change in words, shared by the page, the minutes and the report:
 * what follows its key and title ("as S2, waiting on OPS", "\"reason\"",
 * "of B-26: reason", "until Mon 14 Dec 00:00: reason", "to kjohansson
 * (Karin Johansson)", "S3 -> S2", "active -> on hold", "40% -> 60%"),
 * appended to sb (nothing for a bare verdict); and the item's state now
 * ("now declined", "still new S2", "now active, amber"). User text is
 * appended raw: the caller sanitises or escapes the whole. */
/* Times in it are written in zone z: the organisation's in the minutes,
 * the person's on the page. */
struct tzone;
void standup_change_detail(const struct change *c, bool ascii, const struct tzone *z,
                           struct strbuf *sb);
void standup_change_now(const struct change *c, struct strbuf *sb);

/* The department's page, sections 1-6, each under a heading with its
 * count; width is the columns available (sparklines and cut titles). */
void standup_view_page(struct doc *d, const struct standup_page *p, int width,
                       const struct view_ctx *ctx);

/* The summary: who, when, the total; per department of walk the time
 * spent against the time-box (over marked), skipped or not reached (names
 * parallel to walk, may be NULL); counts
 * of notes, decisions, actions and parking-lot items; how to get the
 * minutes. */
void standup_view_summary(struct doc *d, const struct standup *su, const char *const *walk,
                          const char *const *names, size_t n_walk, const struct standup_time *times, size_t n_times,
                          const struct standup_entry *entries, size_t n_entries,
                          int64_t timebox, const struct view_ctx *ctx);

#endif
