/*
 * config: baton's settings from layered YAML files. One constant table
 * (keys[] below) declares every key with its type, default, help text and
 * the functions that read and show it; parsing walks the file against that
 * table, so an unknown key, a wrong type and the help screen all come from
 * the same place. A file is read in two passes: first into a scratch
 * configuration, so that a bad file leaves the caller's configuration as it
 * was; then onto the caller's. Lists replace what a lower layer set; the
 * two maps (access.leads and keys) merge entry by entry.
 */
#include "baton/config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baton/str.h"
#include "baton/timeutil.h"
#include "yamldoc.h"

#define FIELD(c, k, T) ((T *)(void *)((char *)(c) + (k)->off))
#define CFIELD(c, k, T) ((const T *)(const void *)((const char *)(c) + (k)->off))
#define NFIELD(c, k) ((size_t *)(void *)((char *)(c) + (k)->n_off))
#define CNFIELD(c, k) ((const size_t *)(const void *)((const char *)(c) + (k)->n_off))

typedef char **strv; /* a list field, for the FIELD macros */

static const char *const role_names[] = {"viewer", "member", "lead", "admin", NULL};

/* --- strings and lists ---------------------------------------------------- */

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static char **strv_dup(char *const *v, size_t n)
{
    if (!n)
        return NULL;
    char **r = xcalloc(n, sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = xstrdup(v[i]);
    return r;
}

static size_t nul_count(const char *const *v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

/* A plain word prints as is; anything YAML could misread is quoted. */
static void show_word(struct strbuf *out, const char *s)
{
    bool plain = !str_empty(s) && strchr("@'\"!&*?|>%`#-[]{},:~ ", s[0]) == NULL;
    for (const char *p = s; plain && *p; p++)
        if (strchr(":#,[]{}'\"", *p) || (unsigned char)*p < 0x20)
            plain = false;
    if (plain) {
        static const char *const reserved[] = {"true", "false", "yes",  "no",
                                               "on",   "off",   "null", "~"};
        for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
            if (strcasecmp(s, reserved[i]) == 0)
                plain = false;
        long l;
        if (str_to_long(s, &l))
            plain = false;
    }
    if (plain) {
        sb_add(out, s);
        return;
    }
    sb_addc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            sb_addc(out, '\'');
        sb_addc(out, *p);
    }
    sb_addc(out, '\'');
}

static void show_list(struct strbuf *out, char *const *v, size_t n)
{
    sb_addc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(out, ", ");
        show_word(out, v[i]);
    }
    sb_addc(out, ']');
}

/* --- durations -------------------------------------------------------------- */

