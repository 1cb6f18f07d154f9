/*
 * Internal to src/view: helpers the pane classes share to format cells
 * and build detail views.
 */
#ifndef BATON_VIEW_INTERNAL_H
#define BATON_VIEW_INTERNAL_H

#include "baton/objective.h"
#include "baton/pane.h"

/* n rows, each vrow_init'ed. */
struct vrow *rows_new(size_t n);
/* The window q asks of a list of total rows that a pane cuts itself:
 * from its offset (the final q->limit rows when q->last), at most
 * q->limit (0: all). Returns how many rows it holds; *from, the first. */
size_t query_window(const struct query *q, size_t total, size_t *from);
/* "● green" with "●" as the short form, in the health's role. */
void cell_health(struct vcell *c, enum health h, const struct view_ctx *ctx);
/* Age of an ISO-8601 time against ctx->now: "3d"; "-" when unknown. */
void fmt_age(const struct view_ctx *ctx, const char *iso, char out[16]);
/* A detail view's opening: its title for the border ("Project ENG-1":
 * what, then key) and its first line, key and name in the title role,
 * then a blank line. */
void detail_open(struct doc *d, const char *what, const char *key, const char *name);
/* A section heading in a detail view, with a blank line before it. */
void detail_heading(struct doc *d, const char *text);
/* A section's heading; when it has nothing to list (empty), the dim line
 * none says so. */
void detail_section(struct doc *d, const char *title, bool empty, const char *none);
/* The start of a blocker's line in a detail view: its severity, key and
 * title; the caller adds the rest and the line's end. */
struct blocker;
void detail_blocker_head(struct doc *d, const struct blocker *b);
/* "KEY title" on a line of a detail view: the key in the column role,
 * then the title. Returns where the title starts on the line, for
 * doc_fit to cut it rather than what follows. */
int detail_key_title(struct doc *d, const char *key, const char *title);
/* Text wrapped at word boundaries to width columns, each line indented. */
void detail_wrap(struct doc *d, enum theme_role role, const char *text, int width, int indent);
/* The newest limit audit rows of entity key. */
/* Each field of ent that obj has, by its label, but those named in shown
 * (NULL-terminated): what a detail view does not show in its own way. A
 * list reads "q4, legal", a time in the person's zone. */
struct entity;
void detail_fields(struct doc *d, const struct entity *ent, const void *obj,
                   const char *const *shown, int lw);
int detail_history(struct doc *d, struct store *st, const char *entity, const char *key,
                   int limit, struct err *e);
/* "Also looking  bob (pts/3)" when other cockpits have blocker key open;
 * nothing otherwise (a failed look-up shows nothing either). */
void view_presence_field(struct doc *d, struct store *st, const char *key, int lw);
/* Objectives as every view shows them (pane_objectives.c): the health
 * mark their health is drawn with, "● on track", a progress bar of width
 * cells and its percentage ("-" when nothing measures it), and a line of a
 * detail or the stand-up page that opens the objective. */
enum health view_objective_health(enum objective_health h);
void view_objective_health_text(enum objective_health h, const struct view_ctx *ctx, char *out,
                                size_t n);
void view_objective_progress(double progress, int width, const struct view_ctx *ctx,
                             struct strbuf *sb);
void view_objective_line(struct doc *d, const struct objective *o, int width,
                         const struct view_ctx *ctx);
/* Turns the result of a *_get into find's answer: 0 found, 1 missing,
 * negative on a real error. */
int find_result(int rc, struct err *e);

#endif
