/*
 * theme: the shipped themes load and look distinct where it matters,
 * default.yaml is the built-in theme, bad files are reported at their line
 * and column, and a user's theme shadows a shipped one.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../check.h"
#include "baton/str.h"
#include "baton/theme.h"

static char *tmp;

static char *write_file(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", tmp, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *srcdir(void)
{
    const char *s = getenv("BATON_SRCDIR");
    return s ? s : BATON_SRCDIR;
}

static bool same_style(const struct theme_style *a, const struct theme_style *b)
{
    return a->fg256 == b->fg256 && a->bg256 == b->bg256 && a->fg8 == b->fg8 && a->bg8 == b->bg8 &&
           a->attrs == b->attrs && a->mono_attrs == b->mono_attrs;
}

static void test_role_names(void)
{
    static const char *const want[] = {"normal", "border",    "focused_border", "title", "header",
                                       "status", "selection", "column",         "dim",   "green",
                                       "amber",  "red",       "unknown",        "sev1",  "sev2",
                                       "sev3",   "sev4",      "spark"};
    CHECK_INT(sizeof want / sizeof *want, TR_COUNT);
    for (int r = 0; r < TR_COUNT; r++)
        CHECK_STR(theme_role_name((enum theme_role)r), want[r]);
}

static void test_default_file_is_the_builtin_theme(void)
{
    struct theme file, built;
    struct err e = {0};
    char *path = xasprintf("%s/themes/default.yaml", srcdir());
    CHECK_INT(theme_load_file(&file, path, &e), 0);
    CHECK_STR(e.msg, "");
    theme_builtin(&built);
    CHECK_STR(file.name, "default");
    CHECK_STR(built.name, "default");
    for (int r = 0; r < TR_COUNT; r++) {
        const struct theme_style *a = &file.role[r], *b = &built.role[r];
        if (!same_style(a, b))
            fprintf(stderr, "role %s: file {%d %d %d %d %d %d} built-in {%d %d %d %d %d %d}\n",
                    theme_role_name((enum theme_role)r), a->fg256, a->bg256, a->fg8, a->bg8,
                    a->attrs, a->mono_attrs, b->fg256, b->bg256, b->fg8, b->bg8, b->attrs,
                    b->mono_attrs);
        CHECK(same_style(a, b));
    }
    free(path);
}

/* What a person needs from any theme: health and severity read apart,
 * the selection stands out, and mono terminals still see it all. */
static void check_readable(const struct theme *t, const char *file)
{
    int before = check_failures;
    const struct theme_style *g = &t->role[TR_GREEN], *a = &t->role[TR_AMBER],
                             *r = &t->role[TR_RED], *n = &t->role[TR_NORMAL],
                             *s = &t->role[TR_SELECTION];
    bool colour = g->fg256 >= 0 || a->fg256 >= 0 || r->fg256 >= 0;
    if (colour) {
        CHECK(g->fg256 != a->fg256 && a->fg256 != r->fg256 && g->fg256 != r->fg256);
        CHECK(g->fg8 != a->fg8 && a->fg8 != r->fg8 && g->fg8 != r->fg8);
        CHECK(s->bg256 != n->bg256 || (s->attrs & THEME_REVERSE));
        CHECK(s->bg8 != n->bg8 || (s->attrs & THEME_REVERSE));
    } else {
        CHECK(g->attrs != a->attrs && a->attrs != r->attrs && g->attrs != r->attrs);
        CHECK(s->attrs & THEME_REVERSE);
    }
    CHECK(g->mono_attrs != a->mono_attrs && a->mono_attrs != r->mono_attrs);
    CHECK(s->mono_attrs & THEME_REVERSE);
    CHECK(t->role[TR_SEV1].mono_attrs != t->role[TR_SEV4].mono_attrs);
    if (check_failures != before)
        fprintf(stderr, "  in %s\n", file);
}

