/*
 * Readers for files of indicator readings (readings.h): an RFC 4180 CSV
 * reader that keeps the line each record starts on, and a YAML reader on
 * top of yamldoc. Both check what can be checked without the database (a
 * key, a time, a finite number) and leave the rest to indicator_import().
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/readings.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "yamldoc.h"

#define MAX_FILE_BYTES ((size_t)256 << 20)
#define MAX_FIELDS 8

enum col { COL_KEY = 0, COL_AT, COL_VALUE, COL_NOTE, COL_COUNT };
static const char *const col_names[COL_COUNT] = {"key", "at", "value", "note"};

static const char TIME_HINT[] = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z]";

void readings_fini(struct readings *r)
{
    if (!r)
        return;
    reading_in_list_free(r->v, r->n);
    r->v = NULL;
    r->n = 0;
}

bool readings_format_parse(const char *s, enum readings_format *out)
{
    static const struct {
        const char *name;
        enum readings_format f;
    } names[] = {{"csv", READINGS_CSV}, {"yaml", READINGS_YAML}, {"yml", READINGS_YAML}};
    for (size_t k = 0; s && k < sizeof names / sizeof names[0]; k++)
        if (strcasecmp(s, names[k].name) == 0) {
            *out = names[k].f;
            return true;
        }
    return false;
}

static struct reading_in *push(struct readings *r, size_t *cap)
{
    r->v = xgrow(r->v, r->n, cap, sizeof *r->v);
    struct reading_in *x = &r->v[r->n++];
    memset(x, 0, sizeof *x);
    return x;
}

/* ---- CSV -------------------------------------------------------------- */

struct csv {
    const char *name;
    const char *p, *end;
    int line; /* of the next character */
    struct strbuf f[MAX_FIELDS];
    int nf;        /* fields in the record just read (more than MAX_FIELDS counted) */
    int rec_line;  /* the line the record starts on */
};

/* Reads one record. Returns 1, 0 at the end of the input, or -ERR_USAGE. */
static int csv_record(struct csv *c, struct err *e)
{
    if (c->p >= c->end)
        return 0;
    c->nf = 0;
    c->rec_line = c->line;
    for (int k = 0; k < MAX_FIELDS; k++)
        sb_clear(&c->f[k]);
    for (;;) {
        struct strbuf *f = c->nf < MAX_FIELDS ? &c->f[c->nf] : NULL;
        c->nf++;
        if (f)
            sb_add(f, ""); /* an empty field is "", not absent */
        if (c->p < c->end && *c->p == '"') {
            int open_line = c->line;
            c->p++;
            for (;;) {
                if (c->p >= c->end)
                    return err_set(e, ERR_USAGE,
                                   "%s:%d: a quoted field opened here is never closed", c->name,
                                   open_line);
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        c->p++;
                        if (f)
                            sb_addc(f, '"');
                        continue;
                    }
                    break;
                }
                if (ch == '\0')
                    return err_set(e, ERR_USAGE, "%s:%d: a NUL byte", c->name, c->line);
                if (ch == '\n')
                    c->line++;
                if (f)
                    sb_addc(f, ch);
            }
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                return err_set(e, ERR_USAGE,
                               "%s:%d: text after a closing quote (a quote inside a quoted field "
                               "is written twice: \"\")",
                               c->name, c->line);
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
                if (*c->p == '"')
                    return err_set(e, ERR_USAGE,
                                   "%s:%d: a quote inside an unquoted field (put the whole "
                                   "field in quotes and write the quote twice)",
                                   c->name, c->line);
                if (*c->p == '\0')
                    return err_set(e, ERR_USAGE, "%s:%d: a NUL byte", c->name, c->line);
                if (f)
                    sb_addc(f, *c->p);
                c->p++;
            }
        }
        if (c->p >= c->end)
            return 1;
        char sep = *c->p++;
        if (sep == ',')
            continue;
        if (sep == '\r' && c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        return 1;
    }
}

