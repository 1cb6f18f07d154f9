/*
 * People in the cockpit: presence and rights. Each open cockpit beats
 * every UI_BEAT_SECONDS and tells the others what it looks at ("blockers",
 * "blocker B-7", "triage B-7", "stand-up"); the header names who else is
 * here and a blocker's detail who else has it open. A read-only store
 * cannot record presence, so it neither beats nor says what it shows.
 *
 * Rights grey the keys a user may not use and refuse them before a form or
 * prompt opens, with the departments of the item the key would act on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "ui_internal.h"

void people_refresh(struct app *a)
{
    struct presence *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (store_presence_list(a->st, &v, &n, &e))
        return;
    store_presence_list_free(a->people, a->n_people);
    a->people = v;
    a->n_people = n;
    a->others = (int)n;
    a->dirty_header = true;
}

void people_beat(struct app *a)
{
    struct err e = {0};
    if (!a->readonly)
        store_presence_beat(a->st, &e);
    people_refresh(a);
}

void people_start(struct app *a)
{
    a->readonly = store_readonly(a->st);
    a->leads_any = !a->readonly && view_leads_any(a->st);
    people_view(a);
}

void people_fini(struct app *a)
{
    store_presence_list_free(a->people, a->n_people);
    a->people = NULL;
    a->n_people = 0;
    free(a->view_what);
    a->view_what = NULL;
}

/* What this cockpit shows, in the words other cockpits read. */
static char *view_now(const struct app *a)
{
    for (int i = a->n_modes - 1; i >= 0; i--) {
        const struct mode *m = a->modes[i].m;
        char *what = m->view ? m->view(a) : NULL;
        if (what)
            return what;
    }
    return xstrdup("welcome");
}

static bool has_selected(const struct mode *m)
{
    return m->selected != NULL;
}

void people_view(struct app *a)
{
    if (a->readonly)
        return;
    char *what = view_now(a);
    if (str_eq(what, a->view_what)) {
        free(what);
        return;
    }
    struct err e = {0};
    store_presence_set_view(a->st, what, &e);
    free(a->view_what);
    a->view_what = what;
}

const struct pane_class *people_class(const struct app *a)
{
    const struct mode *m = mode_find(a, has_selected);
    if (!m || !(m->flags & MF_ROWS) || a->empty || a->n_panes == 0)
        return NULL;
    return a->panes[a->focus].pane.cls;
}

void people_target(const struct app *a, enum cmd c, const char **dept, const char **dept2)
{
    *dept = *dept2 = NULL;
    const struct mode *m = mode_find(a, has_selected);
    if (m && m->depts)
        m->depts(a, dept, dept2);
    (void)c;
}

bool people_may(const struct app *a, enum cmd c)
{
    /* S joins a stand-up someone else runs: that writes nothing */
    if (c == CMD_STANDUP && a->hooks->running_by(a) && !str_eq(a->hooks->running_by(a), a->actor))
        return true;
    if (!view_cmd_right(c, people_class(a)))
        return true;
    /* a detail view: the item is not a pane's row, so its departments are
     * checked when the key is pressed (verdicts check each target before
     * any prompt; the model checks every write) */
    const struct mode *m = mode_find(a, has_selected);
    if (m && (m->flags & MF_RIGHTS_LATER))
        return !store_readonly(a->st) && store_role(a->st, NULL) != ROLE_VIEWER;
    const char *d1, *d2;
    people_target(a, c, &d1, &d2);
    return view_cmd_may(a->st, c, people_class(a), d1, d2, a->leads_any);
}

