/*
 * triage (view): what triage mode shows, computed without a terminal. The
 * focused blocker whole (project and its department, who raised it and
 * when, age, who it waits on, its SLA, possible duplicates by full-text
 * search, its history with comments), one line per queued blocker, and
 * the SLA marks shared with the blockers pane: "!" past the SLA, "~" near
 * it (less than a quarter left), so the mark never rests on colour alone.
 */
#ifndef BATON_TRIAGE_H
#define BATON_TRIAGE_H

#include "baton/blocker.h"
#include "baton/store.h"
#include "baton/view.h"

/* "!" past, "~" near, "" otherwise. */
const char *view_sla_mark(enum blocker_sla s);
/* "due 2026-11-26 14:00, 5h left", "breached 3h ago", "not set (no severity)". */
void view_sla_text(const struct blocker *b, enum blocker_sla s, btime now, char out[96]);
/* The SLA of b now, from the store's per-severity times. */
enum blocker_sla view_blocker_sla(struct store *st, const struct blocker *b, btime now);

/* One queue line of exactly width columns: severity with its SLA mark,
 * key, title, age. */
void triage_queue_line(const struct blocker *b, enum blocker_sla s, int width,
                       const struct view_ctx *ctx, struct strbuf *out);

/* The triage view of blocker b (read by the caller) for width columns. */
int triage_doc(struct store *st, const struct blocker *b, int width, const struct view_ctx *ctx,
               struct doc *d, struct err *e);

#endif