static const struct {
    char unit;
    int64_t seconds;
} duration_units[] = {{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};

bool config_parse_duration(const char *s, int64_t *out)
{
    /* One bound for both forms, so that whatever is accepted reads back
     * from what config_fmt_duration writes ("90s", "2w"). */
    const int64_t limit = (int64_t)1 << 50;
    long bare;
    if (str_to_long(s, &bare)) {
        *out = bare;
        return bare >= 0 && bare <= limit;
    }
    if (str_empty(s))
        return false;
    int64_t total = 0;
    const char *p = s;
    while (*p) {
        if (*p < '0' || *p > '9')
            return false;
        char *end;
        long long v = strtoll(p, &end, 10); /* past the limit when it does not fit */
        if (v > limit)
            return false;
        p = end;
        size_t u = 0;
        while (u < sizeof duration_units / sizeof *duration_units && duration_units[u].unit != *p)
            u++;
        if (u == sizeof duration_units / sizeof *duration_units)
            return false;
        p++;
        if (v > (limit - total) / duration_units[u].seconds)
            return false;
        total += v * duration_units[u].seconds;
    }
    *out = total;
    return true;
}

void config_fmt_duration(int64_t seconds, char out[32])
{
    for (size_t u = 0; u < sizeof duration_units / sizeof *duration_units; u++) {
        int64_t k = duration_units[u].seconds;
        if (seconds != 0 && seconds % k == 0) {
            snprintf(out, 32, "%lld%c", (long long)(seconds / k), duration_units[u].unit);
            return;
        }
    }
    snprintf(out, 32, "%llds", (long long)seconds);
}

/* --- setters and printers, one per type --------------------------------------- */

static int set_string(struct config *c, const struct config_key *k, struct yamldoc *d,
                      yaml_node_t *n, struct err *e)
{
    char *s;
    int rc = yamldoc_get_string(d, n, k->name, &s, e);
    if (rc)
        return rc;
    str_replace(FIELD(c, k, char *), s);
    free(s);
    return 0;
}

/* database: a null value means "not set", so a user file can undo /etc's. */
static int set_optional_string(struct config *c, const struct config_key *k, struct yamldoc *d,
                               yaml_node_t *n, struct err *e)
{
    if (yamldoc_is_null(n)) {
        str_replace(FIELD(c, k, char *), NULL);
        return 0;
    }
    return set_string(c, k, d, n, e);
}

/* timezone: an IANA name of a zone this system knows, or null. */
static int set_zone(struct config *c, const struct config_key *k, struct yamldoc *d,
                    yaml_node_t *n, struct err *e)
{
    int rc = set_optional_string(c, k, d, n, e);
    const char *name = *FIELD(c, k, char *);
    if (rc || !name)
        return rc;
    struct tzone *z = NULL;
    struct err why;
    if (tzone_load(name, false, &z, &why) < 0)
        return yamldoc_error(d, n, e, "%s: %s", k->name, why.msg);
    tzone_free(z);
    return 0;
}

static void show_string(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    const char *s = *CFIELD(c, k, char *);
    if (s)
        show_word(out, s);
    else
        sb_add(out, "~");
}

static int set_int(struct config *c, const struct config_key *k, struct yamldoc *d, yaml_node_t *n,
                   struct err *e)
{
    long v;
    int rc = yamldoc_get_int(d, n, k->name, k->min, k->max, &v, e);
    if (rc == 0)
        *FIELD(c, k, int) = (int)v;
    return rc;
}

static void show_int(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    sb_addf(out, "%d", *CFIELD(c, k, int));
}

static int set_bool(struct config *c, const struct config_key *k, struct yamldoc *d, yaml_node_t *n,
                    struct err *e)
{
    return yamldoc_get_bool(d, n, k->name, FIELD(c, k, bool), e);
}

static void show_bool(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    sb_add(out, *CFIELD(c, k, bool) ? "true" : "false");
}

static int set_role(struct config *c, const struct config_key *k, struct yamldoc *d, yaml_node_t *n,
                    struct err *e)
{
    int v;
    int rc = yamldoc_get_enum(d, n, k->name, k->choices, nul_count(k->choices), &v, e);
    if (rc == 0)
        *FIELD(c, k, enum role) = (enum role)v;
    return rc;
}

static void show_role(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    sb_add(out, role_name(*CFIELD(c, k, enum role)));
}

static int parse_duration_node(struct yamldoc *d, const struct config_key *k, yaml_node_t *n,
                               int64_t *out, struct err *e)
{
    const char *s = yamldoc_scalar(n);
    int64_t v;
    if (!s || !config_parse_duration(s, &v))
        return yamldoc_error(d, n, e, "%s: expected a duration like %s", k->name, k->hint);
    if (v < k->min || v > k->max) {
        char lo[32], hi[32];
        config_fmt_duration(k->min, lo);
        config_fmt_duration(k->max, hi);
        return yamldoc_error(d, n, e, "%s: expected a duration from %s to %s", k->name, lo, hi);
    }
    *out = v;
    return 0;
}

static int set_duration_int(struct config *c, const struct config_key *k, struct yamldoc *d,
                            yaml_node_t *n, struct err *e)
{
    int64_t v = 0;
    int rc = parse_duration_node(d, k, n, &v, e);
    if (rc == 0)
        *FIELD(c, k, int) = (int)v;
    return rc;
}

static void show_duration_int(const struct config *c, const struct config_key *k,
                              struct strbuf *out)
{
    char buf[32];
    config_fmt_duration(*CFIELD(c, k, int), buf);
    sb_add(out, buf);
}

static int set_duration64(struct config *c, const struct config_key *k, struct yamldoc *d,
                          yaml_node_t *n, struct err *e)
{
    return parse_duration_node(d, k, n, FIELD(c, k, int64_t), e);
}

static void show_duration64(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    char buf[32];
    config_fmt_duration(*CFIELD(c, k, int64_t), buf);
    sb_add(out, buf);
}

/* Reads a list of strings; with choices, each item must be one of them and
 * appear once. */
static int read_list(struct yamldoc *d, const struct config_key *k, yaml_node_t *n, char ***out,
                     size_t *n_out, struct err *e)
{
    int rc = yamldoc_get_strlist(d, n, k->name, false, out, n_out, e);
    for (size_t i = 0; rc == 0 && i < *n_out; i++) {
        yaml_node_t *item = yamldoc_item(d, n, i);
        if (str_empty((*out)[i]))
            rc = yamldoc_error(d, item, e, "%s: an item is empty", k->name);
        else if (k->choices && yamldoc_get_enum(d, item, NULL, k->choices, nul_count(k->choices),
                                                &(int){0}, NULL) != 0) {
            const char *near = str_nearest((*out)[i], k->choices, nul_count(k->choices));
            if (near)
                rc = yamldoc_error(d, item, e, "%s: unknown value '%.80s' (did you mean '%s'?)",
                                   k->name, (*out)[i], near);
            else
                rc = yamldoc_error(d, item, e, "%s: unknown value '%.80s'", k->name, (*out)[i]);
        }
        for (size_t j = 0; rc == 0 && j < i; j++)
            if (strcmp((*out)[i], (*out)[j]) == 0)
                rc = yamldoc_error(d, item, e, "%s: '%s' appears twice", k->name, (*out)[i]);
    }
    if (rc) {
        strv_free(*out, *n_out);
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}

static int set_list(struct config *c, const struct config_key *k, struct yamldoc *d, yaml_node_t *n,
                    struct err *e)
{
    char **v;
    size_t cnt;
    int rc = read_list(d, k, n, &v, &cnt, e);
    if (rc)
        return rc;
    strv_free(*FIELD(c, k, char **), *NFIELD(c, k));
    *FIELD(c, k, char **) = v;
    *NFIELD(c, k) = cnt;
    return 0;
}

static void show_list_field(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    show_list(out, *CFIELD(c, k, strv), *CNFIELD(c, k));
}

static int set_panes(struct config *c, const struct config_key *k, struct yamldoc *d,
                     yaml_node_t *n, struct err *e)
{
    if (yamldoc_is_seq(n) && yamldoc_len(n) == 0)
        return yamldoc_error(d, n, e, "%s: expected at least one pane", k->name);
    if (yamldoc_is_null(n))
        return yamldoc_error(d, n, e, "%s: expected a list of panes", k->name);
    return set_list(c, k, d, n, e);
}

/* The decline reasons: at most k->max (one digit each), each a title's
 * length at most. */
static int set_reasons(struct config *c, const struct config_key *k, struct yamldoc *d,
                       yaml_node_t *n, struct err *e)
{
    char **v;
    size_t cnt;
    int rc = read_list(d, k, n, &v, &cnt, e);
    if (rc == 0 && cnt > (size_t)k->max)
        rc = yamldoc_error(d, yamldoc_item(d, n, (size_t)k->max), e,
                           "%s: at most %ld reasons (each answers on a digit 1-%ld)", k->name,
                           k->max, k->max);
    for (size_t i = 0; rc == 0 && i < cnt; i++)
        if (strlen(v[i]) > 500)
            rc = yamldoc_error(d, yamldoc_item(d, n, i), e,
                               "%s: a reason is longer than 500 characters", k->name);
    if (rc) {
        strv_free(v, cnt);
        return rc;
    }
    strv_free(*FIELD(c, k, char **), *NFIELD(c, k));
    *FIELD(c, k, char **) = v;
    *NFIELD(c, k) = cnt;
    return 0;
}

/* A login or '@group' in the access lists. */
static int check_principals(struct yamldoc *d, const char *what, yaml_node_t *n, char **v,
                            size_t cnt, struct err *e)
{
    for (size_t i = 0; i < cnt; i++) {
        const char *s = v[i][0] == '@' ? v[i] + 1 : v[i];
        bool ok = *s != '\0';
        for (const char *p = s; *p; p++)
            if ((unsigned char)*p <= ' ' || *p == '@' || *p == ':')
                ok = false;
        if (!ok)
            return yamldoc_error(d, yamldoc_scalar(n) ? n : yamldoc_item(d, n, i), e,
                                 "%s: expected a login or '@group', not '%.80s'", what, v[i]);
    }
    return 0;
}

static int set_principals(struct config *c, const struct config_key *k, struct yamldoc *d,
                          yaml_node_t *n, struct err *e)
{
    char **v;
    size_t cnt;
    int rc = read_list(d, k, n, &v, &cnt, e);
    if (rc == 0)
        rc = check_principals(d, k->name, n, v, cnt, e);
    if (rc) {
        strv_free(v, cnt);
        return rc;
    }
    strv_free(*FIELD(c, k, char **), *NFIELD(c, k));
    *FIELD(c, k, char **) = v;
    *NFIELD(c, k) = cnt;
    return 0;
}

/* The name of entry i of map n, at key (a string: what it is, in the
 * message when it is not), refused when an earlier entry has it too. */
static int map_entry_name(struct yamldoc *d, yaml_node_t *n, size_t i, const char *map,
                          const char *what, char **name, struct err *e)
{
    yaml_node_t *key, *val;
    yamldoc_pair(d, n, i, &key, &val);
    char *label = xasprintf("%s: %s", map, what);
    int rc = yamldoc_get_string(d, key, label, name, e);
    free(label);
    for (size_t j = 0; rc == 0 && j < i; j++) {
        yaml_node_t *k2, *v2;
        yamldoc_pair(d, n, j, &k2, &v2);
        if (str_eq(yamldoc_scalar(k2), *name))
            rc = yamldoc_error(d, key, e, "duplicate key '%s.%s'", map, *name);
    }
    return rc;
}

/* The entry named name in the array v of *n structs of size bytes, each
 * named by its first member (a string): its index in *at, or a new
 * zeroed one's at the end. Returns the array, which may have moved. */
static void *named_slot(void *v, size_t *n, size_t size, const char *name, size_t *at)
{
    for (*at = 0; *at < *n; ++*at) {
        const char *have;
        memcpy(&have, (const char *)v + *at * size, sizeof have);
        if (strcmp(have, name) == 0)
            return v;
    }
    v = xrealloc(v, (*n + 1) * size);
    memset((char *)v + *n * size, 0, size);
    ++*n;
    return v;
}

static void lead_free(struct config_lead *l)
{
    free(l->department);
    strv_free(l->logins, l->n);
}

/* A map of names to lists (access.leads, keys): each entry's list read
 * and checked by read, then kept by put in place of the entry of the same
 * name, or added. */
static int set_map(struct config *c, const struct config_key *k, struct yamldoc *d,
                   yaml_node_t *n, const char *what,
                   int (*read)(struct yamldoc *d, const char *name, yaml_node_t *val, char ***v,
                               size_t *cnt, struct err *e),
                   void (*put)(struct config *c, struct yamldoc *d, yaml_node_t *key, char *name,
                               char **v, size_t cnt),
                   struct err *e)
{
    int rc = yamldoc_expect_map(d, n, k->name, e);
    yaml_node_t *key, *val;
    for (size_t i = 0; rc == 0 && yamldoc_pair(d, n, i, &key, &val); i++) {
        char *name = NULL;
        char **v = NULL;
        size_t cnt = 0;
        rc = map_entry_name(d, n, i, k->name, what, &name, e);
        if (rc == 0)
            rc = read(d, name, val, &v, &cnt, e);
        if (rc == 0) {
            put(c, d, key, name, v, cnt);
        } else {
            strv_free(v, cnt);
            free(name);
        }
    }
    return rc;
}

static int read_leads(struct yamldoc *d, const char *dept, yaml_node_t *val, char ***v,
                      size_t *cnt, struct err *e)
{
    char *name = xasprintf("access.leads.%s", dept);
    int rc = yamldoc_get_strlist(d, val, name, true, v, cnt, e);
    if (rc == 0)
        rc = check_principals(d, name, val, *v, *cnt, e);
    free(name);
    return rc;
}

static void put_lead(struct config *c, struct yamldoc *d, yaml_node_t *key, char *dept, char **v,
                     size_t cnt)
{
    size_t at;
    c->leads = named_slot(c->leads, &c->n_leads, sizeof *c->leads, dept, &at);
    lead_free(&c->leads[at]);
    c->leads[at] = (struct config_lead){.department = dept, .logins = v, .n = cnt};
}

static int set_leads(struct config *c, const struct config_key *k, struct yamldoc *d,
                     yaml_node_t *n, struct err *e)
{
    return set_map(c, k, d, n, "department key", read_leads, put_lead, e);
}

/* A map of names to lists, held as n structs of size bytes, each named by
 * its first member, its list and length at list_off and n_off. */
static void show_map(struct strbuf *out, const void *v, size_t n, size_t size, size_t list_off,
                     size_t n_off)
{
    sb_addc(out, '{');
    for (size_t i = 0; i < n; i++) {
        const char *item = (const char *)v + i * size;
        const char *name;
        char **list;
        size_t len;
        memcpy(&name, item, sizeof name);
        memcpy(&list, item + list_off, sizeof list);
        memcpy(&len, item + n_off, sizeof len);
        sb_add(out, i ? ", " : "");
        show_word(out, name);
        sb_add(out, ": ");
        show_list(out, list, len);
    }
    sb_addc(out, '}');
}

static void show_leads(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    show_map(out, c->leads, c->n_leads, sizeof *c->leads, offsetof(struct config_lead, logins),
             offsetof(struct config_lead, n));
}

static void binding_free(struct config_binding *b)
{
    free(b->command);
    strv_free(b->keys, b->n_keys);
    free(b->file);
}

static int read_keys(struct yamldoc *d, const char *cmd, yaml_node_t *val, char ***v,
                     size_t *cnt, struct err *e)
{
    if (yamldoc_is_map(val) || yamldoc_get_strlist(d, val, NULL, true, v, cnt, NULL) != 0)
        return yamldoc_error(d, val, e, "keys.%s: expected a key name or a list of key names",
                             cmd);
    for (size_t j = 0; j < *cnt; j++)
        if (str_empty((*v)[j]))
            return yamldoc_error(d, yamldoc_scalar(val) ? val : yamldoc_item(d, val, j), e,
                                 "keys.%s: a key name is empty", cmd);
    return 0;
}

static void put_binding(struct config *c, struct yamldoc *d, yaml_node_t *key, char *cmd,
                        char **v, size_t cnt)
{
    size_t at;
    c->bindings = named_slot(c->bindings, &c->n_bindings, sizeof *c->bindings, cmd, &at);
    binding_free(&c->bindings[at]);
    c->bindings[at] = (struct config_binding){.command = cmd,
                                              .keys = v,
                                              .n_keys = cnt,
                                              .file = xstrdup(d->file),
                                              .line = yamldoc_line(key),
                                              .col = yamldoc_col(key)};
}

static int set_bindings(struct config *c, const struct config_key *k, struct yamldoc *d,
                        yaml_node_t *n, struct err *e)
{
    return set_map(c, k, d, n, "command name", read_keys, put_binding, e);
}

static void show_bindings(const struct config *c, const struct config_key *k, struct strbuf *out)
{
    show_map(out, c->bindings, c->n_bindings, sizeof *c->bindings,
             offsetof(struct config_binding, keys), offsetof(struct config_binding, n_keys));
}

/* --- the table ------------------------------------------------------------ */

#define OFF(f) offsetof(struct config, f)
static const char *const default_reasons[] = {"not a blocker", "already solved", "won't do",
                                              "out of scope"};
#define DEFAULT_REASONS_TEXT "[not a blocker, already solved, 'won''t do', out of scope]"
#define DAY 86400L

static const struct config_key keys[] = {
    {"database", "string", "~",
     "SQLite database file; unset: --db, then $BATON_DB, then $XDG_DATA_HOME/baton/baton.db",
     set_optional_string, show_string, OFF(database), 0, 0, 0, NULL, NULL},
    {"timezone", "string", "~",
     "your time zone (an IANA name such as America/Chicago) for the times you see and type; "
     "$TZ wins over it; unset: the organisation's",
     set_zone, show_string, OFF(timezone), 0, 0, 0, NULL, NULL},
    {"theme", "string", "default",
     "colour theme: a name from themes/ or $XDG_CONFIG_HOME/baton/themes", set_string, show_string,
     OFF(theme), 0, 0, 0, NULL, NULL},
    {"refresh_ms", "int", "500",
     "how often, in milliseconds, to look for changes made by others (50 to 60000)", set_int,
     show_int, OFF(refresh_ms), 0, 50, 60000, NULL, NULL},
    {"mouse", "bool", "true", "click to focus panes and select rows; wheel to scroll", set_bool,
     show_bool, OFF(mouse), 0, 0, 0, NULL, NULL},
    {"layout.rows", "int", "2", "rows of panes in the grid (1 to 4)", set_int, show_int,
     OFF(layout_rows), 0, 1, 4, NULL, NULL},
    {"layout.cols", "int", "2", "columns of panes in the grid (1 to 4)", set_int, show_int,
     OFF(layout_cols), 0, 1, 4, NULL, NULL},
    {"layout.panes", "list", "[departments, projects, blockers, indicators]",
     "panes to show, filling the grid row by row: departments, projects, blockers, indicators, flow",
     set_panes, show_list_field, OFF(panes), OFF(n_panes), 0, 0, pane_names, NULL},
    {"standup.order", "list", "[]",
     "department keys in stand-up order; empty: the departments' own order", set_list,
     show_list_field, OFF(standup_order), OFF(n_standup_order), 0, 0, NULL, NULL},
    {"standup.timebox", "duration", "90s", "time per department in the stand-up, like 90s or 2m",
     set_duration_int, show_duration_int, OFF(standup_timebox), 0, 1, DAY, NULL, "90s or 2m"},
    {"standup.horizon_days", "int", "14",
     "no longer used: projects at risk follow one rule (README, At risk); accepted, 1 to 365",
     set_int, show_int,
     OFF(standup_horizon), 0, 1, 365, NULL, NULL},
    {"triage.decline_reasons", "list", DEFAULT_REASONS_TEXT,
     "reasons a decline answers with one digit (1 to 9, in this order); another reason can "
     "still be typed",
     set_reasons, show_list_field, OFF(decline_reasons), OFF(n_decline_reasons), 0, 9, NULL,
     NULL},
    {"sla.critical", "duration", "4h", "time to act on a severity 1 blocker", set_duration64,
     show_duration64, OFF(sla[1]), 0, 60, 365 * DAY, NULL, "4h, 1d or 1w"},
    {"sla.high", "duration", "1d", "time to act on a severity 2 blocker", set_duration64,
     show_duration64, OFF(sla[2]), 0, 60, 365 * DAY, NULL, "4h, 1d or 1w"},
    {"sla.medium", "duration", "3d", "time to act on a severity 3 blocker", set_duration64,
     show_duration64, OFF(sla[3]), 0, 60, 365 * DAY, NULL, "4h, 1d or 1w"},
    {"sla.low", "duration", "1w", "time to act on a severity 4 blocker", set_duration64,
     show_duration64, OFF(sla[4]), 0, 60, 365 * DAY, NULL, "4h, 1d or 1w"},
    {"access.default", "enum", "viewer",
     "role of anyone not listed: viewer, member, lead or admin (without an access section, "
     "everyone is an admin)",
     set_role, show_role, OFF(access_default), 0, 0, 0, role_names, NULL},
    {"access.admins", "list", "[]", "logins and '@groups' that may do everything", set_principals,
     show_list_field, OFF(admins), OFF(n_admins), 0, 0, NULL, NULL},
    {"access.members", "list", "[]",
     "logins and '@groups' that may raise blockers and add notes and readings", set_principals,
     show_list_field, OFF(members), OFF(n_members), 0, 0, NULL, NULL},
    {"access.viewers", "list", "[]", "logins and '@groups' that may only read", set_principals,
     show_list_field, OFF(viewers), OFF(n_viewers), 0, 0, NULL, NULL},
    {"access.leads", "map", "{}",
     "department key -> logins and '@groups' that lead it (leads elsewhere are members)", set_leads,
     show_leads, 0, 0, 0, 0, NULL, NULL},
    {"keys", "map", "{}", "command name -> a key or a list of keys, replacing its default keys",
     set_bindings, show_bindings, 0, 0, 0, 0, NULL, NULL},
};

#define N_KEYS (sizeof keys / sizeof *keys)

const struct config_key *config_keys(size_t *n)
{
    *n = N_KEYS;
    return keys;
}

const struct config_key *config_key_find(const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

char *config_value_text(const struct config *c, const struct config_key *k)
{
    struct strbuf sb;
    sb_init(&sb);
    k->show(c, k, &sb);
    return sb_take(&sb);
}

/* --- life cycle ------------------------------------------------------------ */

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->theme = xstrdup("default");
    c->refresh_ms = 500;
    c->mouse = true;
    c->layout_rows = 2;
    c->layout_cols = 2;
    c->n_panes = 4;
    c->panes = strv_dup((char *const *)pane_names, PANE_DEFAULT_COUNT);
    c->standup_timebox = 90;
    c->standup_horizon = 14;
    c->n_decline_reasons = sizeof default_reasons / sizeof *default_reasons;
    c->decline_reasons = strv_dup((char *const *)default_reasons, c->n_decline_reasons);
    c->sla[1] = 4 * 3600;
    c->sla[2] = DAY;
    c->sla[3] = 3 * DAY;
    c->sla[4] = 7 * DAY;
    c->access_default = ROLE_VIEWER;
}

void config_fini(struct config *c)
{
    /* what the table's strings and lists hold, then what it does not name */
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct config_key *k = &keys[i];
        if (strcmp(k->type, "string") == 0)
            free(*FIELD(c, k, char *));
        else if (strcmp(k->type, "list") == 0)
            strv_free(*FIELD(c, k, char **), *NFIELD(c, k));
    }
    free(c->system_file);
    free(c->system_database);
    for (size_t i = 0; i < c->n_leads; i++)
        lead_free(&c->leads[i]);
    free(c->leads);
    for (size_t i = 0; i < c->n_bindings; i++)
        binding_free(&c->bindings[i]);
    free(c->bindings);
    strv_free(c->files, c->n_files);
    memset(c, 0, sizeof *c);
}

/* --- reading a file -------------------------------------------------------- */

/* What a file sets: the node for each key (by table index), and whether
 * it has an access section. */
struct found {
    yaml_node_t *node[N_KEYS];
    yaml_node_t *access;
};

/* The distinct names one level below prefix ("" for the top). */
static size_t child_names(const char *prefix, const char **out, char bufs[][32])
{
    size_t n = 0, plen = strlen(prefix);
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *name = keys[i].name;
        if (plen && (strncmp(name, prefix, plen) != 0 || name[plen] != '.'))
            continue;
        const char *rest = name + plen + (plen ? 1 : 0);
        size_t len = strcspn(rest, ".");
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            if (strlen(out[j]) == len && strncmp(out[j], rest, len) == 0)
                dup = true;
        if (!dup) {
            snprintf(bufs[n], 32, "%.*s", (int)len, rest);
            out[n] = bufs[n];
            n++;
        }
    }
    return n;
}

