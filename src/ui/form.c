/*
 * Forms to add and edit departments, people, projects, blockers,
 * indicators and readings.
 */
#include "ui_internal.h"

void form_add(struct app *a)
{
    app_message(a, false, "adding from the cockpit is not available yet; use baton ... add");
}

void form_edit(struct app *a, const struct pane_class *cls, const char *key)
{
    app_message(a, false, "editing from the cockpit is not available yet; use baton ... edit");
}

void form_key(struct app *a, vkey k)
{
}

void form_draw(struct app *a)
{
}

void form_cursor(struct app *a)
{
}

void form_free(struct app *a)
{
}
