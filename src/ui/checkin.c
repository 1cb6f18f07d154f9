/*
 * C: a confidence check-in on an objective, from wherever one is
 * selected (the Objectives pane's row, an objective's detail or the line
 * its detail's or the stand-up page's cursor is on; on a stand-up page
 * with one objective, that one). One digit gives the score, 0 meaning
 * 10; then a note, or Enter for none. The model decides who may: the
 * objective's owner, or whoever may edit it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/objective.h"
#include "ui_internal.h"

static bool got_note(struct app *a, const char *text, void *arg)
{
    (void)arg;
    struct err e = {0};
    if (objective_checkin(a->st, a->checkin_key, a->checkin_score, str_empty(text) ? NULL : text,
                          &e)) {
        app_message(a, true, "%s", e.msg);
        return e.code == ERR_USAGE ? false : true; /* a bad note: fix it; else nothing to retry */
    }
    char said[160];
    snprintf(said, sizeof said, "%s: confidence %d/10 recorded", a->checkin_key, a->checkin_score);
    app_reload_all(a);
    app_message(a, false, "%s", said);
    return true;
}

static bool got_score(struct app *a, const char *text, void *arg)
{
    (void)arg;
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (str_empty(text) || *end || v < 0 || v > 10) {
        app_message(a, true, "type a digit from 1 to 9, or 0 for 10; Esc cancels");
        return false;
    }
    a->checkin_score = v == 0 ? 10 : (int)v;
    char label[96];
    snprintf(label, sizeof label, "note for %s at %d/10", a->checkin_key, a->checkin_score);
    struct prompt_opts o = {.hint = "optional: Enter records it without one"};
    prompt_open(a, label, &o, got_note, NULL);
    return true;
}

void checkin_start(struct app *a)
{
    const char *key = app_selected_objective(a);
    if (!key) {
        app_message(a, false,
                    "C records a check-in on an objective: select one in the Objectives pane, "
                    "its detail, or its line on the stand-up page");
        return;
    }
    snprintf(a->checkin_key, sizeof a->checkin_key, "%s", key);
    char label[96];
    snprintf(label, sizeof label, "confidence in %s", a->checkin_key);
    struct prompt_opts o = {.instant = "0123456789", .hint = "1-9, 0 for 10"};
    prompt_open(a, label, &o, got_score, NULL);
}
