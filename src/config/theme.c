/*
 * theme: colour themes read from YAML into plain data (struct theme). A
 * theme file names a style per role; a role it leaves out keeps the
 * built-in style, and within a role a missing 8-colour value is derived
 * from the 256-colour one, so a short file is still complete. Finding a
 * theme by name searches the user's folder first, so a user's theme
 * shadows a shipped one of the same name. The UI turns the data into
 * colour pairs; nothing here knows about curses.
 */
#include "baton/theme.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "baton/paths.h"
#include "baton/str.h"
#include "yamldoc.h"

static const char *const role_names[TR_COUNT] = {
    [TR_NORMAL] = "normal",       [TR_BORDER] = "border", [TR_BORDER_FOCUS] = "focused_border",
    [TR_TITLE] = "title",         [TR_HEADER] = "header", [TR_STATUS] = "status",
    [TR_SELECTION] = "selection", [TR_COLUMN] = "column", [TR_DIM] = "dim",
    [TR_GREEN] = "green",         [TR_AMBER] = "amber",   [TR_RED] = "red",
    [TR_UNKNOWN] = "unknown",     [TR_SEV1] = "sev1",     [TR_SEV2] = "sev2",
    [TR_SEV3] = "sev3",           [TR_SEV4] = "sev4",     [TR_SPARK] = "spark",
};

/* Index = the 8-colour number; "default" is the terminal's own (-1). */
static const char *const color8_names[] = {"black",   "red",  "green", "yellow", "blue",
                                           "magenta", "cyan", "white", "default"};
#define N_COLOR8 (sizeof color8_names / sizeof *color8_names)

static const struct {
    const char *name;
    int bit;
} attr_names[] = {{"bold", THEME_BOLD},
                  {"reverse", THEME_REVERSE},
                  {"dim", THEME_DIM},
                  {"underline", THEME_UNDERLINE}};
#define N_ATTRS (sizeof attr_names / sizeof *attr_names)

static const char *const style_keys[] = {"fg", "bg", "fg8", "bg8", "attrs", "mono"};
static const char *const file_keys[] = {"name", "colors"};

enum { B = THEME_BOLD, R = THEME_REVERSE, D = THEME_DIM, U = THEME_UNDERLINE };
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE, DEF = -1 };

/* The dark default; themes/default.yaml says the same, and a test holds
 * them together. */
static const struct theme_style builtin[TR_COUNT] = {
    /*                  fg256 bg256  fg8     bg8   attrs  mono */
    [TR_NORMAL] = {252, DEF, WHITE, DEF, 0, 0},
    [TR_BORDER] = {240, DEF, BLUE, DEF, 0, 0},
    [TR_BORDER_FOCUS] = {75, DEF, CYAN, DEF, B, B},
    [TR_TITLE] = {255, DEF, WHITE, DEF, B, B},
    [TR_HEADER] = {255, 24, WHITE, BLUE, B, R | B},
    [TR_STATUS] = {250, 237, BLACK, WHITE, 0, R},
    [TR_SELECTION] = {231, 25, BLACK, CYAN, B, R | B},
    [TR_COLUMN] = {110, DEF, CYAN, DEF, B, U},
    [TR_DIM] = {244, DEF, DEF, DEF, 0, D},
    [TR_GREEN] = {78, DEF, GREEN, DEF, 0, 0},
    [TR_AMBER] = {214, DEF, YELLOW, DEF, 0, U},
    [TR_RED] = {203, DEF, RED, DEF, B, B | U},
    [TR_UNKNOWN] = {245, DEF, DEF, DEF, 0, D},
    [TR_SEV1] = {231, 160, WHITE, RED, B, R | B},
    [TR_SEV2] = {203, DEF, RED, DEF, B, B},
    [TR_SEV3] = {214, DEF, YELLOW, DEF, 0, U},
    [TR_SEV4] = {110, DEF, CYAN, DEF, 0, 0},
    [TR_SPARK] = {80, DEF, CYAN, DEF, 0, 0},
};

const char *theme_role_name(enum theme_role r)
{
    return r >= 0 && r < TR_COUNT ? role_names[r] : "?";
}

void theme_builtin(struct theme *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "default");
    memcpy(t->role, builtin, sizeof builtin);
}

/* --- colours ------------------------------------------------------------- */

static const int cube_level[6] = {0, 95, 135, 175, 215, 255};

