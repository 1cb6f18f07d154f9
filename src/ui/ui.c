/*
 * ui_run: the cockpit from start to end. Everything that can be refused
 * (key bindings, layout, theme, terminal) is checked before the terminal
 * is touched, so errors print as plain lines. Then one loop waits for a
 * key with a timeout of refresh_ms, and on each wake polls the store's
 * data version, refreshes presence every 30 seconds and keeps the clock.
 * An idle cockpit sleeps in that wait; it never spins.
 *
 * The terminal is restored on every way out: q, a signal (the handler
 * only sets a flag; the loop sees it and leaves), or a fatal error.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "baton/cfgcheck.h"
#include "baton/department.h"
#include "baton/ui.h"
#include "baton/utf8.h"
#include "ui_internal.h"

static const struct app_hooks hooks = {
    .banner = standup_banner,
    .running_by = standup_running_by,
    .marks = triage_marks,
    .marked = triage_marked,
    .others = people_refresh,
    .keep_up = standup_reload,
};

const struct mode *const mode_all[] = {
    &mode_panes,  &mode_detail, &mode_help,   &mode_filter, &mode_command, &mode_triage,
    &mode_standup, &mode_follow, &mode_prompt, &mode_picker, &mode_form,
};
const size_t mode_count = sizeof mode_all / sizeof mode_all[0];


static int setup_layout(struct app *a, struct err *e)
{
    const struct config *cfg = a->cfg;
    const char *const *names = pane_names;
    size_t n = PANE_DEFAULT_COUNT;
    if (cfg && cfg->n_panes > 0) {
        names = (const char *const *)cfg->panes;
        n = cfg->n_panes;
    }
    a->grid_rows = cfg && cfg->layout_rows > 0 ? cfg->layout_rows : 2;
    a->grid_cols = cfg && cfg->layout_cols > 0 ? cfg->layout_cols : 2;
    if (n > UI_MAX_PANES)
        return err_set(e, ERR_USAGE, "layout: %zu panes, at most %d", n, UI_MAX_PANES);
    if ((size_t)(a->grid_rows * a->grid_cols) < n)
        return err_set(e, ERR_USAGE, "layout: %zu panes do not fit a %dx%d grid", n,
                       a->grid_rows, a->grid_cols);
    for (size_t i = 0; i < n; i++) {
        const struct pane_class *cls = pane_class_find(names[i]);
        if (!cls) {
            struct strbuf all;
            sb_init(&all);
            pane_names_list(&all);
            err_set(e, ERR_USAGE, "layout: unknown pane '%s' (panes: %s)", names[i], sb_str(&all));
            sb_fini(&all);
            return -ERR_USAGE;
        }
        pane_init(&a->panes[i].pane, cls);
    }
    a->n_panes = (int)n;
    /* with a shorter list, the grid shrinks to what is used */
    while (a->grid_rows > 1 && (a->grid_rows - 1) * a->grid_cols >= a->n_panes)
        a->grid_rows--;
    return 0;
}

static int setup_theme(struct app *a, const char *explicit_name, struct err *e)
{
    const char *name = explicit_name;
    if (str_empty(name))
        name = a->cfg && !str_empty(a->cfg->theme) ? a->cfg->theme : "default";
    struct err te = {0};
    if (term_theme(a, name, &te) == 0)
        return 0;
    if (!str_empty(explicit_name))
        return err_set(e, te.code ? te.code : ERR_USAGE, "%s", te.msg);
    /* a configured theme is refused like --theme, at the line that names it */
    char where[512];
    view_config_where(a->cfg, "theme", where, sizeof where);
    return err_set(e, te.code ? te.code : ERR_USAGE, "%s%s", where, te.msg);
}

/* COLORTERM=truecolor (or 24bit) says the terminal draws any colour even
 * when TERM names an 8-colour entry, as a plain "xterm" often does over
 * SSH: the entry's 256-colour sibling is tried first (NULL: none to try). */
