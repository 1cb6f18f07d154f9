/*
 * cfgcheck: what the cockpit would refuse in a configuration, checked
 * without a terminal, so that `baton config check` saying ok means the
 * cockpit opens: key bindings (command and key names), the layout's panes
 * and grid, and the theme. Errors read "FILE:LINE:COL: ..." where the
 * position is known.
 */
#ifndef BATON_CFGCHECK_H
#define BATON_CFGCHECK_H

#include <stddef.h>

#include "baton/config.h"
#include "baton/err.h"
#include "baton/str.h"

/* 0, or ERR_USAGE for the first thing the cockpit would refuse. A binding
 * that takes a key from another command of the same mode is allowed (the
 * remapped key wins) but is worth a warning: one line each, appended to
 * warnings (may be NULL). */
int view_check_config(const struct config *cfg, struct strbuf *warnings, struct err *e);
/* "FILE:LINE:COL: " of the top-level key (e.g. "theme") in the last
 * configuration file that sets it, or "" when none does. */
void view_config_where(const struct config *cfg, const char *key, char *out, size_t n);

#endif