static void color_rgb(int c, int rgb[3])
{
    static const int basic[16][3] = {
        {0, 0, 0},     {205, 0, 0},     {0, 205, 0},     {205, 205, 0},  {0, 0, 238}, {205, 0, 205},
        {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0},    {0, 255, 0}, {255, 255, 0},
        {92, 92, 255}, {255, 0, 255},   {0, 255, 255},   {255, 255, 255}};
    if (c < 16) {
        memcpy(rgb, basic[c], sizeof basic[c]);
    } else if (c < 232) {
        rgb[0] = cube_level[(c - 16) / 36];
        rgb[1] = cube_level[(c - 16) / 6 % 6];
        rgb[2] = cube_level[(c - 16) % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
    }
}

/* The 8-colour stand-in for a 256-colour value: the channels that are
 * more than half as strong as the strongest, greys to black or white. */
static short color_to8(short c)
{
    if (c < 0)
        return -1;
    if (c < 8)
        return c;
    if (c < 16)
        return (short)(c - 8);
    int rgb[3];
    color_rgb(c, rgb);
    int max = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
    max = max > rgb[2] ? max : rgb[2];
    int min = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
    min = min < rgb[2] ? min : rgb[2];
    if (max - min < 40)
        return max >= 128 ? WHITE : BLACK;
    short out = 0;
    for (int i = 0; i < 3; i++)
        if (rgb[i] * 2 > max)
            out = (short)(out | (1 << i));
    return out;
}

static int nearest_level(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++)
        if (abs(cube_level[i] - v) < abs(cube_level[best] - v))
            best = i;
    return best;
}

/* "#rrggbb" to the nearest colour of the 6x6x6 cube or the grey ramp. */
static short color_from_hex(const char *s)
{
    unsigned r, g, b;
    char tail;
    if (strlen(s) != 7 || sscanf(s, "#%2x%2x%2x%c", &r, &g, &b, &tail) != 3)
        return -2;
    int cube = 16 + 36 * nearest_level((int)r) + 6 * nearest_level((int)g) + nearest_level((int)b);
    int avg = (int)(r + g + b) / 3;
    int grey = avg < 8 ? 232 : avg > 238 ? 255 : 232 + (avg - 3) / 10;
    int best = cube, best_d = -1;
    const int cands[2] = {cube, grey};
    for (int i = 0; i < 2; i++) {
        int rgb[3];
        color_rgb(cands[i], rgb);
        int d = (rgb[0] - (int)r) * (rgb[0] - (int)r) + (rgb[1] - (int)g) * (rgb[1] - (int)g) +
                (rgb[2] - (int)b) * (rgb[2] - (int)b);
        if (best_d < 0 || d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    return (short)best;
}

/* A 256-colour value: 0-255, a basic name (red), bright-NAME (8-15),
 * #rrggbb or default. */
static int read_color256(struct yamldoc *d, yaml_node_t *n, const char *what, short *out,
                         struct err *e)
{
    const char *s = yamldoc_scalar(n);
    long v;
    if (s && str_to_long(s, &v) && v >= 0 && v <= 255) {
        *out = (short)v;
        return 0;
    }
    for (size_t i = 0; s && i < N_COLOR8; i++) {
        if (strcmp(s, color8_names[i]) == 0) {
            *out = (short)(i == N_COLOR8 - 1 ? -1 : (int)i);
            return 0;
        }
        if (i < 8 && strncmp(s, "bright-", 7) == 0 && strcmp(s + 7, color8_names[i]) == 0) {
            *out = (short)(i + 8);
            return 0;
        }
    }
    if (s && s[0] == '#') {
        short c = color_from_hex(s);
        if (c >= 0) {
            *out = c;
            return 0;
        }
    }
    return yamldoc_error(d, n, e,
                         "%s: expected a colour: 0 to 255, a name like red or bright-blue, "
                         "#rrggbb, or default",
                         what);
}

static int read_color8(struct yamldoc *d, yaml_node_t *n, const char *what, short *out,
                       struct err *e)
{
    int i;
    int rc = yamldoc_get_enum(d, n, what, color8_names, N_COLOR8, &i, e);
    if (rc == 0)
        *out = (short)(i == (int)N_COLOR8 - 1 ? -1 : i);
    return rc;
}

static int read_attrs(struct yamldoc *d, yaml_node_t *n, const char *what, int *out, struct err *e)
{
    char **v;
    size_t cnt;
    int rc = yamldoc_get_strlist(d, n, what, true, &v, &cnt, e);
    if (rc)
        return rc;
    const char *names[N_ATTRS];
    for (size_t j = 0; j < N_ATTRS; j++)
        names[j] = attr_names[j].name;
    *out = 0;
    for (size_t i = 0; rc == 0 && i < cnt; i++) {
        size_t j = 0;
        while (j < N_ATTRS && strcmp(v[i], names[j]) != 0)
            j++;
        if (j < N_ATTRS) {
            *out |= attr_names[j].bit;
            continue;
        }
        yaml_node_t *at = yamldoc_scalar(n) ? n : yamldoc_item(d, n, i);
        const char *near = str_nearest(v[i], names, N_ATTRS);
        if (near)
            rc = yamldoc_error(d, at, e, "%s: unknown attribute '%.40s' (did you mean '%s'?)", what,
                               v[i], near);
        else
            rc = yamldoc_error(d, at, e,
                               "%s: unknown attribute '%.40s' (use bold, reverse, dim, underline)",
                               what, v[i]);
    }
    for (size_t i = 0; i < cnt; i++)
        free(v[i]);
    free(v);
    return rc;
}

/* --- reading a file ---------------------------------------------------- */

static int read_style(struct yamldoc *d, yaml_node_t *map, enum theme_role r,
                      struct theme_style *st, struct err *e)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "colors.%s", role_names[r]);
    int rc =
        yamldoc_check_keys(d, map, prefix, style_keys, sizeof style_keys / sizeof *style_keys, e);
    if (rc)
        return rc;
    /* A role written in the file is what it says; only what it cannot do
     * without (8-colour values, a way to stand out on a mono terminal) is
     * filled in. */
    struct theme_style s = {-1, -1, -1, -1, 0, builtin[r].mono_attrs};
    bool has_fg8 = false, has_bg8 = false;
    yaml_node_t *k, *v;
    for (size_t i = 0; rc == 0 && yamldoc_pair(d, map, i, &k, &v); i++) {
        const char *key = yamldoc_scalar(k);
        char what[96];
        snprintf(what, sizeof what, "%s.%s", prefix, key);
        if (strcmp(key, "fg") == 0)
            rc = read_color256(d, v, what, &s.fg256, e);
        else if (strcmp(key, "bg") == 0)
            rc = read_color256(d, v, what, &s.bg256, e);
        else if (strcmp(key, "fg8") == 0)
            rc = read_color8(d, v, what, &s.fg8, e), has_fg8 = true;
        else if (strcmp(key, "bg8") == 0)
            rc = read_color8(d, v, what, &s.bg8, e), has_bg8 = true;
        else if (strcmp(key, "attrs") == 0)
            rc = read_attrs(d, v, what, &s.attrs, e);
        else
            rc = read_attrs(d, v, what, &s.mono_attrs, e);
    }
    if (rc)
        return rc;
    if (!has_fg8)
        s.fg8 = color_to8(s.fg256);
    if (!has_bg8)
        s.bg8 = color_to8(s.bg256);
    *st = s;
    return 0;
}

