/*
 * The `:` command line: a table of commands (name, argument, help, run),
 * completion of command names and theme names, and the clipboard, which
 * writes OSC 52 straight to the terminal between two screen updates. The
 * terminal must allow OSC 52 (xterm: allowWindowOps or disallowedWindowOps
 * without SetSelection; most others by default). Inside tmux the sequence
 * goes to tmux itself, whose set-clipboard option decides: "external" (the
 * default) forwards it to the outer terminal, "on" also keeps a paste
 * buffer, "off" drops it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baton/cfgcheck.h"
#include "baton/config.h"
#include "baton/orgfile.h"
#include "baton/utf8.h"
#include "ui_internal.h"

struct line_cmd {
    const char *name;
    const char *arg; /* NULL when it takes none */
    const char *help;
    void (*run)(struct app *a, const char *arg);
};

static void run_quit(struct app *a, const char *arg)
{
    a->quit = true;
}

static void run_theme(struct app *a, const char *arg)
{
    if (str_empty(arg)) {
        app_message(a, true, "theme needs a name: :theme NAME (Tab completes)");
        return;
    }
    struct err e = {0};
    if (term_theme(a, arg, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    term_colors(a);
    a->clear_all = true;
    draw_layout(a);
    const char *bare = a->depth ? "" : " (attributes only: no colour here)";
    /* a theme is kept by a theme: line in the configuration, which the
     * cockpit does not write: the person's file stays theirs */
    char where[512] = "";
    if (a->cfg && str_eq(a->cfg->theme, a->theme.name))
        view_config_where(a->cfg, "theme", where, sizeof where);
    if (where[0]) {
        where[strlen(where) - 2] = 0; /* "FILE:LINE:COL" without ": " */
        app_message(a, false, "theme %s%s, kept: %s says theme: %s", a->theme.name, bare, where,
                    a->theme.name);
        return;
    }
    char *user = config_user_path();
    app_message(a, false, "theme %s%s for this session; not kept: add 'theme: %s' to %s",
                a->theme.name, bare, a->theme.name, user ? user : "your configuration");
    free(user);
}

static void run_demo(struct app *a, const char *arg)
{
    if (!a->empty) {
        app_message(a, true,
                    "this database already holds an organisation; :demo fills an empty one "
                    "(baton --db NEW.db demo)");
        return;
    }
    struct org_tally t;
    struct err e = {0};
    if (org_load_demo(a->st, &t, &e) < 0) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    app_message(a, false,
                "loaded the demo organisation: %zu department%s, %zu project%s, %zu blocker%s, "
                "%zu indicator%s",
                t.departments, t.departments == 1 ? "" : "s", t.projects,
                t.projects == 1 ? "" : "s", t.blockers, t.blockers == 1 ? "" : "s",
                t.indicators, t.indicators == 1 ? "" : "s");
    char msg[sizeof a->msg];
    memcpy(msg, a->msg, sizeof msg);
    app_reload_all(a);
    memcpy(a->msg, msg, sizeof msg);
    draw_mark_panes(a);
}

/* Finds key among the classes; focuses its pane and opens its detail. */
static void run_goto(struct app *a, const char *arg)
{
    if (str_empty(arg)) {
        app_message(a, true, "goto needs a key: :goto B-17");
        return;
    }
    size_t n;
    const struct pane_class *const *cls = pane_classes(&n);
    char *upper = xstrdup(arg);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    const char *tries[2] = {arg, upper};
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = 0; i < n; i++) {
            struct err e = {0};
            int64_t id = 0;
            int rc = cls[i]->find(a->st, tries[t], &id, &e);
            if (rc < 0) {
                app_message(a, true, "%s", e.msg);
                free(upper);
                return;
            }
            if (rc != 0)
                continue;
            for (int p = 0; p < a->n_panes; p++) {
                struct pane *pn = &a->panes[p].pane;
                if (pn->cls != cls[i])
                    continue;
                a->panes[a->focus].pane.dirty = true;
                a->focus = p;
                int found = pane_locate(pn, a->st, a->dept, &a->ctx, id, 100000, &e);
                if (found == 1 && (pn->filter.len || (pn->cls->narrowable && a->dept))) {
                    /* hidden by the filter or the narrowing: show everything */
                    line_clear(&pn->filter);
                    if (pn->cls->narrowable && a->dept)
                        app_narrow(a, NULL);
                    pane_reload(pn, a->st, a->dept, &a->ctx, &e);
                    pane_locate(pn, a->st, a->dept, &a->ctx, id, 100000, &e);
                }
                pn->dirty = true;
                break;
            }
            app_open_detail(a, cls[i], tries[t]);
            free(upper);
            return;
        }
    }
    app_message(a, true, "no department, project, blocker, indicator or objective '%s'", arg);
    free(upper);
}