/* Walks one mapping of the file against the table: leaves are checked by
 * their setter on scratch (a throwaway configuration), sections recurse. */
static int walk(struct yamldoc *d, yaml_node_t *map, const char *prefix, struct config *scratch,
                struct found *f, struct err *e)
{
    const char *names[N_KEYS];
    char bufs[N_KEYS][32];
    size_t n = child_names(prefix, names, bufs);
    int rc = yamldoc_check_keys(d, map, prefix, names, n, e);
    yaml_node_t *k, *v;
    for (size_t i = 0; rc == 0 && yamldoc_pair(d, map, i, &k, &v); i++) {
        char *full =
            *prefix ? xasprintf("%s.%s", prefix, yamldoc_scalar(k)) : xstrdup(yamldoc_scalar(k));
        const struct config_key *key = config_key_find(full);
        if (key) {
            rc = key->set(scratch, key, d, v, e);
            f->node[key - keys] = v;
        } else {
            if (strcmp(full, "access") == 0)
                f->access = k;
            rc = yamldoc_expect_map(d, v, full, e);
            if (rc == 0)
                rc = walk(d, v, full, scratch, f, e);
        }
        free(full);
    }
    return rc;
}

/* The panes must fit the grid as it will be once this file is applied. */
static int check_fit(struct yamldoc *d, const struct config *c, const struct config *scratch,
                     const struct found *f, struct err *e)
{
    size_t i_rows = (size_t)(config_key_find("layout.rows") - keys);
    size_t i_cols = (size_t)(config_key_find("layout.cols") - keys);
    size_t i_panes = (size_t)(config_key_find("layout.panes") - keys);
    int rows = f->node[i_rows] ? scratch->layout_rows : c->layout_rows;
    int cols = f->node[i_cols] ? scratch->layout_cols : c->layout_cols;
    size_t panes = f->node[i_panes] ? scratch->n_panes : c->n_panes;
    if (panes <= (size_t)rows * (size_t)cols)
        return 0;
    yaml_node_t *at = f->node[i_panes]  ? f->node[i_panes]
                      : f->node[i_rows] ? f->node[i_rows]
                                        : f->node[i_cols];
    return yamldoc_error(d, at, e, "layout.panes: %zu panes do not fit a grid of %d x %d", panes,
                         rows, cols);
}