static char *truecolor_sibling(void)
{
    const char *ct = getenv("COLORTERM"), *term = getenv("TERM");
    if (str_empty(ct) || str_empty(term) || strstr(term, "256color"))
        return NULL;
    if (strcmp(ct, "truecolor") != 0 && strcmp(ct, "24bit") != 0)
        return NULL;
    static const char *const families[] = {"xterm", "screen", "tmux", "rxvt-unicode", "putty"};
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strcmp(term, families[i]) == 0)
            return xasprintf("%s-256color", term);
    return NULL;
}

static void heartbeat(struct app *a)
{
    people_beat(a);
    a->last_beat = (btime)time(NULL);
}

/* What to do when the input wait wakes: colleagues' changes, presence, clock. */
static void tick(struct app *a)
{
    struct err e = {0};
    int64_t v = 0;
    if (store_data_version(a->st, &v, &e) == 0 && v != a->data_version) {
        a->data_version = v;
        app_reload_all(a);
    }
    btime now = (btime)time(NULL);
    if (now - a->last_beat >= UI_BEAT_SECONDS)
        heartbeat(a);
    standup_tick(a);
    people_view(a);
    btime minute = time_now() / 60;
    if (minute != a->clock_minute) {
        a->clock_minute = minute;
        a->dirty_header = true;
    }
}

/* Windows go before the screen they belong to. */
static void close_windows(struct app *a)
{
    for (int i = 0; i < a->n_panes; i++)
        if (a->panes[i].win)
            delwin(a->panes[i].win);
    if (a->header)
        delwin(a->header);
    if (a->status)
        delwin(a->status);
    if (a->main)
        delwin(a->main);
}

static void app_fini(struct app *a)
{
    mode_fini(a);
    triage_free(a);
    standup_free(a);
    for (int i = 0; i < a->n_panes; i++)
        pane_fini(&a->panes[i].pane);
    app_detail_free(a);
    people_fini(a);
    doc_fini(&a->detail);
    doc_fini(&a->help);
    free(a->help_query);
    history_fini(&a->history);
    free(a->detail_key);
    free(a->dept);
    free(a->org);
}

static void resized(struct app *a)
{
    /* A terminal may reflow or keep what it showed in ways ncurses cannot
     * know (tmux rewraps lines): the new size is painted from scratch. */
    a->clear_all = true;
    draw_layout(a);
    for (int i = 0; i < a->n_panes; i++)
        app_sync_pane(a, i);
    for (int i = a->n_modes - 1; i >= 0; i--)
        if (a->modes[i].m->resize)
            a->modes[i].m->resize(a);
}

/* ---- benchmark hook -------------------------------------------------
 * When $BATON_BENCH_LOG names a file, the cockpit appends one line per key
 * press, "KEY MICROSECONDS", timed from wget_wch() handing over the key to
 * the end of the doupdate() that shows its effect, and one line
 * "frame MICROSECONDS" for the first complete frame, timed from ui_run()'s
 * start. bench/run.sh reads it; without the variable this is one getenv. */
struct bench_hook {
    FILE *log;
    int64_t t0; /* monotonic microseconds of the pending event; 0 = none */
    char what[24];
};

static int64_t bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* An optional file of the user's, opened with their rights only (in
 * secure mode too): when that fails the cockpit says so and goes on. */
static void bench_open(struct app *a, struct bench_hook *b, int64_t started)
{
    const char *path = getenv("BATON_BENCH_LOG");
    b->log = str_empty(path) ? NULL : fopen(path, "a");
    if (!str_empty(path) && !b->log)
        app_message(a, true, "warning: BATON_BENCH_LOG %s: %s; not logging", path,
                    strerror(errno));
    b->t0 = started;
    snprintf(b->what, sizeof b->what, "frame");
}

static void bench_key(struct bench_hook *b, vkey k)
{
    if (!b->log)
        return;
    b->t0 = bench_now_us();
    vkey_name(k, b->what);
}

static void bench_drawn(struct bench_hook *b)
{
    if (!b->log || !b->t0)
        return;
    fprintf(b->log, "%s %lld\n", b->what, (long long)(bench_now_us() - b->t0));
    fflush(b->log);
    b->t0 = 0;
}

static void bench_close(struct bench_hook *b)
{
    if (b->log)
        fclose(b->log);
}