static void run_help(struct app *a, const char *arg)
{
    app_help(a);
}

static void run_reload(struct app *a, const char *arg)
{
    app_reload_all(a);
    app_message(a, false, "reloaded");
}

static void run_narrow(struct app *a, const char *arg)
{
    if (str_empty(arg))
        app_narrow(a, NULL);
    else
        app_narrow(a, arg);
}

static void run_triage(struct app *a, const char *arg)
{
    if (a->empty) {
        app_message(a, false, "nothing to triage: the database holds no organisation yet");
        return;
    }
    mode_remove(a, &mode_detail);
    mode_remove(a, &mode_help);
    triage_enter(a);
}

static void run_standup(struct app *a, const char *arg)
{
    mode_remove(a, &mode_help);
    triage_leave(a);
    standup_enter(a);
}

static void run_follow(struct app *a, const char *arg)
{
    mode_remove(a, &mode_help);
    standup_follow(a);
}

/* A view of the whole of cls (its detail of key ""), over what is open. */
static void open_whole(struct app *a, const struct pane_class *cls, const char *empty)
{
    if (a->empty) {
        app_message(a, false, "%s", empty);
        return;
    }
    mode_remove(a, &mode_help);
    triage_leave(a);
    app_open_detail(a, cls, "");
}

static void run_flow(struct app *a, const char *arg)
{
    (void)arg;
    open_whole(a, &pane_flow, "no flow yet: the database holds no organisation");
}

static void run_objectives(struct app *a, const char *arg)
{
    (void)arg;
    open_whole(a, &pane_objectives, "no objectives yet: the database holds no organisation");
}

static const struct line_cmd line_cmds[] = {
    {"demo", NULL, "load the demo organisation into an empty database", run_demo},
    {"flow", NULL, "who waits on whom: the bottleneck, the heat map, the aging chart", run_flow},
    {"follow", NULL, "follow the stand-up someone else is running", run_follow},
    {"goto", "KEY", "jump to a department, project, blocker, indicator or objective", run_goto},
    {"help", NULL, "show the keys", run_help},
    {"narrow", "DEPT", "narrow the panes to a department (no argument widens)", run_narrow},
    {"objectives", NULL, "the objectives' tree: the company's, each department's under them",
     run_objectives},
    {"q", NULL, "quit", run_quit},
    {"quit", NULL, "quit", run_quit},
    {"reload", NULL, "reload from the database", run_reload},
    {"standup", NULL, "start the stand-up, or resume the one left open", run_standup},
    {"theme", "NAME", "switch the colour theme", run_theme},
    {"triage", NULL, "triage the queue of new blockers", run_triage},
};
#define N_LINE_CMDS (sizeof line_cmds / sizeof line_cmds[0])