/* --- the system configuration ------------------------------------------------ */

/* Root's and writable by no one else: a file or folder users cannot change. */
static const char *untrusted_reason(const struct stat *sb)
{
    if (sb->st_uid != 0)
        return "is not owned by root";
    if (sb->st_mode & S_IWOTH)
        return "is writable by others";
    if (sb->st_mode & S_IWGRP)
        return "is writable by its group";
    return NULL;
}

/* Opens path only if no one but root can have written it: every folder
 * from / down is opened without following links and looked at through
 * its descriptor, then the file itself (O_NOFOLLOW), so what is checked
 * is what is read, whatever is renamed or linked meanwhile. Returns the
 * descriptor; -1 with *missing set when a part of the path does not
 * exist; -1 with e filled (ERR_DENIED) when it cannot be trusted. */
static int open_trusted(const char *path, bool *missing, struct err *e)
{
    *missing = false;
    err_clear(e);
    if (path[0] != '/') {
        err_set(e, ERR_DENIED, "system configuration %s: not an absolute path", path);
        return -1;
    }
    char *copy = xstrdup(path);
    char *parts[PATH_MAX / 2];
    size_t n = 0;
    char *save = NULL;
    bool too_long = false;
    for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        too_long |= n == sizeof parts / sizeof *parts;
        if (!too_long)
            parts[n++] = tok;
    }
    if (n == 0 || too_long) {
        err_set(e, ERR_DENIED, "system configuration %s: not a file's path", path);
        free(copy);
        return -1;
    }
    struct strbuf at;
    sb_init(&at);
    sb_add(&at, "/");
    int dir = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
    for (size_t i = 0; dir >= 0 && i < n; i++) {
        struct stat sb;
        const char *why = fstat(dir, &sb) != 0 ? "cannot be looked at" : untrusted_reason(&sb);
        if (why) {
            err_set(e, ERR_DENIED,
                    "system configuration %s: folder %s %s, so anyone could have changed the "
                    "file; make every folder above it root's and writable by no one else",
                    path, sb_str(&at), why);
            break;
        }
        bool last = i + 1 == n;
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                    (last ? O_NOCTTY | O_NONBLOCK : O_DIRECTORY);
        int sub = openat(dir, parts[i], flags);
        int saved = errno;
        close(dir);
        dir = -1;
        sb_addf(&at, "%s%s", i ? "/" : "", parts[i]);
        if (sub < 0 && saved == ENOENT) {
            *missing = true;
        } else if (sub < 0 && (saved == ELOOP || saved == ENOTDIR)) {
            err_set(e, ERR_DENIED,
                    "system configuration %s: %s is a symbolic link%s; roles are read only "
                    "through the real path",
                    path, sb_str(&at), last ? "" : " or not a folder");
        } else if (sub < 0) {
            err_set(e, ERR_USAGE, "system configuration %s: cannot read %s: %s", path,
                    sb_str(&at), strerror(saved));
        } else if (last) {
            fd = sub;
        } else {
            dir = sub;
        }
    }
    if (dir >= 0)
        close(dir);
    if (fd < 0 && !*missing && !e->code)
        err_set(e, ERR_USAGE, "system configuration %s: cannot read it: %s", path,
                strerror(errno));
    struct stat sb;
    const char *why = NULL;
    if (fd >= 0)
        why = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ? "is not a regular file"
                                                           : untrusted_reason(&sb);
    if (why) {
        err_set(e, ERR_DENIED,
                "system configuration %s %s, so it cannot say who may do what; run 'chown root "
                "%s && chmod go-w %s'",
                path, why, path, path);
        close(fd);
        fd = -1;
    }
    sb_fini(&at);
    free(copy);
    return fd;
}

