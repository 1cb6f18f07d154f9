/*
 * Internal to src/ui: the one context (struct app) that every part of the
 * cockpit is handed, and the functions the parts call on each other.
 * Terminal set-up and colours (term.c), layout and drawing (draw.c),
 * input translation and dispatch (input.c), the command line and the
 * clipboard (cmdline.c), the event loop (ui.c).
 */
#ifndef BATON_UI_INTERNAL_H
#define BATON_UI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "baton/keymap.h"
#include "baton/pane.h"
#include "baton/theme.h"
#include "baton/ui.h"
#include "baton/view.h"

#define UI_MAX_PANES 9
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10
#define UI_BEAT_SECONDS 30

/* What the keyboard is typing into. */
enum ui_input { IN_KEYS, IN_FILTER, IN_COMMAND };

/* A pane and where it sits on the screen. */
struct ui_pane {
    struct pane pane;
    WINDOW *win;
    int y, x, h, w;
    int widths[VIEW_MAX_COLS];
};

struct app {
    struct store *st;
    const struct config *cfg;
    const char *db_path;
    struct keymap km;

    /* terminal */
    SCREEN *scr;
    bool utf8;
    bool no_color;
    int depth; /* 256, 8, or 0 for attributes only */
    struct theme theme;
    attr_t attr[TR_COUNT];
    struct view_ctx ctx;
    int rows, cols;
    bool too_small;
    WINDOW *header, *status, *main; /* main: detail view, help, empty and too-small screens */

    /* panes */
    struct ui_pane panes[UI_MAX_PANES];
    int n_panes;
    int grid_rows, grid_cols;
    int focus;
    char *dept; /* narrowed to this department, or NULL */
    bool empty; /* the database holds no organisation yet */

    /* modes: the detail view replaces the grid, help lies over either */
    bool detail_open, help_open;
    enum ui_input input;
    struct line_edit line; /* the command line */
    struct history history;
    struct line_edit filter_before; /* restored when a filter edit is cancelled */
    int complete_idx;               /* cycling through completions */

    /* detail view */
    struct doc detail;
    int detail_top;
    char *detail_key;
    const struct pane_class *detail_cls;

    /* help overlay */
    struct doc help;
    int help_top;

    /* header facts */
    char *org;
    const char *actor;
    int others;
    int64_t data_version;
    btime last_beat;
    btime clock_minute;

    /* the status bar message */
    char msg[512];
    bool msg_error;

    /* what needs drawing */
    bool dirty_header, dirty_status, dirty_main, relayout, clear_all;
    bool quit;
};

/* term.c */
int term_check(struct err *e);
void term_colors(struct app *a);
int term_theme(struct app *a, const char *name, struct err *e);
void term_signals(bool on);
bool term_signalled(void);

/* draw.c */
void draw_layout(struct app *a);
void draw_all_dirty(struct app *a);
void draw_mark_panes(struct app *a);
int draw_detail_width(const struct app *a);
int draw_main_height(const struct app *a);
void draw_build_help(struct app *a);

/* The keymap mode keys are looked up in now. */
int app_keymode(const struct app *a);

/* input.c */
vkey input_translate(int rc, wint_t ch);
void input_key(struct app *a, vkey k);
void input_mouse(struct app *a);
void app_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void app_reload_all(struct app *a);
int app_sync_pane(struct app *a, int i);
void app_open_detail(struct app *a, const struct pane_class *cls, const char *key);
void app_narrow(struct app *a, const char *dept);

/* cmdline.c */
void cmdline_run(struct app *a, const char *line);
void cmdline_complete(struct app *a);
void clip_copy(struct app *a, const char *text);

#endif