/* Field text with surrounding blanks cut, in place. */
static char *trimmed(struct strbuf *sb)
{
    char *s = sb->s ? sb->s : (char *)"";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static bool record_blank(const struct csv *c)
{
    return c->nf == 1 && (!c->f[0].s || !c->f[0].s[0]);
}

/* A header names the columns: one of them is "key". */
static bool is_header(struct csv *c)
{
    for (int k = 0; k < c->nf && k < MAX_FIELDS; k++)
        if (strcasecmp(trimmed(&c->f[k]), "key") == 0)
            return true;
    return false;
}

static int header_map(struct csv *c, int map[MAX_FIELDS], int *ncols, struct err *e)
{
    if (c->nf > MAX_FIELDS)
        return err_set(e, ERR_USAGE, "%s:%d: %d columns; a readings file has key, at, value, note",
                       c->name, c->rec_line, c->nf);
    bool seen[COL_COUNT] = {false};
    for (int k = 0; k < c->nf; k++) {
        const char *s = trimmed(&c->f[k]);
        int col = -1;
        for (int j = 0; j < COL_COUNT; j++)
            if (strcasecmp(s, col_names[j]) == 0)
                col = j;
        if (col < 0) {
            const char *near = str_nearest(s, col_names, COL_COUNT);
            return err_set(e, ERR_USAGE, "%s:%d: unknown column '%s'%s%s%s (key, at, value, note)",
                           c->name, c->rec_line, s, near ? " (did you mean '" : "",
                           near ? near : "", near ? "'?)" : "");
        }
        if (seen[col])
            return err_set(e, ERR_USAGE, "%s:%d: column '%s' appears twice", c->name,
                           c->rec_line, col_names[col]);
        seen[col] = true;
        map[k] = col;
    }
    for (int j = COL_KEY; j <= COL_VALUE; j++)
        if (!seen[j])
            return err_set(e, ERR_USAGE, "%s:%d: the header has no '%s' column", c->name,
                           c->rec_line, col_names[j]);
    *ncols = c->nf;
    return 0;
}

/* Checks one record's key, time and value into r. */
static int csv_row(struct csv *c, const int map[MAX_FIELDS], int ncols, struct reading_in *r,
                   struct err *e)
{
    if (ncols ? c->nf != ncols : c->nf < 3 || c->nf > 4) {
        if (ncols)
            return err_set(e, ERR_USAGE, "%s:%d: %d fields, the header has %d", c->name,
                           c->rec_line, c->nf, ncols);
        return err_set(e, ERR_USAGE, "%s:%d: %d field%s; expected key,at,value[,note]", c->name,
                       c->rec_line, c->nf, c->nf == 1 ? "" : "s");
    }
    /* Key, time and value with blanks cut; the note as written. */
    const char *cols[COL_COUNT] = {NULL};
    for (int k = 0; k < c->nf; k++) {
        int col = ncols ? map[k] : k;
        cols[col] = col == COL_NOTE ? (c->f[k].s ? c->f[k].s : "") : trimmed(&c->f[k]);
    }
    r->line = c->rec_line;
    r->col = 0;
    const char *key = cols[COL_KEY], *at = cols[COL_AT], *value = cols[COL_VALUE];
    if (!key || !*key)
        return err_set(e, ERR_USAGE, "%s:%d: no indicator key", c->name, c->rec_line);
    btime t;
    if (!at || !*at)
        return err_set(e, ERR_USAGE, "%s:%d: no time for %s (%s)", c->name, c->rec_line, key,
                       TIME_HINT);
    if (!time_parse(at, &t))
        return err_set(e, ERR_USAGE, "%s:%d: '%s' is not a time (%s)", c->name, c->rec_line, at,
                       TIME_HINT);
    double v;
    char why[160];
    if (!str_to_number(value, &v, why, sizeof why))
        return err_set(e, ERR_USAGE, "%s:%d: value of %s: %s", c->name, c->rec_line, key, why);
    r->key = xstrdup(key);
    r->at = xstrdup(at);
    r->value = v;
    if (cols[COL_NOTE] && *cols[COL_NOTE])
        r->note = xstrdup(cols[COL_NOTE]);
    return 0;
}

int readings_parse_csv(const char *name, const char *buf, size_t len, struct readings *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    struct csv c = {.name = name ? name : "(csv)", .p = buf, .end = buf + len, .line = 1};
    for (int k = 0; k < MAX_FIELDS; k++)
        sb_init(&c.f[k]);
    /* A byte-order mark some spreadsheets write. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3;
    int map[MAX_FIELDS] = {0}, ncols = 0;
    bool first = true;
    size_t cap = 0;
    int rc;
    while ((rc = csv_record(&c, e)) == 1) {
        if (record_blank(&c))
            continue;
        if (first && is_header(&c)) {
            first = false;
            if ((rc = header_map(&c, map, &ncols, e)) < 0)
                break;
            continue;
        }
        first = false;
        struct reading_in *r = push(out, &cap);
        if ((rc = csv_row(&c, map, ncols, r, e)) < 0) {
            out->n--;
            break;
        }
    }
    for (int k = 0; k < MAX_FIELDS; k++)
        sb_fini(&c.f[k]);
    if (rc < 0) {
        readings_fini(out);
        return rc;
    }
    return 0;
}

/* ---- YAML ------------------------------------------------------------- */

/* Reads one {key?, at, value, note} mapping into r; key is given when the
 * file is keyed by indicator (key_node then says where). */
static int yaml_row(struct yamldoc *d, const yaml_node_t *item, const yaml_node_t *key_node,
                    struct reading_in *r, struct err *e)
{
    static const char *const with_key[] = {"key", "at", "value", "note"};
    static const char *const without_key[] = {"at", "value", "note"};
    if (!yamldoc_is_map(item))
        return yamldoc_error(d, item, e, "expected a reading: {%sat: TIME, value: NUMBER}",
                             key_node ? "" : "key: KEY, ");
    int rc = key_node ? yamldoc_check_keys(d, item, NULL, without_key, 3, e)
                      : yamldoc_check_keys(d, item, NULL, with_key, 4, e);
    if (rc)
        return rc;
    const char *need[] = {key_node ? NULL : "key", "at", "value"};
    for (size_t k = 0; k < 3; k++)
        if (need[k] && !yamldoc_get(d, item, need[k]))
            return yamldoc_error(d, item, e, "this reading has no '%s'", need[k]);
    const yaml_node_t *kn = key_node ? key_node : yamldoc_get(d, item, "key");
    if ((rc = yamldoc_get_string(d, kn, "key", &r->key, e)))
        return rc;
    r->line = yamldoc_line(kn);
    r->col = yamldoc_col(kn);
    const yaml_node_t *an = yamldoc_get(d, item, "at");
    if ((rc = yamldoc_get_string(d, an, "at", &r->at, e)))
        return rc;
    btime t;
    if (!time_parse(r->at, &t))
        return yamldoc_error(d, an, e, "at: '%s' is not a time (%s)", r->at, TIME_HINT);
    if ((rc = yamldoc_get_double(d, yamldoc_get(d, item, "value"), "value", &r->value, e)))
        return rc;
    const yaml_node_t *nn = yamldoc_get(d, item, "note");
    if (nn && !yamldoc_is_null(nn) && (rc = yamldoc_get_string(d, nn, "note", &r->note, e)))
        return rc;
    return 0;
}

static int yaml_readings(struct yamldoc *d, struct readings *out, struct err *e)
{
    yaml_node_t *root = yamldoc_root(d);
    size_t cap = 0;
    if (yamldoc_is_seq(root)) {
        for (size_t k = 0; k < yamldoc_len(root); k++) {
            struct reading_in *r = push(out, &cap);
            int rc = yaml_row(d, yamldoc_item(d, root, k), NULL, r, e);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (!yamldoc_is_map(root))
        return yamldoc_error(d, root, e,
                             "expected a list of readings or a mapping from indicator key to a "
                             "list of readings");
    yaml_node_t *k, *v;
    for (size_t i = 0; yamldoc_pair(d, root, i, &k, &v); i++) {
        if (!yamldoc_scalar(k))
            return yamldoc_error(d, k, e, "expected an indicator key");
        if (yamldoc_is_null(v))
            continue;
        int rc = yamldoc_expect_seq(d, v, yamldoc_scalar(k), e);
        if (rc)
            return rc;
        for (size_t j = 0; j < yamldoc_len(v); j++) {
            struct reading_in *r = push(out, &cap);
            if ((rc = yaml_row(d, yamldoc_item(d, v, j), k, r, e)))
                return rc;
        }
    }
    return 0;
}

int readings_parse_yaml(const char *name, const char *buf, size_t len, struct readings *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    struct yamldoc d;
    struct yamldoc_opts o = {.flags = YAMLDOC_EMPTY_OK};
    int rc = yamldoc_load_buffer(&d, name ? name : "(yaml)", buf, len, &o, e);
    if (!rc)
        rc = yaml_readings(&d, out, e);
    yamldoc_fini(&d);
    if (rc)
        readings_fini(out);
    return rc;
}

/* ---- files ------------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int readings_load(const char *path, enum readings_format f, struct readings *out,
                  struct err *e)
{
    memset(out, 0, sizeof *out);
    if (f == READINGS_AUTO) {
        if (ends_with(path, ".csv"))
            f = READINGS_CSV;
        else if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
            f = READINGS_YAML;
        else
            return err_set(e, ERR_USAGE,
                           "%s: cannot tell CSV from YAML by the name; add --format csv or "
                           "--format yaml",
                           path);
    }
    struct strbuf sb;
    sb_init(&sb);
    int rc = yamldoc_read_whole_file(path, MAX_FILE_BYTES, &sb, e);
    if (!rc)
        rc = f == READINGS_CSV ? readings_parse_csv(path, sb.s ? sb.s : "", sb.len, out, e)
                               : readings_parse_yaml(path, sb.s ? sb.s : "", sb.len, out, e);
    sb_fini(&sb);
    return rc;
}