static const struct yamldoc_opts file_limits = {
    .flags = YAMLDOC_EMPTY_OK, .max_bytes = 1 << 20, .max_nodes = 100000};

/* Applies a loaded file (rc: how loading it went) on top of c; frees d. */
static int apply_file(struct config *c, struct yamldoc *d, int rc, bool roles, struct err *e)
{
    const char *name = d->file ? d->file : "(input)";
    struct config scratch;
    config_init(&scratch);
    struct found f = {0};
    if (rc == 0)
        rc = walk(d, yamldoc_root(d), "", &scratch, &f, e);
    if (rc == 0)
        rc = check_fit(d, c, &scratch, &f, e);
    /* Roles are the administrator's: a file a user owns, chooses, links
     * or swaps would otherwise let anyone name themselves admin. */
    if (rc == 0 && f.access && !roles) {
        yamldoc_error(d, f.access, e,
                      "access: roles are read only from %s (root's, writable by no one else); "
                      "remove the access section from this file",
                      c->system_file ? c->system_file : "the system configuration");
        e->code = ERR_DENIED;
        rc = -ERR_DENIED;
    }
    /* Every value was checked above, so applying cannot fail half-way. */
    for (size_t i = 0; rc == 0 && i < N_KEYS; i++)
        if (f.node[i])
            rc = keys[i].set(c, &keys[i], d, f.node[i], e);
    if (rc == 0) {
        if (f.access)
            c->has_access = true;
        if (roles)
            str_replace(&c->system_database, c->database);
        c->files = xrealloc(c->files, (c->n_files + 1) * sizeof *c->files);
        c->files[c->n_files++] = xstrdup(name);
    }
    config_fini(&scratch);
    yamldoc_fini(d);
    return rc;
}

