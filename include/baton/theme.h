/*
 * theme: colour themes as plain data. A theme names, for each element, a
 * 256-colour value and an 8-colour fallback for foreground and background,
 * plus attributes; the UI turns it into colour pairs and steps down to
 * attributes only for NO_COLOR and monochrome terminals.
 *
 * Themes are found by name in, first found: $XDG_CONFIG_HOME/baton/themes,
 * then $BATON_SRCDIR/themes when set, then the built-in folder: the source
 * tree's themes/ when run from a build, PREFIX/share/baton/themes once
 * installed (see paths.h).
 */
#ifndef BATON_THEME_H
#define BATON_THEME_H

#include <stdbool.h>

#include "baton/err.h"

enum theme_role {
    TR_NORMAL = 0,
    TR_BORDER,
    TR_BORDER_FOCUS,
    TR_TITLE,
    TR_HEADER,
    TR_STATUS,
    TR_SELECTION,
    TR_COLUMN, /* column headings */
    TR_DIM,
    TR_GREEN,
    TR_AMBER,
    TR_RED,
    TR_UNKNOWN,
    TR_SEV1,
    TR_SEV2,
    TR_SEV3,
    TR_SEV4,
    TR_SPARK,
    TR_COUNT
};

enum theme_attr {
    THEME_BOLD = 1 << 0,
    THEME_REVERSE = 1 << 1,
    THEME_DIM = 1 << 2,
    THEME_UNDERLINE = 1 << 3,
};

struct theme_style {
    short fg256, bg256; /* 0-255, or -1 for the terminal's default */
    short fg8, bg8;     /* 0-7, or -1 */
    int attrs;          /* enum theme_attr bits, used at every depth */
    int mono_attrs;     /* attributes when there is no colour at all */
};

struct theme {
    char name[64];
    struct theme_style role[TR_COUNT];
};

/* The YAML name of a role: "border", "focused_border", "sev1" ... */
const char *theme_role_name(enum theme_role r);
/* The built-in fallback theme (what "default" looks like without files). */
void theme_builtin(struct theme *t);
int theme_load_file(struct theme *t, const char *path, struct err *e);
int theme_load(struct theme *t, const char *name, struct err *e);
/* Names of the themes found, sorted, NULL-terminated; caller frees each and the array. */
char **theme_names(void);

#endif
