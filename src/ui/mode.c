/*
 * The stack of modes (see struct mode in ui_internal.h): the panes at the
 * bottom, what was opened since above them. Which mode takes the keys,
 * draws the main area, names itself in the status bar or says which
 * blocker the verdict keys act on is read from the stack, never from
 * flags.
 */
#include <string.h>

#include "mode.h"

void mode_init(struct app *a, const struct mode *base)
{
    a->modes[0] = (struct mode_entry){base, NULL};
    a->n_modes = 1;
}

void mode_push(struct app *a, const struct mode *m, void *data)
{
    if (a->n_modes == UI_MAX_MODES) {
        /* deeper than any path through the cockpit goes: the oldest
         * mode above the panes makes room */
        struct mode_entry old = a->modes[1];
        memmove(&a->modes[1], &a->modes[2], (size_t)(a->n_modes - 2) * sizeof a->modes[0]);
        a->n_modes--;
        if (old.m->leave)
            old.m->leave(a, old.data);
    }
    a->modes[a->n_modes++] = (struct mode_entry){m, data};
    if (m->enter)
        m->enter(a, data);
    a->dirty_status = true;
}

static int find(const struct app *a, const struct mode *m)
{
    for (int i = a->n_modes - 1; i >= 0; i--)
        if (a->modes[i].m == m)
            return i;
    return -1;
}

void *mode_detach(struct app *a, const struct mode *m)
{
    int i = find(a, m);
    if (i <= 0) /* the panes stay */
        return NULL;
    void *data = a->modes[i].data;
    memmove(&a->modes[i], &a->modes[i + 1], (size_t)(a->n_modes - i - 1) * sizeof a->modes[0]);
    a->n_modes--;
    a->dirty_status = true;
    return data;
}

bool mode_remove(struct app *a, const struct mode *m)
{
    if (find(a, m) <= 0)
        return false;
    void *data = mode_detach(a, m);
    if (m->leave)
        m->leave(a, data);
    return true;
}

bool mode_replace(struct app *a, const struct mode *from, const struct mode *to)
{
    int i = find(a, from);
    if (i <= 0)
        return false;
    a->modes[i].m = to;
    a->dirty_status = true;
    return true;
}

void mode_fini(struct app *a)
{
    while (a->n_modes > 1) {
        struct mode_entry *t = &a->modes[--a->n_modes];
        if (t->m->fini)
            t->m->fini(a, t->data);
    }
}

const struct mode *mode_top(const struct app *a)
{
    return a->modes[a->n_modes ? a->n_modes - 1 : 0].m;
}

bool mode_on(const struct app *a, const struct mode *m)
{
    return find(a, m) >= 0;
}

void *mode_data(const struct app *a, const struct mode *m)
{
    int i = find(a, m);
    return i >= 0 ? a->modes[i].data : NULL;
}

const struct mode *mode_find(const struct app *a, bool (*has)(const struct mode *m))
{
    for (int i = a->n_modes - 1; i >= 0; i--)
        if (has(a->modes[i].m))
            return a->modes[i].m;
    return NULL;
}

const struct mode *mode_screen(const struct app *a)
{
    for (int i = a->n_modes - 1; i >= 0; i--)
        if (a->modes[i].m->flags & MF_SCREEN)
            return a->modes[i].m;
    return a->modes[0].m;
}

const char *app_selected_objective(const struct app *a)
{
    const struct mode *m = mode_screen(a);
    return m && m->objective ? m->objective(a) : NULL;
}