int config_read_fd(struct config *c, int fd, const char *name, bool roles, struct err *e)
{
    struct yamldoc d;
    int rc = yamldoc_load_fd(&d, fd, name, &file_limits, e);
    return apply_file(c, &d, rc, roles, e);
}

int config_load_file(struct config *c, const char *path, struct err *e)
{
    struct yamldoc d;
    int rc = yamldoc_load_file(&d, path, &file_limits, e);
    return apply_file(c, &d, rc, false, e);
}

int config_load_system(struct config *c, const char *path, struct err *e)
{
    str_replace(&c->system_file, path);
    bool missing;
    int fd = open_trusted(path, &missing, e);
    if (fd < 0)
        return missing ? 0 : -e->code;
    int rc = config_read_fd(c, fd, path, true, e);
    close(fd);
    return rc;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

char *config_user_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (!str_empty(xdg) && xdg[0] == '/')
        return xasprintf("%s/baton/config.yaml", xdg);
    if (!str_empty(home))
        return xasprintf("%s/.config/baton/config.yaml", home);
    return NULL;
}

int config_load(struct config *c, const char *system_path, const char *explicit_path,
                struct err *e)
{
    int rc = config_load_system(c, system_path, e);
    char *user = config_user_path();
    if (rc == 0 && user && exists(user))
        rc = config_load_file(c, user, e);
    free(user);
    if (rc == 0 && explicit_path)
        rc = config_load_file(c, explicit_path, e);
    return rc;
}

