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
#define UI_ESCDELAY_MS 5 /* how long a lone Esc waits for the rest of a sequence */

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
    /* What the commands do here (NULL: not this mode's to do) */
    /* The blocker the verdict keys act on, or NULL, and its version as
     * the screen shows it (0: not shown with one; version may be NULL),
     * what to say when there is none (NULL: the general sentence), and
     * the departments whose leads may act on it. */
    const char *(*selected)(const struct app *a, int64_t *version);
    const char *no_blocker;
    void (*depts)(const struct app *a, const char **dept, const char **dept2);
    void (*moves)(struct app *a, enum cmd c);     /* j k g G and pages */
    void (*open)(struct app *a);                  /* Enter */
    void (*edit)(struct app *a);                  /* e: the item shown, in a form */
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
extern const struct mode *const mode_all[]; /* every one of them */
extern const size_t mode_count;

/* mode.c: the stack. A push calls enter after the mode is on the stack; a
 * removal calls leave after it is off it. */
void mode_init(struct app *a); /* the panes at the bottom */
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
/* Catches INT, TERM and HUP (term_signalled) and, while on, the fatal
 * signals (SEGV, ABRT, BUS, FPE, ILL, SYS, TRAP, QUIT) and the out-of-memory
 * abort, which give the terminal back as term_save_before found it and
 * then die by the same signal. */
void term_signals(bool on);
/* Remembers the terminal's settings before the cockpit changes them. */
void term_save_before(void);
/* Once curses runs: what leaving it takes (alternate screen, cursor,
 * keypad, mouse when on), kept for a crash. */
void term_prepare_crash(bool mouse);
/* After endwin: a crash from here on has no screen to give back. */
void term_disarm(void);
bool term_signalled(void);
/* After the terminal is restored and the session's work saved: when a
 * signal ended the cockpit, ends the process by that signal, so that the
 * shell sees it (status 128+n) as for any other command it interrupts. */
void term_reraise(void);

/* draw.c */
void draw_layout(struct app *a);
void draw_all_dirty(struct app *a);
void draw_mark_panes(struct app *a);
int draw_detail_width(const struct app *a);
int draw_main_height(const struct app *a);
void draw_build_help(struct app *a);
/* What the panes, the detail view and the help paint (struct mode's draw). */
bool draw_panes(struct app *a, bool dirty);
bool draw_detail_view(struct app *a, bool dirty);
bool draw_help_over(struct app *a, bool dirty);
/* Where to start showing s, cur columns into it, in room columns so
 * that the cursor stays in view; skipped: the columns left out. */
const char *draw_scroll(const char *s, int cur, int room, int *skipped);
/* The status line of a line being typed after its prompt ("/", ":"). */
void draw_status_line(struct app *a, WINDOW *w, int x, const struct line_edit *l,
                      const char *prompt);
/* The painters triage, pickers and forms share with the panes: a box
 * (heavy when focused) with a title and notes, text cut to width (returns
 * the columns used), a styled document line. */
void draw_box_in(struct app *a, WINDOW *w, bool focus, const char *title, const char *note_top,
                 const char *note_bottom);
int draw_put(WINDOW *w, int y, int x, attr_t attr, const char *s, int width);
/* The same, never cut mid-word: a text wider than width ends in an
 * ellipsis after its last whole word (messages, hints, notes). */
int draw_put_words(struct app *a, WINDOW *w, int y, int x, attr_t attr, const char *s, int width);
void draw_doc_line(struct app *a, WINDOW *w, int y, int x, int width, const struct doc_line *l);
/* The same as the cursor line of a list: in the selection colours, with
 * the selection mark in the column before x. */
void draw_doc_cursor_line(struct app *a, WINDOW *w, int y, int x, int width,
                          const struct doc_line *l);

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
void app_detail_free(struct app *a); /* the details to go back to */
void app_narrow(struct app *a, const char *dept);
void app_help(struct app *a); /* opens the help over what is shown */

/* The line editor's keys (Backspace, Delete, arrows, Home/End, C-a C-e
 * C-u, printable characters) applied to l; false when k is none of them. */
bool input_edit_line(struct app *a, struct line_edit *l, vkey k);

/* triage.c */
/* The blocker each context has selected, one function per context (the
 * key is the context's, or NULL when it selects none), and the one of
 * whatever has the keys now: the verdict keys act on it. */
const char *pane_selected_blocker(const struct app *a);   /* the blockers pane's row */
const char *detail_selected_blocker(const struct app *a); /* a blocker's detail, or the
                                                             blocker a detail's cursor lists */