static void run_loop(struct app *a, struct bench_hook *bench)
{
    while (!a->quit && !term_signalled()) {
        draw_all_dirty(a);
        bench_drawn(bench);
        wint_t ch = 0;
        int rc = wget_wch(a->status, &ch);
        if (term_signalled())
            break;
        if (rc == ERR) {
            tick(a);
            store_idle(a->st); /* nobody is typing: the log is copied now */
            continue;
        }
        vkey k = input_translate(rc, ch);
        if (k != VK_NONE)
            bench_key(bench, k);
        if (k == VK_RESIZE)
            resized(a);
        else if (k == VK_MOUSE)
            input_mouse(a);
        else if (k != VK_NONE && !a->too_small)
            input_key(a, k);
        else if (k != VK_NONE && a->too_small && keymap_lookup(&a->km, MODE_PANES, k) == CMD_QUIT)
            a->quit = true;
        tick(a);
    }
}

int ui_run(struct store *st, const struct ui_opts *opts, struct err *e)
{
    int64_t started = bench_now_us();
    struct app *a = xcalloc(1, sizeof *a);
    a->hooks = &hooks;
    a->st = st;
    store_defer_checkpoints(st); /* copied while nobody types (store_idle) */
    a->cfg = opts ? opts->cfg : NULL;
    a->db_path = opts && opts->db_path ? opts->db_path : store_path(st);
    mode_init(a, &mode_panes);
    history_init(&a->history);
    keymap_init(&a->km);
    int rc = keymap_apply_config(&a->km, a->cfg, e);
    if (!rc)
        rc = setup_layout(a, e);
    if (!rc)
        rc = setup_theme(a, opts ? opts->theme : NULL, e);
    if (!rc)
        rc = term_check(e);
    if (rc) {
        app_fini(a);
        free(a);
        return rc;
    }
    a->no_color = !str_empty(getenv("NO_COLOR"));
    setlocale(LC_ALL, "");
    a->utf8 = utf8_locale();
    view_ctx_init(&a->ctx, !a->utf8, time_now());

    term_save_before();
    term_signals(true);
    char *colour_term = truecolor_sibling();
    a->scr = colour_term ? newterm(colour_term, stdout, stdin) : NULL;
    free(colour_term);
    if (!a->scr)
        a->scr = newterm(NULL, stdout, stdin);
    if (!a->scr) {
        term_signals(false);
        app_fini(a);
        free(a);
        return err_set(e, ERR_USAGE,
                       "terminal '%s' cannot run the cockpit; set TERM (e.g. xterm-256color)",
                       getenv("TERM") ? getenv("TERM") : "");
    }
    set_term(a->scr);
    cbreak();
    /* Ctrl-S saves a form: flow control must not swallow it */
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) == 0) {
        tio.c_iflag &= ~(tcflag_t)IXON;
        tcsetattr(STDIN_FILENO, TCSANOW, &tio);
        def_prog_mode();
    }
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    /* Esc answers within a few milliseconds: the bytes of an arrow's or a
     * function key's sequence are written by the terminal at once and
     * arrive together, also over SSH. ESCDELAY in the environment, read by
     * curses, still wins. */
    if (!getenv("ESCDELAY"))
        set_escdelay(UI_ESCDELAY_MS);
    curs_set(0);
    term_colors(a);
    if (a->cfg && a->cfg->mouse) {
        mmask_t mask = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
        mask |= BUTTON5_PRESSED;
#endif
        mousemask(mask, NULL);
        mouseinterval(0);
    }
    term_prepare_crash(a->cfg && a->cfg->mouse);

    a->actor = store_actor(st);
    a->clock_minute = time_now() / 60;
    people_start(a);
    heartbeat(a);
    store_data_version(st, &a->data_version, e);
    err_clear(e);
    draw_layout(a);
    app_reload_all(a);
    struct bench_hook bench;
    bench_open(a, &bench, started);
    if (a->msg[0])
        a->dirty_status = true;

    run_loop(a, &bench);
    bench_close(&bench);

    close_windows(a);
    term_disarm();
    endwin();
    delscreen(a->scr);
    term_signals(false);
    store_presence_leave(st);
    app_fini(a);
    free(a);
    term_reraise();
    return 0;
}