static void test_every_shipped_theme_loads(void)
{
    char *dir = xasprintf("%s/themes", srcdir());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int seen = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        struct theme t;
        struct err e = {0};
        CHECK_INT(theme_load_file(&t, path, &e), 0);
        CHECK_STR(e.msg, "");
        char stem[64];
        snprintf(stem, sizeof stem, "%.*s", (int)(len - 5), de->d_name);
        CHECK_STR(t.name, stem);
        check_readable(&t, path);
        seen++;
        free(path);
    }
    if (d)
        closedir(d);
    CHECK(seen >= 4);
    free(dir);

    /* mono uses attributes only */
    struct theme t;
    struct err e;
    CHECK_INT(theme_load(&t, "mono", &e), 0);
    for (int r = 0; r < TR_COUNT; r++) {
        CHECK_INT(t.role[r].fg256, -1);
        CHECK_INT(t.role[r].bg256, -1);
        CHECK_INT(t.role[r].fg8, -1);
        CHECK_INT(t.role[r].bg8, -1);
    }
}

static void test_load_by_name_and_list(void)
{
    struct theme t;
    struct err e;
    CHECK_INT(theme_load(&t, "light", &e), 0);
    CHECK_STR(t.name, "light");
    CHECK_INT(t.role[TR_NORMAL].fg256, 235);
    CHECK_INT(theme_load(&t, "high-contrast", &e), 0);
    CHECK_INT(t.role[TR_NORMAL].bg256, 16);

    char **names = theme_names();
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; names[i]; i++) {
        sb_addf(&sb, "%s ", names[i]);
        if (i)
            CHECK(strcmp(names[i - 1], names[i]) < 0);
    }
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    CHECK_CONTAINS(sb_str(&sb), "default high-contrast light mono ");
    sb_fini(&sb);

    CHECK_INT(theme_load(&t, "ligth", &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "unknown theme 'ligth' (did you mean 'light'?); available: ");
    CHECK_CONTAINS(e.msg, "default, high-contrast, light, mono");
    CHECK_INT(theme_load(&t, "../../etc/passwd", &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "a theme name has only letters");
}

static void expect_error(const char *text, const char *want)
{
    char *path = write_file("t.yaml", text);
    struct theme t;
    theme_builtin(&t);
    snprintf(t.name, sizeof t.name, "before");
    struct err e = {0};
    CHECK_INT(theme_load_file(&t, path, &e), -ERR_USAGE);
    char *full = xasprintf("%s:%s", path, want);
    CHECK_STR(e.msg, full);
    CHECK_STR(t.name, "before"); /* a bad file changes nothing */
    free(full);
    free(path);
}

static void test_bad_themes_say_where(void)
{
    expect_error("colors:\n  bordr: {fg: 1}\n",
                 "2:3: unknown role 'colors.bordr' (did you mean 'colors.border'?)");
    expect_error("colors:\n  border: {fg: 1, fgg: 2}\n",
                 "2:19: unknown key 'colors.border.fgg' (did you mean 'colors.border.fg'?)");
    expect_error("colours:\n  border: {}\n", "1:1: unknown key 'colours' (did you mean 'colors'?)");
    expect_error("colors:\n  red: {fg: 300}\n",
                 "2:13: colors.red.fg: expected a colour: 0 to 255, a name like red or "
                 "bright-blue, #rrggbb, or default");
    expect_error("colors:\n  red: {bg: '#12345'}\n",
                 "2:13: colors.red.bg: expected a colour: 0 to 255, a name like red or "
                 "bright-blue, #rrggbb, or default");
    expect_error("colors:\n  red: {fg8: orange}\n",
                 "2:14: colors.red.fg8: expected one of black, red, green, yellow, blue, "
                 "magenta, cyan, white, default");
    expect_error("colors:\n  title:\n    attrs: [bold, blink]\n",
                 "3:19: colors.title.attrs: unknown attribute 'blink' (use bold, reverse, dim, "
                 "underline)");
    expect_error("colors:\n  title:\n    mono: [blod]\n",
                 "3:12: colors.title.mono: unknown attribute 'blod' (did you mean 'bold'?)");
    expect_error("colors: [normal]\n", "1:9: colors: expected a mapping");
    expect_error("colors:\n  title: bold\n", "2:10: colors.title: expected a mapping");
    expect_error("name: [x]\n", "1:7: name: expected a string");
    expect_error("colors:\n  red: {fg: 1}\n  red: {fg: 2}\n", "3:3: duplicate key 'colors.red'");
    expect_error("colors:\n\tred: {fg: 1}\n",
                 "2:1: a tab character cannot indent YAML; use spaces");
}

static void test_partial_theme_fills_in(void)
{
    char *path = write_file("partial.yaml", "colors:\n"
                                            "  selection: {fg: 16, bg: 214}\n"
                                            "  red: {fg: '#ff0000', fg8: magenta}\n"
                                            "  title: {fg: bright-white, attrs: underline}\n");
    struct theme t, b;
    struct err e = {0};
    CHECK_INT(theme_load_file(&t, path, &e), 0);
    CHECK_STR(e.msg, "");
    theme_builtin(&b);
    CHECK_STR(t.name, "partial");             /* from the file name */
    CHECK_INT(t.role[TR_SELECTION].fg8, 0);   /* black, derived */
    CHECK_INT(t.role[TR_SELECTION].bg8, 3);   /* yellow, derived from orange */
    CHECK_INT(t.role[TR_SELECTION].attrs, 0); /* what the file says */
    CHECK_INT(t.role[TR_SELECTION].mono_attrs, b.role[TR_SELECTION].mono_attrs);
    CHECK_INT(t.role[TR_RED].fg256, 196);
    CHECK_INT(t.role[TR_RED].fg8, 5);
    CHECK_INT(t.role[TR_RED].bg256, -1);
    CHECK_INT(t.role[TR_TITLE].fg256, 15);
    CHECK_INT(t.role[TR_TITLE].fg8, 7);
    CHECK_INT(t.role[TR_TITLE].attrs, THEME_UNDERLINE);
    CHECK(same_style(&t.role[TR_AMBER], &b.role[TR_AMBER])); /* not in the file */
    free(path);
}

static void test_user_theme_shadows_shipped_one(void)
{
    char *xdg = xasprintf("%s/xdg", tmp);
    char *d1 = xasprintf("%s/baton", xdg);
    char *d2 = xasprintf("%s/baton/themes", xdg);
    mkdir(xdg, 0700);
    mkdir(d1, 0700);
    mkdir(d2, 0700);
    char *user =
        write_file("xdg/baton/themes/light.yaml", "name: my-light\ncolors:\n  normal: {fg: 17}\n");
    char *extra = write_file("xdg/baton/themes/solar.yaml", "colors: {}\n");
    setenv("XDG_CONFIG_HOME", xdg, 1);
    struct theme t;
    struct err e = {0};
    CHECK_INT(theme_load(&t, "light", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(t.name, "my-light");
    CHECK_INT(t.role[TR_NORMAL].fg256, 17);
    CHECK_INT(theme_load(&t, "solar", &e), 0);
    CHECK_STR(t.name, "solar");
    char **names = theme_names();
    int light = 0, solar = 0;
    for (size_t i = 0; names[i]; i++) {
        light += strcmp(names[i], "light") == 0;
        solar += strcmp(names[i], "solar") == 0;
        free(names[i]);
    }
    free(names);
    CHECK_INT(light, 1); /* listed once, though found twice */
    CHECK_INT(solar, 1);
    /* a broken user theme is an error, not a silent fallback */
    remove(user);
    free(user);
    user = write_file("xdg/baton/themes/light.yaml", "colors:\n  nromal: {fg: 1}\n");
    CHECK_INT(theme_load(&t, "light", &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "light.yaml:2:3: unknown role 'colors.nromal'");
    unsetenv("XDG_CONFIG_HOME");
    CHECK_INT(theme_load(&t, "light", &e), 0);
    CHECK_STR(t.name, "light");
    remove(user);
    remove(extra);
    rmdir(d2);
    rmdir(d1);
    rmdir(xdg);
    free(user);
    free(extra);
    free(d2);
    free(d1);
    free(xdg);
}

int main(void)
{
    tmp = check_tmpdir();
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", tmp, 1); /* keep the real ~/.config/baton/themes out */
    RUN(test_role_names);
    RUN(test_default_file_is_the_builtin_theme);
    RUN(test_every_shipped_theme_loads);
    RUN(test_load_by_name_and_list);
    RUN(test_bad_themes_say_where);
    RUN(test_partial_theme_fills_in);
    RUN(test_user_theme_shadows_shipped_one);
    char *cmd = xasprintf("rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(cmd);
    free(tmp);
    return check_report();
}