/* --- roles ------------------------------------------------------------------ */

static bool listed(char *const *v, size_t n, const char *login, const char *const *groups)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i][0] != '@') {
            if (str_eq(v[i], login))
                return true;
            continue;
        }
        for (size_t g = 0; groups && groups[g]; g++)
            if (strcmp(v[i] + 1, groups[g]) == 0)
                return true;
    }
    return false;
}

enum role config_role(const struct config *c, const char *login, const char *const *groups,
                      const char *dept)
{
    if (!c->has_access)
        return ROLE_ADMIN;
    /* The highest role any listing gives; the default only for the unlisted. */
    int best = -1;
    if (listed(c->admins, c->n_admins, login, groups))
        best = ROLE_ADMIN;
    for (size_t i = 0; best < ROLE_LEAD && i < c->n_leads; i++) {
        if (!listed(c->leads[i].logins, c->leads[i].n, login, groups))
            continue;
        int r = str_eq(dept, c->leads[i].department) ? ROLE_LEAD : ROLE_MEMBER;
        if (r > best)
            best = r;
    }
    if (best < ROLE_MEMBER && listed(c->members, c->n_members, login, groups))
        best = ROLE_MEMBER;
    if (best < ROLE_VIEWER && listed(c->viewers, c->n_viewers, login, groups))
        best = ROLE_VIEWER;
    return best < 0 ? c->access_default : (enum role)best;
}
