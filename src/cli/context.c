/*
 * What a subcommand's handler asks of the dispatcher's context (cli.h):
 * its options' values, one-line messages on stderr, output in the format
 * asked for, and the department and project keys it was given, checked
 * against the organisation with the nearest key suggested.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "baton/cli.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/project.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/utf8.h"

void cli_say(const char *fmt, ...)
{
    char msg[4096]; /* one line: what is longer is cut */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* A message may quote what the user typed or the database held. */
    char *shown = utf8_sanitize(msg, !utf8_locale());
    fprintf(stderr, "baton: %s\n", shown);
    free(shown);
}

static size_t opt_index(const struct cli *c, const char *name)
{
    for (size_t i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
        if (strcmp(c->cmd->opts[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

const char *cli_opt(const struct cli *c, const char *name)
{
    size_t i = opt_index(c, name);
    return i == (size_t)-1 ? NULL : c->vals[i];
}

bool cli_flag(const struct cli *c, const char *name)
{
    return cli_opt(c, name) != NULL;
}

long cli_opt_long(const struct cli *c, const char *name, long def)
{
    long v;
    const char *s = cli_opt(c, name);
    return s && str_to_long(s, &v) ? v : def;
}

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

void cli_emit(struct cli *c, const struct out *o)
{
    struct out_opts opts = out_opts_default();
    opts.ascii = !utf8_locale();
    opts.width = c->tty ? terminal_width() : 0;
    struct strbuf sb;
    sb_init(&sb);
    out_render(&sb, o, c->format, &opts);
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
}

void cli_emit_record(struct cli *c, const struct out *o)
{
    struct strbuf sb;
    sb_init(&sb);
    if (c->format == OUT_JSON) {
        out_render_json_object(&sb, o, 0);
        sb_addc(&sb, '\n');
    } else {
        struct out_opts opts = out_opts_default();
        opts.ascii = !utf8_locale();
        out_render_record(&sb, o, 0, &opts);
    }
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
}

/* The keys of every department or project, for a suggestion (borrowed
 * from *rows, which the caller frees with the entity's list_free). */
static const char **department_keys(struct store *st, void **rows, size_t *n)
{
    struct department *v = NULL;
    struct query q = {0};
    struct err ignored;
    if (department_list(st, &q, &v, n, &ignored) != 0 || !*n)
        return NULL;
    *rows = v;
    const char **keys = xcalloc(*n, sizeof *keys);
    for (size_t i = 0; i < *n; i++)
        keys[i] = v[i].key;
    return keys;
}

static const char **project_keys(struct store *st, void **rows, size_t *n)
{
    struct project *v = NULL;
    struct query q = {0};
    struct err ignored;
    if (project_list(st, &q, &v, n, &ignored) != 0 || !*n)
        return NULL;
    *rows = v;
    const char **keys = xcalloc(*n, sizeof *keys);
    for (size_t i = 0; i < *n; i++)
        keys[i] = v[i].key;
    return keys;
}

static void departments_free(void *rows, size_t n)
{
    department_list_free(rows, n);
}

static void projects_free(void *rows, size_t n)
{
    project_list_free(rows, n);
}

static int department_exists(struct store *st, const char *key, struct err *e)
{
    struct department d = {0};
    int rc = department_get(st, key, &d, e);
    if (rc == 0)
        department_fini(&d);
    return rc;
}

static int project_exists(struct store *st, const char *key, struct err *e)
{
    struct project p = {0};
    int rc = project_get(st, key, &p, e);
    if (rc == 0)
        project_fini(&p);
    return rc;
}

/* What a key given on the command line may name. */
struct keyed {
    const char *what; /* "department" */
    int (*exists)(struct store *st, const char *key, struct err *e);
    const char **(*keys)(struct store *st, void **rows, size_t *n);
    void (*rows_free)(void *rows, size_t n);
};
static const struct keyed departments = {"department", department_exists, department_keys,
                                         departments_free};
static const struct keyed projects = {"project", project_exists, project_keys, projects_free};

/* ERR_USAGE naming the nearest key (or the list command) unless key names
 * one of k's. */
static int check_key(struct cli *c, const struct keyed *k, const char *key, const char *opt,
                     struct err *e)
{
    if (text_check(TEXT_KEY, opt, key, e))
        return -e->code;
    struct err ignored;
    err_clear(&ignored);
    if (k->exists(c->st, key, &ignored) == 0)
        return 0;
    if (ignored.code != ERR_USAGE) { /* a damaged database, not a typo */
        *e = ignored;
        return -e->code;
    }
    void *rows = NULL;
    size_t n = 0;
    const char **keys = k->keys(c->st, &rows, &n);
    const char *near = keys ? cli_suggest(key, keys, n) : NULL;
    if (near)
        err_set(e, ERR_USAGE, "no %s '%s' (%s); did you mean '%s'?", k->what, key, opt, near);
    else
        err_set(e, ERR_USAGE, "no %s '%s' (%s); see 'baton %s list'", k->what, key, opt,
                k->what);
    free(keys);
    if (rows)
        k->rows_free(rows, n);
    return -ERR_USAGE;
}

int cli_need_a_field(const struct cli *c, struct err *e)
{
    for (size_t i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
        if (c->vals[i] && strcmp(c->cmd->opts[i].name, "expect-version") != 0)
            return 0;
    return err_set(e, ERR_USAGE, "nothing to change: name a field, e.g. 'baton %s %s %s --%s ...'",
                   c->cmd->name, c->cmd->verb, c->args[0],
                   c->cmd->opts && c->cmd->opts[0].name ? c->cmd->opts[0].name : "title");
}

int cli_written(struct cli *c, int rc, const char *done)
{
    if (rc == 0)
        fprintf(c->out, "%s%s%s\n", c->args[0], done ? ": " : "", done ? done : "");
    return rc;
}

int cli_check_department(struct cli *c, const char *key, const char *opt, struct err *e)
{
    return check_key(c, &departments, key, opt, e);
}

int cli_check_project(struct cli *c, const char *key, const char *opt, struct err *e)
{
    return check_key(c, &projects, key, opt, e);
}

struct out_col cli_out_col(const struct entity_field *f, bool times)
{
    enum out_type t = f->type == FT_INT || f->type == FT_REAL ? OUT_NUM
                      : f->type == FT_LIST                    ? OUT_LIST
                      : f->type == FT_BOOL                    ? OUT_BOOL
                      : times && f->type == FT_TIME           ? OUT_TIME
                                                              : OUT_STR;
    return (struct out_col){field_key(f), t};
}

void cli_out_field(struct out *o, size_t col, const struct entity_field *f, const void *row)
{
    char buf[32];
    const char *v = field_text(f, row, buf);
    if (f->type == FT_LIST && v) {
        char *words = xstrdup(v); /* an OUT_LIST cell holds words apart */
        for (char *p = words; *p; p++)
            if (*p == ',')
                *p = ' ';
        out_set(o, col, words);
        free(words);
    } else if ((f->type == FT_INT || f->type == FT_ID) && v) {
        out_set_long(o, col, strtoll(v, NULL, 10));
    } else if (f->type == FT_BOOL) {
        out_set_bool(o, col, str_eq(v, "yes"));
    } else if (f->type == FT_REAL && v) {
        double d;
        memcpy(&d, (const char *)row + f->off, sizeof d);
        out_set_double(o, col, d);
    } else if (f->type == FT_INT || f->type == FT_CHOICE || f->type == FT_REAL) {
        out_set(o, col, v);
    } else {
        out_set(o, col, *(char *const *)(const void *)((const char *)row + f->off));
    }
}

void cli_out_fields(struct out *o, const struct entity *ent, const void *row)
{
    for (size_t col = 0; col < o->n_cols; col++)
        for (size_t i = 0; i < ent->n; i++)
            if (strcmp(field_key(&ent->fields[i]), o->cols[col].name) == 0)
                cli_out_field(o, col, &ent->fields[i], row);
}
