/*
 * The types every part of the cockpit shares: the one context (struct
 * app) each part is handed, the modes that own the keys and the screen
 * (struct mode) and the stack of them the app holds (mode.c), the panes
 * on the grid, and what prompts and pickers report back. No function of
 * another part is declared here (ui_internal.h declares them), so every
 * part can read these without depending on any other.
 */
#ifndef BATON_UI_MODE_H
#define BATON_UI_MODE_H

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
#define UI_ESCDELAY_MS 2 /* how long a lone Esc waits for the rest of a sequence */

struct triage_ui; /* triage.c: the queue, the bulk marks and the session's undo list */
struct prompt_ui; /* prompt.c: the one-line prompt at the bottom */
struct picker_ui; /* picker.c: choosing from a list */
struct form_ui;   /* form.c: adding and editing */
struct standup_ui; /* standup.c: the stand-up on screen, and the banner */
struct picker;
struct blocker;
struct app;

/* A detail view left for another (Enter on an item it lists); Esc comes
 * back to it where it was. */
struct detail_back {
    const struct pane_class *cls;
    char *key;
    int top, cur, cell;
    int rows; /* the rows of its long list it had read (view_ctx list_rows) */
};

/* ---- modes ----
 * What the keyboard and the main area belong to is a stack of modes: the
 * panes lie at the bottom, the mode on top takes the keys, the topmost
 * one that fills the main area draws it, and the ones above it are drawn
 * over it (a form, the help, a prompt's list, a picker). Each mode is one
 * constant value of struct mode, defined next to what it shows. */

/* How a mode sits on the screen. */
enum mode_flag {
    MF_SCREEN = 1 << 0,   /* fills the main area; else drawn over what lies under it */
    MF_COVERS = 1 << 1,   /* hides the overlays under it (the help hides a form) */
    MF_LINE = 1 << 2,     /* types into the status line, which keeps the cursor */
    MF_NO_MARKS = 1 << 3, /* the status bar does not count the marked blockers */
    MF_KEYBOARD = 1 << 4, /* the mouse does nothing while it is open */
    MF_ASKS = 1 << 5,     /* the prompts it opens carry its name in the status bar */
    MF_ROWS = 1 << 6,     /* its keys act on the focused pane's row (rights by its class) */
    MF_RIGHTS_LATER = 1 << 7, /* its item is no pane's row: rights are checked when a key acts */
};

/* A list of commands whose hints the status bar shows. */
struct hints {
    const enum cmd *cmd;
    size_t n;
};
#define HINTS(arr) ((struct hints){arr, sizeof arr / sizeof arr[0]})

struct mode {
    const char *name; /* the status bar's tag ("PANES", "TRIAGE") */
    const char *help; /* the section of the help that lists its keys */
    int keys;         /* the keymap mode (MODE_*) its keys are looked up in */
    unsigned flags;   /* enum mode_flag */
    /* Pushed and removed; leave owns the entry's data and frees it. Each
     * may be NULL. */
    void (*enter)(struct app *a, void *data);
    void (*leave)(struct app *a, void *data);
    /* Quitting with it open: what must still be kept or freed (the
     * screen is gone; may be NULL). */
    void (*fini)(struct app *a, void *data);
    /* A key pressed while it is on top (NULL: the command table). */
    void (*key)(struct app *a, vkey k);
    /* Paints it; dirty says whether what lies under it was painted this
     * frame (a screen mode: whether the main area needs it). Returns
     * whether anything it covers must be repainted with it. */
    bool (*draw)(struct app *a, bool dirty);
    /* On top: puts the terminal's cursor where typing goes (last). */
    void (*cursor)(struct app *a);
    /* On top: the status line after the tag (NULL: message or hints). */
    void (*status)(struct app *a, WINDOW *w, int x);
    const char *(*tag)(const struct app *a); /* the tag, when it depends (NULL: name) */
    struct hints (*hints)(const struct app *a); /* the status bar's hints */
    /* Whether a hinted command works where the cursor is (NULL: all do). */
    bool (*offers)(const struct app *a, enum cmd c);
    /* What the commands do here (NULL: not this mode's to do) */
    /* The blocker the verdict keys act on, or NULL, and its version as
     * the screen shows it (0: not shown with one; version may be NULL),
     * what to say when there is none (NULL: the general sentence), and
     * the departments whose leads may act on it. */
    const char *(*selected)(const struct app *a, int64_t *version);
    const char *no_blocker;
    /* The objective a check-in (C) records on, or NULL (NULL: none here). */
    const char *(*objective)(const struct app *a);
    void (*depts)(const struct app *a, const char **dept, const char **dept2);
    void (*moves)(struct app *a, enum cmd c);     /* j k g G and pages */
    void (*open)(struct app *a);                  /* Enter */
    /* e: the item to edit in a form (its class in cls), or NULL and why
     * not (may stay NULL: nothing to say) */
    const char *(*edit)(const struct app *a, const struct pane_class **cls, const char **why);
    void (*back)(struct app *a);                  /* Esc (NULL: leaves the mode) */
    void (*reload)(struct app *a);                /* the data changed */
    void (*resize)(struct app *a);                /* the terminal changed size */
    char *(*view)(const struct app *a); /* what the others are told it shows (malloc'd) */
};

struct mode_entry {
    const struct mode *m;
    void *data; /* the mode's own state (a form, a prompt), owned by the entry */
};

#define UI_MAX_MODES 16

