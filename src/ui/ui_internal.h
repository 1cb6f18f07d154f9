/*
 * Internal to src/ui: the functions the parts of the cockpit call on each
 * other (the types they share are in mode.h).
 * From the bottom up, each calling only those below it: the terminal
 * (term.c) and the stack of modes (mode.c); presence and rights
 * (people.c), layout and drawing (draw.c), the shared actions and the
 * modes of the panes, the detail view and the help (app.c); pickers
 * (picker.c) and prompts (prompt.c); forms (form.c), triage (triage.c)
 * and the stand-up (standup.c); the command line and the clipboard
 * (cmdline.c), key dispatch (input.c) and the event loop (ui.c), which
 * hands the parts below what they must ask of those above (app_hooks).
 */
#ifndef BATON_UI_INTERNAL_H
#define BATON_UI_INTERNAL_H

#include "mode.h"

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
/* The header's count of blockers waiting for triage, read again. */
void app_count_triage(struct app *a);
void app_reload_all(struct app *a);
int app_sync_pane(struct app *a, int i);
void app_open_detail(struct app *a, const struct pane_class *cls, const char *key);
void app_detail_free(struct app *a); /* the details to go back to */
void app_narrow(struct app *a, const char *dept);
struct ui_pane *app_focused(struct app *a);
void app_detail_rebuild(struct app *a); /* the detail view shown, read again */
void app_help(struct app *a); /* opens the help over what is shown */
void app_help_search(struct app *a); /* / in the help: only the lines that mention a text */

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
void prompt_open(struct app *a, const char *label, const struct prompt_opts *o, prompt_fn done,
                 void *arg);
void prompt_close(struct app *a);
void prompt_key(struct app *a, vkey k);
void prompt_draw(struct app *a, WINDOW *w, int x);
void prompt_menu_draw(struct app *a); /* the presets' box, when it lists them */

/* picker.c: the picker is taken over (picker_fini'd when closed). done
 * gets the chosen key (single; or the typed text when allowed), or NULL
 * with the choices in p (multi). */
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

/* checkin.c: C, a confidence check-in on the selected objective (each
 * mode says which that is: struct mode's objective) */
void checkin_start(struct app *a);

/* standup.c */
void standup_enter(struct app *a);  /* S: start, resume, or join someone else's */
void standup_follow(struct app *a); /* F */
void standup_command(struct app *a, enum cmd c);
/* The objective the stand-up page's cursor is on, else the page's only
 * objective, or NULL. */
const char *standup_selected_objective(const struct app *a);
void standup_move(struct app *a, enum cmd c); /* the cursor over the page's items */
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
/* The pane class whose item c acts on (NULL in triage and the stand-up). */
const struct pane_class *people_class(const struct app *a);

/* cmdline.c */
void cmdline_run(struct app *a, const char *line);
void cmdline_complete(struct app *a);
void clip_copy(struct app *a, const char *text);

#endif
