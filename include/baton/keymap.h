/*
 * keymap: the cockpit's commands and the keys that run them. One constant
 * table (cmd_table()) names every command once, with its default keys,
 * its help text and the modes it works in; key dispatch, the help overlay,
 * the status-bar hints and remapping from the configuration all read it.
 *
 * Keys are terminal-independent here (no curses): a printable key is its
 * Unicode code point, anything else one of the VK_* values. The UI
 * translates what the terminal sends into these.
 */
#ifndef BATON_KEYMAP_H
#define BATON_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/config.h"
#include "baton/err.h"
#include "baton/str.h"

typedef int32_t vkey;

enum {
    VK_NONE = 0,
    VK_SPECIAL = 0x200000, /* above every Unicode code point */
    VK_UP,
    VK_DOWN,
    VK_LEFT,
    VK_RIGHT,
    VK_HOME,
    VK_END,
    VK_PGUP,
    VK_PGDN,
    VK_ENTER,
    VK_ESC,
    VK_TAB,
    VK_BTAB, /* Shift-Tab */
    VK_BACKSPACE,
    VK_DELETE,
    VK_INSERT,
    VK_RESIZE, /* the terminal changed size (never bound) */
    VK_MOUSE,  /* a mouse event (never bound) */
    VK_F0 = 0x200100,      /* VK_F0 + n is Fn, n = 1..24 */
    VK_CTRL0 = 0x300000,   /* VK_CTRL0 + 'a' is Ctrl-a */
};
#define VK_F(n) ((vkey)(VK_F0 + (n)))
#define VK_CTRL(c) ((vkey)(VK_CTRL0 + (c)))

/* Where a command works. */
enum mode_bits {
    MODE_PANES = 1 << 0,  /* the grid of panes */
    MODE_DETAIL = 1 << 1, /* a detail view */
    MODE_HELP = 1 << 2,   /* the help overlay */
    MODE_LINE = 1 << 3,   /* typing a filter or a command line */
    MODE_TRIAGE = 1 << 4, /* the triage queue */
    MODE_PROMPT = 1 << 5, /* a one-line prompt or a picker */
    MODE_FORM = 1 << 6,   /* an editing form */
    MODE_BULK = 1 << 7,   /* the blockers pane: verdicts on the selected blocker, or on
                             every marked one (looked up before MODE_PANES while that
                             pane has focus, so its keys clash with MODE_PANES keys) */
    MODE_STANDUP = 1 << 8, /* the stand-up's department pages (running or followed) */
};

enum cmd {
    CMD_NONE = 0,
    CMD_QUIT,
    CMD_BACK,
    CMD_HELP,
    CMD_COMMAND,
    CMD_RELOAD,
    CMD_REDRAW,
    CMD_FOCUS_NEXT,
    CMD_FOCUS_PREV,
    CMD_FOCUS_1,
    CMD_FOCUS_2,
    CMD_FOCUS_3,
    CMD_FOCUS_4,
    CMD_OPEN,
    CMD_NARROW,
    CMD_MARK,
    CMD_WIDEN,
    CMD_FILTER,
    CMD_CLEAR,
    CMD_SORT,
    CMD_SORT_INVERT,
    CMD_VIEW,
    CMD_COPY,
    CMD_TRIAGE,
    CMD_ADD,
    CMD_EDIT,
    CMD_DOWN,
    CMD_UP,
    CMD_TOP,
    CMD_BOTTOM,
    CMD_PAGE_DOWN,
    CMD_PAGE_UP,
    CMD_HALF_DOWN,
    CMD_HALF_UP,
    CMD_LINE_ACCEPT,
    CMD_LINE_CANCEL,
    CMD_LINE_COMPLETE,
    CMD_LINE_PREV,
    CMD_LINE_NEXT,
    CMD_T_ACCEPT,
    CMD_T_START,
    CMD_T_SEV1,
    CMD_T_SEV2,
    CMD_T_SEV3,
    CMD_T_SEV4,
    CMD_T_OWNER,
    CMD_T_WAITING,
    CMD_T_ESCALATE,
    CMD_T_RESOLVE,
    CMD_T_DECLINE,
    CMD_T_DUPLICATE,
    CMD_T_SNOOZE,
    CMD_T_REOPEN,
    CMD_T_COMMENT,
    CMD_T_UNDO,
    CMD_PROMPT_ACCEPT,
    CMD_PROMPT_CANCEL,
    CMD_PICK_NEXT,
    CMD_PICK_PREV,
    CMD_PICK_TOGGLE,
    CMD_FORM_NEXT,
    CMD_FORM_PREV,
    CMD_FORM_ACCEPT,
    CMD_FORM_SAVE,
    CMD_FORM_PICK,
    CMD_FORM_RELOAD,
    CMD_FORM_CANCEL,
    CMD_RANGE_NEXT,
    CMD_RANGE_PREV,
    CMD_LEFT,
    CMD_RIGHT,
    CMD_STANDUP,
    CMD_FOLLOW,
    CMD_SU_NEXT,
    CMD_SU_PREV,
    CMD_SU_NOTE,
    CMD_SU_DECISION,
    CMD_SU_ACTION,
    CMD_SU_PARKING,
    CMD_SU_TRIAGE,
    CMD_SU_SKIP,
    CMD_SU_END,
    CMD_CHECKIN,
    CMD_COUNT
};

struct cmd_entry {
    enum cmd id;
    const char *name;  /* what the configuration's keys: section names */
    const char *keys;  /* default key names, space separated */
    const char *hint;  /* short word for the status bar, or NULL */
    const char *help;  /* one line for the help overlay */
    const char *group; /* heading in the help overlay */
    int modes;         /* enum mode_bits */
};

/* The table, in help order; entry i has id i (entry 0 is CMD_NONE): the
 * enum above lists the commands in the table's order. */
const struct cmd_entry *cmd_table(size_t *n);
const struct cmd_entry *cmd_find(const char *name);
const struct cmd_entry *cmd_get(enum cmd id);

/* "j", "Down", "C-d", "S-Tab", "F1", "Space", "Enter", "Esc", "PgDn" ...
 * and any single printable character. false for anything else. */
bool vkey_parse(const char *name, vkey *out);
/* The canonical name of k (what help shows). */
void vkey_name(vkey k, char out[24]);

#define KEYMAP_MAX_KEYS 8

/* Keys per command. Value type: embed it, keymap_init it. */
struct keymap {
    vkey keys[CMD_COUNT][KEYMAP_MAX_KEYS];
    int n[CMD_COUNT];
};

void keymap_init(struct keymap *km); /* the defaults of cmd_table() */
/* Replaces the keys of the command named cmd. A key taken from another
 * command that shares a mode is taken away from that command, so the
 * remapped key always wins. ERR_USAGE naming the bad command or key. */
int keymap_bind(struct keymap *km, const char *cmd, const char *const *keys, size_t n,
                struct err *e);
/* Applies cfg->bindings; errors read "FILE:LINE:COL: ...". */
int keymap_apply_config(struct keymap *km, const struct config *cfg, struct err *e);
/* The help's section of the verdict keys, which triage lists too. */
#define KEYMAP_GROUP_VERDICTS \
    "Verdicts, on the selected blocker (blockers pane, detail, stand-up page, triage)"

/* The command k runs in mode (one MODE_* bit), or CMD_NONE. */
enum cmd keymap_lookup(const struct keymap *km, int mode, vkey k);
/* Appends up to max key names of c (0 = all), joined by sep. Returns how
 * many were written. */
int keymap_keys(const struct keymap *km, enum cmd c, const char *sep, int max,
                struct strbuf *out);

#endif
