/*
 * pane: the cockpit's lists (departments, projects, blockers, indicators)
 * as a small class each: its columns, its sort orders, and functions that
 * count, fetch a window of rows, find an item by key and build its detail
 * view. A pane instance holds the view state of one list on screen: the
 * selection, the window of rows fetched, the filter and the sort.
 *
 * A pane fetches only the rows it shows (query.offset/limit = the window),
 * and counts only when the data, filter, sort or narrowing changed; moving
 * the cursor inside the window costs no query at all.
 */
#ifndef BATON_PANE_H
#define BATON_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/keymap.h"
#include "baton/store.h"
#include "baton/view.h"

struct sort_opt {
    const char *name; /* the order's name: "due" */
    int value;        /* the entity's enum *_sort value */
    int col;          /* the column it sorts by (its heading names it), or -1: an
                         order of its own ("urgency"), named by name */
};

/* What a pane lists, cycled by a key (the blockers pane: open, new, mine,
 * ...): the query's filters beyond the text, named in the pane's border. */
struct pane_view {
    const char *name; /* in the border: "open", "closed" */
    const char *what; /* in the message: "closed blockers (resolved, declined, duplicate)" */
    const char *state; /* the query's state (NULL: every state) */
    bool breached, mine, waiting_mine;
};

struct pane_class {
    enum pane_kind kind; /* its layout name: pane_class_name() */
    const char *title;  /* "Departments" */
    const char *entity; /* audit-log entity: "department" */
    const struct col_spec *cols;
    int n_cols;
    const struct sort_opt *sorts;
    int n_sorts;
    /* What the pane can list (the first is the default), or none. */
    const struct pane_view *views;
    int n_views;
    bool narrowable; /* follows the narrowed department (not the departments pane) */
    /* When filtered, count stops at count_cap + 1 matches: a total above
     * count_cap reads "1,000+" (0: counts are exact). */
    int64_t count_cap;
    int (*count)(struct store *st, const struct query *q, int64_t *n, struct err *e);
    /* Rows of the window q->offset, q->limit, sanitised and formatted. */
    int (*fetch)(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e);
    /* 0 and *id when key names an item of this class; 1 when it names none;
     * negative on error. */
    int (*find)(struct store *st, const char *key, int64_t *id, struct err *e);
    /* The detail view of key, laid out for width columns. */
    int (*detail)(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *d, struct err *e);
};

extern const struct pane_class pane_departments;
extern const struct pane_class pane_projects;
extern const struct pane_class pane_blockers;
extern const struct pane_class pane_indicators;
extern const struct pane_class pane_flow; /* who waits on whom: pane_flow.c */
extern const struct pane_class pane_objectives; /* the objectives' tree: pane_objectives.c */

/* The classes, in their default layout order. */
const struct pane_class *const *pane_classes(size_t *n);
const struct pane_class *pane_class_find(const char *name);
/* The name a layout gives cls: "departments". */
const char *pane_class_name(const struct pane_class *cls);
/* Appends the panes' names: "departments, projects, ...". */
void pane_names_list(struct strbuf *out);

struct pane {
    const struct pane_class *cls;
    struct sel sel;
    struct vrow *rows; /* the window: rows[i] is row rows_top + i */
    size_t n_rows;
    int64_t rows_top;
    bool fetched; /* rows hold the window at rows_top for the current query */
    struct line_edit filter;
    int sort;  /* index into cls->sorts */
    int view;  /* index into cls->views: kept for the session */
    bool desc; /* inverted */
    bool dirty; /* needs drawing */
};

void pane_init(struct pane *p, const struct pane_class *cls);
void pane_fini(struct pane *p);

/* The query the pane's rows come from (borrows the pane's strings). */
void pane_query(const struct pane *p, const char *dept, struct query *q);

/* Counts and refetches (the data, filter, sort or narrowing changed),
 * keeping the cursor on the item it was on when that item is still near. */
int pane_reload(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
                struct err *e);
/* Fetches the window again if the selection scrolled it. */
int pane_sync(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
              struct err *e);
/* Puts the cursor on item id, searching the ordering page by page up to
 * max_rows rows. 0 when found, 1 when not. */
int pane_locate(struct pane *p, struct store *st, const char *dept, const struct view_ctx *ctx,
                int64_t id, int64_t max_rows, struct err *e);

/* The row under the cursor, or NULL (empty pane or not fetched). */
const struct vrow *pane_selected(const struct pane *p);
/* The row at index (absolute) if it is in the fetched window. */
const struct vrow *pane_row(const struct pane *p, int64_t index);

/* The next of the class's views (the first again after the last). */
void pane_next_view(struct pane *p);
/* The view the pane lists, or NULL when its class has none. */
const struct pane_view *pane_view(const struct pane *p);
/* The next sort whose column is shown (widths[col] > 0; widths NULL: any),
 * or an order of no column; the first again after the last. */
void pane_next_sort(struct pane *p, const int *widths);
void pane_invert_sort(struct pane *p);
/* What the pane is sorted by, for its border: the column's heading
 * ("Due"), or the order's name ("urgency"). */
const char *pane_sort_name(const struct pane *p);

/* ---- completing keys on the command line ---- */

/* The keys that start with prefix (case-insensitively): departments, then
 * projects, blockers, indicators and objectives (only departments when depts_only),
 * at most limit of each kind, found through the model's text filter so
 * the cost does not grow with the data. NULL-terminated; the caller frees
 * each string and the array. */
char **view_key_candidates(struct store *st, const char *prefix, bool depts_only, int limit,
                           size_t *n);

/* ---- rights: which keys this user may use ----
 *
 * What a command of the keymap writes, so the cockpit can grey the keys a
 * user may not use (help, status-bar hints) and refuse them before a form
 * or a prompt opens. The model checks again on every write.
 */
struct cmd_right {
    enum cmd cmd;
    const struct pane_class *pane; /* the focused pane's class; NULL: any */
    enum action action; /* its right and words: store_action() */
};
/* The right command c needs with pane class cls focused (may be NULL), or
 * NULL when it writes nothing. */
const struct cmd_right *view_cmd_right(enum cmd c, const struct pane_class *cls);
/* Whether the actor may run c on an item of departments dept and dept2
 * (either may be NULL). A per-department right with no department known
 * (adding a project, running a stand-up) needs the actor to lead at least
 * one department: leads_any. */
bool view_cmd_may(const struct store *st, enum cmd c, const struct pane_class *cls,
                  const char *dept, const char *dept2, bool leads_any);
/* One line saying why c is refused and which role it needs; the read-only
 * database's banner when the store is read-only. */
void view_cmd_refusal(const struct store *st, enum cmd c, const struct pane_class *cls,
                      const char *dept, const char *dept2, struct strbuf *out);
/* The banner of a database opened read-only. */
#define VIEW_READONLY_BANNER "read-only: you cannot write to this database"
/* Whether the actor leads any department of the store (or is an admin). */
bool view_leads_any(struct store *st);

#endif