const char *app_selected_blocker(const struct app *a);
const struct blocker *triage_current(const struct app *a); /* the focused one, or NULL */
void triage_enter(struct app *a);
void triage_leave(struct app *a);
void triage_command(struct app *a, enum cmd c); /* verdicts: the selected one, or the marked */
/* Every command dispatched: any but x and c ends acting on the blocker of
 * the last verdict. */
void triage_forget(struct app *a, enum cmd c);
void triage_move(struct app *a, enum cmd c);
void triage_draw(struct app *a);
const char *triage_current_key(const struct app *a);
void triage_mark(struct app *a);
bool triage_marked(const struct app *a, const char *key);
size_t triage_marks(const struct app *a);
bool triage_clear_marks(struct app *a);
void triage_free(struct app *a);

/* prompt.c: one line at the bottom; done returns false to keep it open
 * (the input was refused: say why with app_message). */
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
void prompt_open(struct app *a, const char *label, const struct prompt_opts *o, prompt_fn done,
                 void *arg);
void prompt_close(struct app *a);
void prompt_key(struct app *a, vkey k);
void prompt_draw(struct app *a, WINDOW *w, int x);
void prompt_menu_draw(struct app *a); /* the presets' box, when it lists them */

/* picker.c: the picker is taken over (picker_fini'd when closed). done
 * gets the chosen key (single; or the typed text when allowed), or NULL
 * with the choices in p (multi). */
typedef void (*picker_fn)(struct app *a, struct picker *p, const char *key, void *arg);
void picker_open(struct app *a, struct picker *p, picker_fn done, void *arg);
void picker_close(struct app *a);
void picker_key(struct app *a, vkey k);
void picker_draw(struct app *a);

/* form.c */
void form_add(struct app *a);
void form_edit(struct app *a, const struct pane_class *cls, const char *key);
void form_key(struct app *a, vkey k);
void form_draw(struct app *a);
void form_cursor(struct app *a); /* puts the terminal's cursor in the focused field */
void form_free(struct app *a);

/* standup.c */
void standup_enter(struct app *a);  /* S: start, resume, or join someone else's */
void standup_follow(struct app *a); /* F */
void standup_leave(struct app *a);  /* Esc: everything typed stays; S resumes */
void standup_command(struct app *a, enum cmd c);
void standup_move(struct app *a, enum cmd c); /* the cursor over the page's items */
/* Enter: opens the detail of the item under the cursor (Esc comes back to
 * the same place); false when the cursor is on none. */
bool standup_open_item(struct app *a);
/* The key of the blocker under the stand-up page's cursor, or NULL (no
 * stand-up page, or the cursor on another kind of item), and its version
 * as the page shows it (0 when the page lists it only as a change; may be
 * NULL). Borrowed: valid until the page is rebuilt. The verdict keys act
 * on it (triage_command). */
const char *standup_selected_blocker(const struct app *a, int64_t *version);
/* The departments whose leads may give that blocker a verdict (its
 * project's and the one it waits on), for the role check before a key
 * acts; NULL when none is under the cursor. Borrowed. */
void standup_selected_depts(const struct app *a, const char **dept, const char **dept2);
void standup_reload(struct app *a); /* the data changed: banner, page, follower's move */
void standup_tick(struct app *a);   /* the countdown's second */
void standup_draw(struct app *a);
void standup_free(struct app *a);   /* banks the page's time when quitting mid-way */
/* The facilitator of a running stand-up (for the banner), or NULL. */
const char *standup_running_by(const struct app *a);
bool standup_following(const struct app *a);
/* The header's note on a running stand-up ("STAND-UP by alice: F
 * follows"), or NULL when there is none or this cockpit runs it. */
const char *standup_banner(const struct app *a);

/* people.c: presence and rights */
void people_start(struct app *a);   /* rights, the first beat and the list */
void people_beat(struct app *a);    /* the heartbeat (none on a read-only store) */
void people_refresh(struct app *a); /* re-reads who else is here */
void people_view(struct app *a);    /* tells the others what this cockpit shows now */
void people_fini(struct app *a);
/* The departments the command would act on: the focused item's. */
void people_target(const struct app *a, enum cmd c, const char **dept, const char **dept2);
/* Whether the actor may run c now (false: grey its key). */
bool people_may(const struct app *a, enum cmd c);
/* Like people_may, and when not, says why in the status bar. */
bool people_allow(struct app *a, enum cmd c);
/* The pane class whose item c acts on (NULL in triage and the stand-up). */
const struct pane_class *people_class(const struct app *a);

/* cmdline.c */
void cmdline_run(struct app *a, const char *line);
void cmdline_complete(struct app *a);
void clip_copy(struct app *a, const char *text);

#endif
