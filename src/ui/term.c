/*
 * The terminal: whether it can run the cockpit at all, the colour depth
 * and the theme's colour pairs, and the signals that end the cockpit
 * cleanly. The signal flag is the one mutable global of the cockpit: a
 * handler can reach nothing else.
 */
#include "ui_internal.h"

#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* last: term.h defines macros (lines, columns ...) that clash with ordinary names */
#include <term.h>

static volatile sig_atomic_t signalled;

/* What a crash needs to give the terminal back, prepared while the
 * cockpit starts because a signal handler may only write and tcsetattr:
 * the settings from before the cockpit, and the bytes that leave the
 * alternate screen, show the cursor and end keypad and mouse modes. */
static struct {
    bool armed;
    bool have_tio;
    struct termios tio;
    char bytes[256];
    size_t n;
} before;

/* The signals that end a process with a core, and the line each leaves. */
static const struct {
    int sig;
    const char *line;
} fatal_sigs[] = {
    {SIGSEGV, "baton: crashed (SIGSEGV); the terminal was restored\n"},
    {SIGABRT, "baton: crashed (SIGABRT); the terminal was restored\n"},
    {SIGBUS, "baton: crashed (SIGBUS); the terminal was restored\n"},
    {SIGFPE, "baton: crashed (SIGFPE); the terminal was restored\n"},
    {SIGILL, "baton: crashed (SIGILL); the terminal was restored\n"},
    {SIGSYS, "baton: crashed (SIGSYS); the terminal was restored\n"},
    {SIGTRAP, "baton: crashed (SIGTRAP); the terminal was restored\n"},
    {SIGQUIT, "baton: quit (SIGQUIT, Ctrl-\\); the terminal was restored\n"},
};

static void on_signal(int sig)
{
    signalled = sig;
}

static void add_cap(const char *cap)
{
    const char *s = tigetstr(cap);
    if (!s || s == (char *)-1)
        return;
    size_t len = strlen(s);
    if (before.n + len < sizeof before.bytes) {
        memcpy(before.bytes + before.n, s, len);
        before.n += len;
    }
}

void term_save_before(void)
{
    before.have_tio = tcgetattr(STDIN_FILENO, &before.tio) == 0;
}

void term_prepare_crash(bool mouse)
{
    before.n = 0;
    add_cap("sgr0");
    if (mouse) {
        static const char off[] = "\033[?1000l\033[?1006l";
        memcpy(before.bytes + before.n, off, sizeof off - 1);
        before.n += sizeof off - 1;
    }
    add_cap("rmkx");
    add_cap("cnorm");
    add_cap("rmcup");
    before.armed = true;
}

/* Async-signal-safe: write(2) and tcsetattr(3) only. */
static void give_back(void)
{
    if (!before.armed)
        return;
    before.armed = false;
    size_t off = 0;
    while (off < before.n) {
        ssize_t w = write(STDOUT_FILENO, before.bytes + off, before.n - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (before.have_tio)
        (void)tcsetattr(STDIN_FILENO, TCSANOW, &before.tio);
}

/* A crash or an abort: the terminal first, then the same signal again
 * with its default action, so the process ends as it would have (status
 * 128+n, a core where core dumps are on). */
static void on_fatal(int sig)
{
    int saved = errno;
    give_back();
    for (size_t i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++)
        if (fatal_sigs[i].sig == sig)
            (void)!write(STDERR_FILENO, fatal_sigs[i].line, strlen(fatal_sigs[i].line));
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

void term_disarm(void)
{
    before.armed = false;
}

void term_signals(bool on)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: a signal must wake the input wait */
    sa.sa_handler = on ? on_signal : SIG_DFL;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    /* Fatal signals keep their default action once the cockpit is gone;
     * the handler runs once (SA_RESETHAND) and blocks nothing else. */
    sa.sa_handler = on ? on_fatal : SIG_DFL;
    sa.sa_flags = on ? SA_RESETHAND : 0;
    for (size_t i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++)
        sigaction(fatal_sigs[i].sig, &sa, NULL);
    x_on_fatal(on ? give_back : NULL);
    if (on)
        signalled = 0;
}

bool term_signalled(void)
{
    return signalled != 0;
}

void term_reraise(void)
{
    int sig = signalled;
    if (!sig)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    raise(sig);
}

int term_check(struct err *e)
{
    const char *term = getenv("TERM");
    const char *shown = str_empty(term) ? "" : term;
    if (str_empty(term))
        return err_set(e, ERR_USAGE,
                       "TERM is not set, so the cockpit cannot drive this terminal; set TERM "
                       "(e.g. xterm-256color)");
    if (strcmp(term, "dumb") == 0)
        return err_set(e, ERR_USAGE,
                       "terminal '%s' cannot run the cockpit; set TERM (e.g. xterm-256color)",
                       shown);
    int errret = 0;
    /* setupterm with errret reports instead of printing and exiting */
    if (setupterm(term, STDOUT_FILENO, &errret) != OK)
        return err_set(e, ERR_USAGE,
                       "terminal '%s' cannot run the cockpit%s; set TERM (e.g. xterm-256color)",
                       shown, errret == 0 ? " (unknown to terminfo)" : "");
    const char *cup = tigetstr("cup");
    bool hardcopy = tigetflag("hc") > 0;
    bool ok = cup && cup != (char *)-1 && !hardcopy;
    del_curterm(cur_term);
    if (!ok)
        return err_set(e, ERR_USAGE,
                       "terminal '%s' cannot run the cockpit; set TERM (e.g. xterm-256color)",
                       shown);
    return 0;
}

static attr_t attrs_of(int bits)
{
    attr_t a = 0;
    if (bits & THEME_BOLD)
        a |= A_BOLD;
    if (bits & THEME_REVERSE)
        a |= A_REVERSE;
    if (bits & THEME_DIM)
        a |= A_DIM;
    if (bits & THEME_UNDERLINE)
        a |= A_UNDERLINE;
    return a;
}

void term_colors(struct app *a)
{
    a->depth = 0;
    bool defaults = false;
    if (!a->no_color && has_colors() && start_color() == OK) {
        defaults = use_default_colors() == OK;
        if (COLORS >= 256 && COLOR_PAIRS > TR_COUNT)
            a->depth = 256;
        else if (COLORS >= 8 && COLOR_PAIRS > TR_COUNT)
            a->depth = 8;
    }
    for (int r = 0; r < TR_COUNT; r++) {
        const struct theme_style *s = &a->theme.role[r];
        if (!a->depth) {
            a->attr[r] = attrs_of(s->mono_attrs);
            continue;
        }
        short fg = a->depth == 256 ? s->fg256 : s->fg8;
        short bg = a->depth == 256 ? s->bg256 : s->bg8;
        if (!defaults) {
            if (fg < 0)
                fg = COLOR_WHITE;
            if (bg < 0)
                bg = COLOR_BLACK;
        }
        init_pair((short)(r + 1), fg, bg);
        a->attr[r] = COLOR_PAIR(r + 1) | attrs_of(s->attrs);
    }
    /* the selection and the focus must show without colour too */
    if (!a->depth) {
        if (!(a->attr[TR_SELECTION] & (A_REVERSE | A_UNDERLINE | A_BOLD)))
            a->attr[TR_SELECTION] |= A_REVERSE;
        if (!a->attr[TR_BORDER_FOCUS])
            a->attr[TR_BORDER_FOCUS] = A_BOLD;
    }
}

int term_theme(struct app *a, const char *name, struct err *e)
{
    struct theme t;
    int rc = theme_load(&t, name, e);
    if (rc)
        return rc;
    a->theme = t;
    return 0;
}
