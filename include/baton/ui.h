/*
 * ui: the interactive cockpit (ncurses). ui_run owns the terminal from
 * start to end and always restores it, also on a fatal error or a signal.
 */
#ifndef BATON_UI_H
#define BATON_UI_H

#include "baton/config.h"
#include "baton/err.h"
#include "baton/store.h"

struct ui_opts {
    const char *db_path;     /* for messages and :demo */
    const char *theme;       /* --theme, overrides cfg->theme; may be NULL */
    const struct config *cfg;
};

/* Runs the cockpit on st until the user quits. Returns 0, or a negative
 * code with e filled (a terminal that cannot be used is ERR_USAGE). */
int ui_run(struct store *st, const struct ui_opts *opts, struct err *e);

#endif