/* "light" from ".../themes/light.yaml". */
static void name_from_path(const char *path, char out[64])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
        len -= 5;
    snprintf(out, 64, "%.*s", (int)(len < 63 ? len : 63), base);
}

int theme_load_file(struct theme *t, const char *path, struct err *e)
{
    struct yamldoc_opts o = {.flags = YAMLDOC_EMPTY_OK, .max_bytes = 1 << 20, .max_nodes = 20000};
    struct yamldoc d;
    int rc = yamldoc_load_file(&d, path, &o, e);
    struct theme nt;
    theme_builtin(&nt);
    name_from_path(path, nt.name);
    yaml_node_t *root = rc == 0 ? yamldoc_root(&d) : NULL;
    if (rc == 0)
        rc = yamldoc_check_keys(&d, root, NULL, file_keys, sizeof file_keys / sizeof *file_keys, e);
    yaml_node_t *name = yamldoc_get(&d, root, "name");
    if (rc == 0 && name) {
        char *s = NULL;
        rc = yamldoc_get_string(&d, name, "name", &s, e);
        if (rc == 0 && (strlen(s) == 0 || strlen(s) >= sizeof nt.name))
            rc = yamldoc_error(&d, name, e, "name: expected 1 to %zu characters",
                               sizeof nt.name - 1);
        if (rc == 0)
            snprintf(nt.name, sizeof nt.name, "%s", s);
        free(s);
    }
    yaml_node_t *colors = yamldoc_get(&d, root, "colors");
    /* Placed at the document, so that even an empty file gets a position. */
    if (rc == 0 && !colors)
        rc = yamldoc_error(&d, root, e, "missing key 'colors' (a theme names its colours there)");
    if (rc == 0)
        rc = yamldoc_expect_map(&d, colors, "colors", e);
    yaml_node_t *k, *v;
    for (size_t i = 0; rc == 0 && yamldoc_pair(&d, colors, i, &k, &v); i++) {
        const char *role = yamldoc_scalar(k);
        int r = 0;
        while (role && r < TR_COUNT && strcmp(role, role_names[r]) != 0)
            r++;
        if (!role || r == TR_COUNT) {
            rc = yamldoc_unknown_key(&d, k, "role", "colors", role_names, TR_COUNT, e);
            break;
        }
        for (size_t j = 0; j < i; j++) {
            yaml_node_t *k2, *v2;
            yamldoc_pair(&d, colors, j, &k2, &v2);
            if (str_eq(yamldoc_scalar(k2), role))
                rc = yamldoc_error(&d, k, e, "duplicate key 'colors.%s'", role);
        }
        if (rc == 0)
            rc = read_style(&d, v, (enum theme_role)r, &nt.role[r], e);
    }
    yamldoc_fini(&d);
    if (rc == 0)
        *t = nt;
    return rc;
}

