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

int cli_check_department(struct cli *c, const char *key, const char *opt, struct err *e)
{
    if (text_check(TEXT_KEY, opt, key, e))
        return -e->code;
    struct department d = {0};
    struct err ignored;
    if (department_get(c->st, key, &d, &ignored) == 0) {
        department_fini(&d);
        return 0;
    }
    if (ignored.code != ERR_USAGE) { /* a damaged database, not a typo */
        *e = ignored;
        return -e->code;
    }
    struct department *v = NULL;
    size_t n = 0;
    struct query q = {0};
    const char *near = NULL;
    const char **keys = NULL;
    if (department_list(c->st, &q, &v, &n, &ignored) == 0 && n) {
        keys = xcalloc(n, sizeof *keys);
        for (size_t i = 0; i < n; i++)
            keys[i] = v[i].key;
        near = cli_suggest(key, keys, n);
    }
    if (near)
        err_set(e, ERR_USAGE, "no department '%s' (%s); did you mean '%s'?", key, opt, near);
    else
        err_set(e, ERR_USAGE, "no department '%s' (%s); see 'baton department list'", key, opt);
    free(keys);
    department_list_free(v, n);
    return -ERR_USAGE;
}

int cli_check_project(struct cli *c, const char *key, const char *opt, struct err *e)
{
    if (text_check(TEXT_KEY, opt, key, e))
        return -e->code;
    struct project p = {0};
    struct err ignored;
    if (project_get(c->st, key, &p, &ignored) == 0) {
        project_fini(&p);
        return 0;
    }
    if (ignored.code != ERR_USAGE) { /* a damaged database, not a typo */
        *e = ignored;
        return -e->code;
    }
    struct project *v = NULL;
    size_t n = 0;
    struct query q = {0};
    const char *near = NULL;
    const char **keys = NULL;
    if (project_list(c->st, &q, &v, &n, &ignored) == 0 && n) {
        keys = xcalloc(n, sizeof *keys);
        for (size_t i = 0; i < n; i++)
            keys[i] = v[i].key;
        near = cli_suggest(key, keys, n);
    }
    if (near)
        err_set(e, ERR_USAGE, "no project '%s' (%s); did you mean '%s'?", key, opt, near);
    else
        err_set(e, ERR_USAGE, "no project '%s' (%s); see 'baton project list'", key, opt);
    free(keys);
    project_list_free(v, n);
    return -ERR_USAGE;
}