extern const struct mode mode_panes, mode_detail, mode_help, mode_filter, mode_command,
    mode_triage, mode_standup, mode_follow, mode_prompt, mode_picker, mode_form;
extern const struct mode *const mode_all[]; /* every one of them (ui.c) */
extern const size_t mode_count;

/* mode.c: the stack. A push calls enter after the mode is on the stack; a
 * removal calls leave after it is off it. */
void mode_init(struct app *a, const struct mode *base); /* base: at the bottom, always */
void mode_push(struct app *a, const struct mode *m, void *data);
/* Removes the topmost entry of m (and leaves it); false when m is not on
 * the stack. The entries above it stay. */
bool mode_remove(struct app *a, const struct mode *m);
/* Removes the topmost entry of m without leaving it, and hands its data
 * over (the caller owns it); NULL when m is not on the stack. */
void *mode_detach(struct app *a, const struct mode *m);
/* Replaces the topmost entry of from with to, keeping its place and data,
 * without leaving or entering; false when from is not on the stack. */
bool mode_replace(struct app *a, const struct mode *from, const struct mode *to);
/* Quitting: each mode above the panes, the topmost first, is finished
 * (fini) rather than left. */
void mode_fini(struct app *a);
const struct mode *mode_top(const struct app *a);
bool mode_on(const struct app *a, const struct mode *m);
/* The data of the topmost entry of m, or NULL when m is not on the stack. */
void *mode_data(const struct app *a, const struct mode *m);
/* The topmost mode on the stack for which has() holds, or NULL. */
const struct mode *mode_find(const struct app *a, bool (*has)(const struct mode *m));
/* The topmost mode that fills the main area (the panes at worst). */
const struct mode *mode_screen(const struct app *a);
/* The objective a check-in records on, as the screen's mode says, or
 * NULL. */
const char *app_selected_objective(const struct app *a);

/* A pane and where it sits on the screen. */
struct ui_pane {
    struct pane pane;
    WINDOW *win;
    int y, x, h, w;
    int widths[VIEW_MAX_COLS];
};

/* What the parts above tell the ones below, set once by ui_run: the
 * running stand-up's banner and facilitator, the marked blockers, and
 * what keeps up with the data besides the modes. */
struct app_hooks {
    const char *(*banner)(const struct app *a);
    const char *(*running_by)(const struct app *a);
    size_t (*marks)(const struct app *a);
    bool (*marked)(const struct app *a, const char *key);
    void (*others)(struct app *a);  /* before a reload: who else is here */
    void (*keep_up)(struct app *a); /* after it: a stand-up running elsewhere */
};

struct app {
    const struct app_hooks *hooks;
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

    /* the modes, panes at the bottom: see struct mode */
    struct mode_entry modes[UI_MAX_MODES];
    int n_modes;
    struct line_edit line; /* the command line */
    struct history history;
    struct line_edit filter_before; /* restored when a filter edit is cancelled */
    int complete_idx;               /* cycling through completions */

    /* detail view: a cursor line (Enter opens the item it links to) and
     * the details opened before it, which Esc goes back to */
    struct doc detail;
    int detail_top, detail_cur;
    int detail_cell, detail_x; /* on a line of cells: which, and the column kept moving */
    int detail_rows; /* how many rows of a long list it reads (view_ctx list_rows) */
    char *detail_key;
    const struct pane_class *detail_cls;
    struct detail_back *back;
    size_t n_back;

    /* help overlay */
    struct doc help;
    int help_top;
    char *help_query; /* / in the help: only what matches it (NULL: everything) */
    const struct mode *help_under; /* the mode under the help: its section comes first */

    /* header facts */
    char *org;
    const char *actor;
    int others;
    int64_t to_triage; /* new blockers waiting for triage (of the narrowed department) */
    /* presence (people.c): the other open cockpits, what this one told
     * them it looks at, and the rights that grey keys */
    struct presence *people;
    size_t n_people;
    char *view_what;
    bool readonly;  /* the store was opened read-only: a banner, no beats */
    bool leads_any; /* the actor leads some department (or is an admin) */
    int64_t data_version;
    btime last_beat;
    btime clock_minute;

    /* triage's marks and the session's undo list, and the stand-up: made
     * on first use and kept while the modes that show them come and go */
    struct triage_ui *triage;
    struct standup_ui *standup;
    /* a confidence check-in being typed (checkin.c): its objective, score */
    char checkin_key[40];
    int checkin_score;

    /* the status bar message */
    char msg[512];
    bool msg_error;

    /* what needs drawing */
    bool dirty_header, dirty_status, dirty_main, relayout, clear_all;
    bool quit;
};

/* What a prompt or picker reports back (prompt.c, picker.c). */
typedef bool (*prompt_fn)(struct app *a, const char *text, void *arg);
struct prompt_opts {
    /* a default the line starts with, selected: typing replaces it, End or
     * Right keeps it for editing, Enter takes it */
    const char *initial;
    const char *kept;    /* text typed before (a refused try): the line goes on from it */
    const char *instant; /* characters that answer at once on an empty line ("1234") */
    const char *const *preset_keys;   /* a key typed on an empty line fills in ... */
    const char *const *preset_values; /* ... this value (n_presets of each) */
    const char *const *preset_labels; /* what the list shows (NULL: the values) */
    size_t n_presets;
    bool preset_answers; /* ... and answers with it at once */
    bool menu;           /* lists the presets in a box above the status bar */
    const char *hint; /* shown after the line */
};

typedef void (*picker_fn)(struct app *a, struct picker *p, const char *key, void *arg);

#endif