/* --- finding themes -------------------------------------------------------- */

/* The folders searched, first wins; caller frees each and the array. */
static char **theme_dirs(size_t *n)
{
    char **v = xcalloc(4, sizeof *v);
    size_t k = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (!str_empty(xdg) && xdg[0] == '/')
        v[k++] = xasprintf("%s/baton/themes", xdg);
    else if (!str_empty(home))
        v[k++] = xasprintf("%s/.config/baton/themes", home);
    char *src = paths_source_dir(), *data = paths_data_dir();
    if (src)
        v[k++] = xasprintf("%s/themes", src);
    if (data)
        v[k++] = xasprintf("%s/themes", data);
    free(src);
    free(data);
    *n = k;
    return v;
}

static void dirs_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* A theme name is a file name without folders: letters, digits, - _ . */
static bool name_ok(const char *name)
{
    if (str_empty(name) || name[0] == '.' || strlen(name) > 63)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

int theme_load(struct theme *t, const char *name, struct err *e)
{
    if (!name_ok(name))
        return err_set(e, ERR_USAGE,
                       "theme '%.80s': a theme name has only letters, digits, '-', '_' and '.'",
                       name ? name : "");
    size_t n;
    char **dirs = theme_dirs(&n);
    int rc = 1;
    for (size_t i = 0; rc == 1 && i < n; i++) {
        char *path = xasprintf("%s/%s.yaml", dirs[i], name);
        struct stat st;
        if (stat(path, &st) == 0 || errno != ENOENT)
            rc = theme_load_file(t, path, e);
        free(path);
    }
    dirs_free(dirs, n);
    if (rc != 1)
        return rc;
    if (strcmp(name, "default") == 0) {
        theme_builtin(t);
        return 0;
    }
    char **names = theme_names();
    struct strbuf list;
    sb_init(&list);
    size_t cnt = 0;
    for (; names[cnt]; cnt++)
        sb_addf(&list, "%s%s", cnt ? ", " : "", names[cnt]);
    const char *near = str_nearest(name, (const char *const *)names, cnt);
    if (near)
        rc = err_set(e, ERR_USAGE, "unknown theme '%s' (did you mean '%s'?); available: %s", name,
                     near, sb_str(&list));
    else
        rc = err_set(e, ERR_USAGE, "unknown theme '%s'; available: %s", name, sb_str(&list));
    sb_fini(&list);
    for (size_t i = 0; i < cnt; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **theme_names(void)
{
    size_t n_dirs, n = 0, cap = 16;
    char **dirs = theme_dirs(&n_dirs);
    char **v = xcalloc(cap, sizeof *v);
    v[n++] = xstrdup("default"); /* always there: it is built in */
    for (size_t i = 0; i < n_dirs; i++) {
        DIR *dir = opendir(dirs[i]);
        struct dirent *de;
        while (dir && (de = readdir(dir)) != NULL) {
            size_t len = strlen(de->d_name);
            if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
                continue;
            char *name = xstrndup(de->d_name, len - 5);
            if (!name_ok(name)) {
                free(name);
                continue;
            }
            v = xgrow(v, n + 1, &cap, sizeof *v); /* and the NULL after it */
            v[n++] = name;
        }
        if (dir)
            closedir(dir);
    }
    dirs_free(dirs, n_dirs);
    qsort(v, n, sizeof *v, cmp_str);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && strcmp(v[out - 1], v[i]) == 0)
            free(v[i]);
        else
            v[out++] = v[i];
    }
    v[out] = NULL;
    return v;
}
