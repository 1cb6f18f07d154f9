/*
 * picker: choosing one item (or several) from a list by typing a few
 * letters of it. The fuzzy match is a pure function: the query's
 * characters must appear in order in the item's text; runs of adjacent
 * characters, the start of a word and the start of the key score higher.
 * A picker keeps the items, the query, the matches best first and a
 * cursor; the UI draws it and feeds it keys. No curses here.
 */
#ifndef BATON_PICKER_H
#define BATON_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "baton/view.h"

/* How well query matches text: -1 when it does not (its characters are
 * not all there in order, case-insensitive), else a score, higher is
 * better. An empty query matches everything with 0. */
int picker_score(const char *query, const char *text);

struct pick_item {
    char *key;   /* what choosing it yields: "FIN", "alice", "B-17" */
    char *label; /* shown after the key: "Finance (lead bob)" */
    bool chosen; /* multi-choice pickers */
    bool pinned; /* stays first while the query is empty (suggestions) */
    int boost;   /* added to its score when the query matches it: the likelier
                    answers (the waiting-on department's people) rank first */
};

struct picker {
    char *title;
    bool multi;       /* several may be chosen (Tab toggles) */
    bool allow_typed; /* Enter on no match yields the typed text */
    struct pick_item *items;
    size_t n, cap;
    struct line_edit query;
    size_t *shown; /* indices of matching items, best first */
    size_t n_shown;
    size_t cursor; /* into shown */
    size_t top;    /* first shown row on screen */
    /* A list too long to hold (the projects of a million blockers): when
     * set, refill replaces the items with the query's matches read from
     * the store (a window of them) each time the query changes, keeping
     * the chosen ones; every item it gives is shown, best matches first. */
    int (*refill)(struct picker *p, void *ctx);
    void *refill_ctx;
};

void picker_init(struct picker *p, const char *title, bool multi);
void picker_fini(struct picker *p);
/* Adds an item (copied) and returns it. Call picker_filter after adding. */
struct pick_item *picker_add(struct picker *p, const char *key, const char *label);
/* Removes every item that is not chosen (before a refill). */
void picker_clear(struct picker *p);
/* Whether an item with this key is there. */
bool picker_has(const struct picker *p, const char *key);
/* Recomputes the matches after the items or the query changed; the cursor
 * goes to the best match. */
void picker_filter(struct picker *p);
void picker_move(struct picker *p, int delta);
/* Keeps the cursor visible in a list of height rows. */
void picker_scroll(struct picker *p, int height);
/* The item under the cursor, or NULL when nothing matches. */
const struct pick_item *picker_current(const struct picker *p);
/* Multi: toggles the item under the cursor and moves down. */
void picker_toggle(struct picker *p);
/* The keys chosen (multi), in item order; caller frees the array only
 * (the strings are the picker's). */
size_t picker_chosen(const struct picker *p, const char ***out);

struct store;
/* Adds the organisation's people from the store (key: the login; label:
 * "Name (DEPT)"): with dept, its lead first ("  lead"), then its people,
 * both pinned while nothing is typed and ranked above any other match,
 * then everyone else; without, everyone. Call picker_filter after. */
int picker_add_people(struct picker *p, struct store *st, const char *dept, struct err *e);

#endif