void cmdline_run(struct app *a, const char *line)
{
    while (*line == ' ')
        line++;
    if (!*line)
        return;
    char *copy = xstrdup(line);
    char *arg = strchr(copy, ' ');
    if (arg) {
        *arg++ = 0;
        while (*arg == ' ')
            arg++;
        size_t n = strlen(arg);
        while (n > 0 && arg[n - 1] == ' ')
            arg[--n] = 0;
    }
    for (size_t i = 0; i < N_LINE_CMDS; i++)
        if (strcmp(copy, line_cmds[i].name) == 0) {
            line_cmds[i].run(a, arg);
            free(copy);
            return;
        }
    const char *names[N_LINE_CMDS];
    for (size_t i = 0; i < N_LINE_CMDS; i++)
        names[i] = line_cmds[i].name;
    const char *near = str_nearest(copy, names, N_LINE_CMDS);
    if (near)
        app_message(a, true, "unknown command '%s'; did you mean '%s'?", copy, near);
    else
        app_message(a, true,
                    "unknown command '%s'; commands: demo, flow, goto KEY, help, narrow DEPT, "
                    "objectives, q, reload, standup, follow, theme NAME, triage",
                    copy);
    free(copy);
}

/* Completes the item key being typed: keys starting with it, found through
 * the model (a few of each kind). Keys are upper case, so "b-1" completes
 * as "B-1" when nothing matches it as typed. */
static int complete_key(struct app *a, bool depts_only, struct strbuf *shown)
{
    size_t start = a->line.len;
    while (start > 0 && a->line.buf[start - 1] != ' ')
        start--;
    char *word = xstrdup(a->line.buf + start);
    size_t n = 0;
    char **keys = view_key_candidates(a->st, word, depts_only, 20, &n);
    bool exact = false;
    for (size_t i = 0; i < n && !exact; i++)
        exact = strncmp(keys[i], word, strlen(word)) == 0;
    if (!exact && n > 0) {
        /* take the case of the first candidate for the part typed */
        char line[LINE_MAX_BYTES];
        snprintf(line, sizeof line, "%.*s%.*s", (int)start, a->line.buf, (int)strlen(word),
                 keys[0]);
        line_set(&a->line, line);
    }
    int matches = view_complete(&a->line, (const char *const *)keys, n, shown);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    free(word);
    return matches;
}

void cmdline_complete(struct app *a)
{
    struct strbuf shown;
    sb_init(&shown);
    const char *space = strchr(a->line.buf, ' ');
    int matches = 0;
    if (!space) {
        const char *names[N_LINE_CMDS];
        for (size_t i = 0; i < N_LINE_CMDS; i++)
            names[i] = line_cmds[i].name;
        matches = view_complete(&a->line, names, N_LINE_CMDS, &shown);
    } else if (strncmp(a->line.buf, "theme ", 6) == 0) {
        char **themes = theme_names();
        size_t n = 0;
        while (themes && themes[n])
            n++;
        matches = view_complete(&a->line, (const char *const *)themes, n, &shown);
        for (size_t i = 0; i < n; i++)
            free(themes[i]);
        free(themes);
    } else if (strncmp(a->line.buf, "goto ", 5) == 0 || strncmp(a->line.buf, "narrow ", 7) == 0) {
        matches = complete_key(a, strncmp(a->line.buf, "narrow ", 7) == 0, &shown);
    }
    if (matches == 0)
        app_message(a, false, "no completion");
    else if (matches > 1)
        app_message(a, false, "%s", sb_str(&shown));
    else
        a->msg[0] = 0;
    sb_fini(&shown);
    a->dirty_status = true;
}

void clip_copy(struct app *a, const char *text)
{
    struct strbuf seq;
    sb_init(&seq);
    view_osc52(text, &seq);
    /* straight to the terminal, after curses has flushed what it had */
    fflush(stdout);
    ssize_t w = write(STDOUT_FILENO, seq.s, seq.len);
    sb_fini(&seq);
    char *safe = utf8_sanitize(text, a->ctx.ascii);
    if (w < 0)
        app_message(a, true, "could not write to the terminal to copy");
    else
        app_message(a, false, "copied: %s", safe);
    free(safe);
}
