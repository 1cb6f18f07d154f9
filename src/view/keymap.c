/*
 * The command table and key names. Everything that knows which key does
 * what reads cmd_table(): dispatch (keymap_lookup), the help overlay, the
 * status-bar hints and the configuration's remapping.
 */
#include "baton/keymap.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "baton/utf8.h"

#define ALL_VIEWS (MODE_PANES | MODE_DETAIL | MODE_HELP | MODE_TRIAGE | MODE_STANDUP)
/* Verdicts work on the selected blocker wherever one is selected: the
 * blockers pane (or every marked one there), a detail view, the stand-up
 * page and triage. */
#define VERDICT (MODE_TRIAGE | MODE_BULK | MODE_DETAIL | MODE_STANDUP)
#define VERDICTS KEYMAP_GROUP_VERDICTS

static const struct cmd_entry cmds[] = {
    {CMD_NONE, "", "", NULL, "", "", 0},
    {CMD_QUIT, "quit", "q", "quit", "quit baton", "General", MODE_PANES},
    {CMD_BACK, "back", "Esc q", "back",
     "close this view or help; leave triage or the stand-up (S resumes it)",
     "General", MODE_DETAIL | MODE_HELP | MODE_TRIAGE | MODE_STANDUP},
    {CMD_HELP, "help", "? F1", "help", "show or hide this help", "General", ALL_VIEWS},
    {CMD_COMMAND, "command", ":", "cmd",
     "command line: theme NAME, goto KEY, triage, standup, follow, demo, q", "General",
     MODE_PANES | MODE_DETAIL | MODE_TRIAGE | MODE_STANDUP},
    {CMD_RELOAD, "reload", "C-r", NULL, "reload from the database", "General",
     MODE_PANES | MODE_DETAIL | MODE_TRIAGE | MODE_STANDUP},
    {CMD_REDRAW, "redraw", "C-l", NULL, "redraw the whole screen", "General", ALL_VIEWS},
    {CMD_FOCUS_NEXT, "focus-next", "Tab", "pane", "focus the next pane", "Panes", MODE_PANES},
    {CMD_FOCUS_PREV, "focus-prev", "S-Tab", NULL, "focus the previous pane", "Panes",
     MODE_PANES},
    {CMD_FOCUS_1, "focus-1", "1", NULL, "focus pane 1", "Panes", MODE_PANES},
    {CMD_FOCUS_2, "focus-2", "2", NULL, "focus pane 2", "Panes", MODE_PANES},
    {CMD_FOCUS_3, "focus-3", "3", NULL, "focus pane 3", "Panes", MODE_PANES},
    {CMD_FOCUS_4, "focus-4", "4", NULL, "focus pane 4", "Panes", MODE_PANES},
    {CMD_OPEN, "open", "Enter", "open",
     "open the selected item's detail (in a detail or the stand-up: the item on the cursor"
     " line; Esc comes back)",
     "Panes", MODE_PANES | MODE_DETAIL | MODE_STANDUP},
    {CMD_NARROW, "narrow", "Space", "narrow",
     "narrow the other panes to the selected item's department", "Panes", MODE_PANES},
    {CMD_MARK, "mark", "Space", "mark",
     "blockers pane: mark or unmark for a bulk verdict (then a verdict key applies to all "
     "marked; Esc clears)",
     "Panes", MODE_BULK},
    {CMD_WIDEN, "widen", "0", NULL, "show every department again", "Panes", MODE_PANES},
    {CMD_FILTER, "filter", "/", "filter",
     "filter the focused pane as you type (Enter keeps it, Esc clears it); in the help: search "
     "it",
     "Panes", MODE_PANES | MODE_HELP},
    {CMD_CLEAR, "clear-filter", "Esc", NULL, "clear the focused pane's filter", "Panes",
     MODE_PANES},
    {CMD_SORT, "sort", "s", "sort", "sort the focused pane by the next column", "Panes",
     MODE_PANES},
    {CMD_SORT_INVERT, "sort-invert", "I", NULL, "invert the sort order", "Panes", MODE_PANES},
    {CMD_VIEW, "view", "v", "view",
     "blockers pane: what it lists, in turn: open, new, mine, breached, my departments (waiting "
     "on one you lead), closed, all",
     "Panes", MODE_PANES},
    {CMD_COPY, "copy", "y", "copy", "copy the selected item's key and title (OSC 52)", "Panes",
     MODE_PANES | MODE_DETAIL},
    {CMD_TRIAGE, "triage", "t", "triage", "triage mode: the queue of new blockers, one key per verdict",
     "Panes", MODE_PANES | MODE_DETAIL},
    {CMD_ADD, "add", "n", "new",
     "new item in the focused pane (indicators: an indicator or a reading)", "Editing",
     MODE_PANES},
    {CMD_EDIT, "edit", "e", "edit",
     "edit the selected item in a form (in triage and a detail: the item shown)", "Editing",
     MODE_PANES | MODE_TRIAGE | MODE_DETAIL},
    {CMD_DOWN, "down", "j Down", "move", "move down one line", "Moving", ALL_VIEWS},
    {CMD_UP, "up", "k Up", NULL, "move up one line", "Moving", ALL_VIEWS},
    {CMD_TOP, "top", "g Home", NULL, "go to the first line", "Moving", ALL_VIEWS},
    {CMD_BOTTOM, "bottom", "G End", NULL, "go to the last line", "Moving", ALL_VIEWS},
    {CMD_PAGE_DOWN, "page-down", "PgDn C-f", NULL, "one page down", "Moving", ALL_VIEWS},
    {CMD_PAGE_UP, "page-up", "PgUp C-b", NULL, "one page up", "Moving", ALL_VIEWS},
    {CMD_HALF_DOWN, "half-page-down", "C-d", NULL, "half a page down", "Moving", ALL_VIEWS},
    {CMD_HALF_UP, "half-page-up", "C-u", NULL, "half a page up", "Moving", ALL_VIEWS},
    {CMD_LINE_ACCEPT, "line-accept", "Enter", NULL, "run the command, or keep the filter",
     "Command line and filter", MODE_LINE},
    {CMD_LINE_CANCEL, "line-cancel", "Esc C-g", NULL, "leave (a filter is cleared)",
     "Command line and filter", MODE_LINE},
    {CMD_LINE_COMPLETE, "line-complete", "Tab", NULL, "complete the command or its argument",
     "Command line and filter", MODE_LINE},
    {CMD_LINE_PREV, "history-prev", "Up", NULL, "previous command from the history",
     "Command line and filter", MODE_LINE},
    {CMD_LINE_NEXT, "history-next", "Down", NULL, "next command from the history",
     "Command line and filter", MODE_LINE},
    {CMD_T_ACCEPT, "accept", "a", "accept",
     "accept (asks for what it still needs: severity, then waiting-on department)", VERDICTS,
     VERDICT},
    {CMD_T_START, "start", "i", "start", "start: the work is in progress (an accepted blocker)",
     VERDICTS, VERDICT},
    {CMD_T_SEV1, "severity-1", "1", NULL, "severity 1 (critical), in triage and a detail",
     VERDICTS, MODE_TRIAGE | MODE_DETAIL},
    {CMD_T_SEV2, "severity-2", "2", NULL, "severity 2 (high)", VERDICTS,
     MODE_TRIAGE | MODE_DETAIL},
    {CMD_T_SEV3, "severity-3", "3", NULL, "severity 3 (medium)", VERDICTS,
     MODE_TRIAGE | MODE_DETAIL},
    {CMD_T_SEV4, "severity-4", "4", "sev", "severity 4 (low)", VERDICTS,
     MODE_TRIAGE | MODE_DETAIL},
    {CMD_T_OWNER, "owner", "o", "owner",
     "set the owner (picker: the waiting-on department's people first, its lead on top)",
     VERDICTS, VERDICT},
    {CMD_T_WAITING, "waiting-on", "w", "waits",
     "set the waiting-on department (picker starting on the likely one, saying why)",
     VERDICTS, VERDICT},
    {CMD_T_ESCALATE, "escalate", "x", "escalate",
     "escalate to a person (picker starting on the waiting-on department's lead); right after "
     "a verdict in triage, the blocker just decided",
     VERDICTS, VERDICT},
    {CMD_T_RESOLVE, "resolve", "r", "resolve", "resolve (a note, may be empty)", VERDICTS,
     VERDICT},
    {CMD_T_DECLINE, "decline", "d", "decline",
     "decline: a digit picks a reason from triage.decline_reasons, or type one", VERDICTS,
     VERDICT},
    {CMD_T_DUPLICATE, "duplicate", "m", "dup",
     "mark a duplicate: the picker starts on the likeliest original, Enter records it",
     VERDICTS, VERDICT},
    {CMD_T_SNOOZE, "snooze", "z", "snooze",
     "snooze: t tomorrow 09:00, m next Monday 09:00, w a week, or type a date", VERDICTS,
     VERDICT},
    {CMD_T_REOPEN, "reopen", "R", "reopen", "reopen a resolved, declined or duplicate blocker",
     VERDICTS, VERDICT},
    {CMD_T_COMMENT, "comment", "c", "comment",
     "add a comment to the blocker's history (right after a verdict in triage: on that one)",
     VERDICTS, VERDICT},
    {CMD_T_UNDO, "undo", "u", "undo",
     "undo the last verdict of this session (refused if someone changed it since)", VERDICTS,
     VERDICT},
    {CMD_PROMPT_ACCEPT, "prompt-accept", "Enter", "ok", "confirm the prompt or the choice",
     "Prompts and pickers", MODE_PROMPT},
    {CMD_PROMPT_CANCEL, "prompt-cancel", "Esc C-g", "cancel",
     "cancel: nothing is written", "Prompts and pickers", MODE_PROMPT},
    {CMD_PICK_NEXT, "pick-next", "Down C-n", NULL, "next choice", "Prompts and pickers",
     MODE_PROMPT},
    {CMD_PICK_PREV, "pick-prev", "Up C-p", NULL, "previous choice", "Prompts and pickers",
     MODE_PROMPT},
    {CMD_PICK_TOGGLE, "pick-toggle", "Tab", "toggle",
     "choose or unchoose the highlighted item (lists that take several)",
     "Prompts and pickers", MODE_PROMPT},
    {CMD_FORM_NEXT, "form-next", "Tab Down", "next", "next field", "Forms", MODE_FORM},
    {CMD_FORM_PREV, "form-prev", "S-Tab Up", NULL, "previous field", "Forms", MODE_FORM},
    {CMD_FORM_ACCEPT, "form-accept", "Enter", NULL, "next field; on the last one, save",
     "Forms", MODE_FORM},
    {CMD_FORM_SAVE, "form-save", "C-s F2", "save", "save the form", "Forms", MODE_FORM},
    {CMD_FORM_PICK, "form-pick", "C-o F4", "pick", "choose the field's value from a list",
     "Forms", MODE_FORM},
    {CMD_FORM_RELOAD, "form-reload", "C-r", NULL,
     "reload the item from the database (after a conflict; your input is dropped)", "Forms",
     MODE_FORM},
    {CMD_FORM_CANCEL, "form-cancel", "Esc C-g", "cancel", "close the form: nothing is written",
     "Forms", MODE_FORM},
    {CMD_RANGE_NEXT, "range-next", "]", "range",
     "indicator detail: chart a longer time range (30 days, 90 days, a year, all)",
     "Detail views", MODE_DETAIL},
    {CMD_RANGE_PREV, "range-prev", "[", NULL, "indicator detail: chart a shorter time range",
     "Detail views", MODE_DETAIL},
    {CMD_LEFT, "left", "h Left", "cell",
     "flow view: the cell to the left in the heat map (a row's department first)",
     "Detail views", MODE_DETAIL},
    {CMD_RIGHT, "right", "l Right", NULL, "flow view: the cell to the right in the heat map",
     "Detail views", MODE_DETAIL},
    {CMD_STANDUP, "standup", "S", "stand-up",
     "stand-up mode: start the daily walk through the departments, or resume one left open",
     "Stand-up", MODE_PANES | MODE_DETAIL},
    {CMD_FOLLOW, "follow", "F", "follow",
     "follow the stand-up someone else is running (its page moves with the facilitator)",
     "Stand-up", MODE_PANES | MODE_DETAIL},
    {CMD_SU_NEXT, "standup-next", "n", "next", "next department", "Stand-up", MODE_STANDUP},
    {CMD_SU_PREV, "standup-prev", "p", "prev", "previous department", "Stand-up", MODE_STANDUP},
    {CMD_SU_NOTE, "standup-note", "N", "note", "add a note for this department", "Stand-up",
     MODE_STANDUP},
    {CMD_SU_DECISION, "standup-decision", "D", "decision", "record a decision", "Stand-up",
     MODE_STANDUP},
    {CMD_SU_ACTION, "standup-action", "A", "action",
     "add an action item: its text, then an owner from people, then a due date", "Stand-up",
     MODE_STANDUP},
    {CMD_SU_PARKING, "standup-parking", "P", "park", "put an item on the parking lot",
     "Stand-up", MODE_STANDUP},
    {CMD_SU_TRIAGE, "standup-triage", "t", "triage",
     "triage this department's new blockers, then come back to the page", "Stand-up",
     MODE_STANDUP},
    {CMD_SU_SKIP, "standup-skip", "s", "skip", "skip this department (recorded) and go on",
     "Stand-up", MODE_STANDUP},
    {CMD_SU_END, "standup-end", "e", "end",
     "end the stand-up (asks once: y ends it, n or Esc goes back): records the end time and "
     "shows the summary",
     "Stand-up", MODE_STANDUP},
    {CMD_CHECKIN, "checkin", "C", "check-in",
     "record a confidence check-in on the selected objective (Objectives pane, its detail, its "
     "line on the stand-up page): a digit, 0 meaning 10, then a note or Enter",
     "Objectives", MODE_PANES | MODE_DETAIL | MODE_STANDUP},
};

_Static_assert(sizeof cmds / sizeof cmds[0] == CMD_COUNT, "one table entry per command");

const struct cmd_entry *cmd_table(size_t *n)
{
    *n = CMD_COUNT;
    return cmds;
}

const struct cmd_entry *cmd_get(enum cmd id)
{
    return id > CMD_NONE && id < CMD_COUNT ? &cmds[id] : NULL;
}

const struct cmd_entry *cmd_find(const char *name)
{
    for (size_t i = 1; i < CMD_COUNT; i++)
        if (name && strcmp(cmds[i].name, name) == 0)
            return &cmds[i];
    return NULL;
}

struct key_alias {
    const char *name;
    vkey key;
};

/* The first name of each key is its canonical one. */
static const struct key_alias key_names[] = {
    {"Up", VK_UP},          {"Down", VK_DOWN},
    {"Left", VK_LEFT},      {"Right", VK_RIGHT},
    {"Home", VK_HOME},      {"End", VK_END},
    {"PgUp", VK_PGUP},      {"PgDn", VK_PGDN},
    {"Enter", VK_ENTER},    {"Esc", VK_ESC},
    {"Tab", VK_TAB},        {"S-Tab", VK_BTAB},
    {"Backspace", VK_BACKSPACE}, {"Delete", VK_DELETE},
    {"Insert", VK_INSERT},  {"Space", ' '},
    {"PageUp", VK_PGUP},    {"PageDown", VK_PGDN},
    {"Return", VK_ENTER},   {"Escape", VK_ESC},
    {"BTab", VK_BTAB},      {"Shift-Tab", VK_BTAB},
    {"BS", VK_BACKSPACE},   {"Del", VK_DELETE},
};

/* Decodes one UTF-8 code point at s; returns the byte length, 0 if invalid. */
static size_t decode_one(const char *s, vkey *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = utf8_seqlen(s);
    if (n == 1) {
        *cp = p[0];
        return p[0] < 0x80 ? 1 : 0;
    }
    vkey c = p[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        c = (c << 6) | (p[i] & 0x3F);
    *cp = c;
    return n;
}

bool vkey_parse(const char *name, vkey *out)
{
    if (!name || !*name)
        return false;
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (strcasecmp(name, key_names[i].name) == 0 && strlen(name) > 1) {
            *out = key_names[i].key;
            return true;
        }
    /* C-x, Ctrl-x, ^x for a letter */
    const char *rest = NULL;
    if (strncasecmp(name, "C-", 2) == 0)
        rest = name + 2;
    else if (strncasecmp(name, "Ctrl-", 5) == 0)
        rest = name + 5;
    else if (name[0] == '^' && name[1])
        rest = name + 1;
    if (rest && rest[0] && !rest[1]) {
        char c = rest[0];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            *out = VK_CTRL(c);
            return true;
        }
        return false;
    }
    if ((name[0] == 'F' || name[0] == 'f') && name[1]) {
        long n = 0;
        if (str_to_long(name + 1, &n) && n >= 1 && n <= 24) {
            *out = VK_F(n);
            return true;
        }
    }
    vkey cp;
    size_t len = decode_one(name, &cp);
    if (len && !name[len] && cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)) {
        *out = cp;
        return true;
    }
    return false;
}

void vkey_name(vkey k, char out[24])
{
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (key_names[i].key == k) {
            snprintf(out, 24, "%s", key_names[i].name);
            return;
        }
    if (k > VK_CTRL0 && k < VK_CTRL0 + 128) {
        snprintf(out, 24, "C-%c", (char)(k - VK_CTRL0));
        return;
    }
    if (k > VK_F0 && k <= VK_F0 + 24) {
        snprintf(out, 24, "F%d", (int)(k - VK_F0));
        return;
    }
    if (k > 0x20 && k < 0x110000) {
        /* encode as UTF-8 */
        unsigned char b[5] = {0};
        if (k < 0x80) {
            b[0] = (unsigned char)k;
        } else if (k < 0x800) {
            b[0] = (unsigned char)(0xC0 | (k >> 6));
            b[1] = (unsigned char)(0x80 | (k & 0x3F));
        } else if (k < 0x10000) {
            b[0] = (unsigned char)(0xE0 | (k >> 12));
            b[1] = (unsigned char)(0x80 | ((k >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (k & 0x3F));
        } else {
            b[0] = (unsigned char)(0xF0 | (k >> 18));
            b[1] = (unsigned char)(0x80 | ((k >> 12) & 0x3F));
            b[2] = (unsigned char)(0x80 | ((k >> 6) & 0x3F));
            b[3] = (unsigned char)(0x80 | (k & 0x3F));
        }
        snprintf(out, 24, "%s", (const char *)b);
        return;
    }
    snprintf(out, 24, "<%ld>", (long)k);
}

void keymap_init(struct keymap *km)
{
    memset(km, 0, sizeof *km);
    for (size_t c = 1; c < CMD_COUNT; c++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", cmds[c].keys);
        for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
            vkey k;
            if (vkey_parse(tok, &k) && km->n[c] < KEYMAP_MAX_KEYS)
                km->keys[c][km->n[c]++] = k;
        }
    }
}

static void unbind_key(struct keymap *km, size_t c, vkey k)
{
    for (int i = 0; i < km->n[c]; i++)
        if (km->keys[c][i] == k) {
            memmove(&km->keys[c][i], &km->keys[c][i + 1],
                    (size_t)(km->n[c] - i - 1) * sizeof(vkey));
            km->n[c]--;
            i--;
        }
}

static int bind_parsed(struct keymap *km, size_t c, const vkey *keys, size_t n)
{
    km->n[c] = 0;
    for (size_t i = 0; i < n && km->n[c] < KEYMAP_MAX_KEYS; i++) {
        for (size_t o = 1; o < CMD_COUNT; o++)
            if (o != c && (cmds[o].modes & cmds[c].modes))
                unbind_key(km, o, keys[i]);
        km->keys[c][km->n[c]++] = keys[i];
    }
    return 0;
}

/* The names of every command, for "did you mean". */
static const char *const *command_names(void)
{
    static const char *names[CMD_COUNT];
    for (size_t i = 1; i < CMD_COUNT; i++)
        names[i - 1] = cmds[i].name;
    return names;
}

static int bind_where(struct keymap *km, const char *cmd, const char *const *keys, size_t n,
                      const char *where, struct err *e)
{
    const struct cmd_entry *ce = cmd_find(cmd);
    if (!ce) {
        const char *near = str_nearest(cmd, command_names(), CMD_COUNT - 1);
        if (near)
            return err_set(e, ERR_USAGE, "%sunknown command '%s' in keys (did you mean '%s'?)",
                           where, cmd ? cmd : "", near);
        return err_set(e, ERR_USAGE, "%sunknown command '%s' in keys (see the help overlay, ?)",
                       where, cmd ? cmd : "");
    }
    if (n > KEYMAP_MAX_KEYS)
        return err_set(e, ERR_USAGE, "%stoo many keys for '%s' (at most %d)", where, cmd,
                       KEYMAP_MAX_KEYS);
    vkey parsed[KEYMAP_MAX_KEYS];
    for (size_t i = 0; i < n; i++)
        if (!vkey_parse(keys[i], &parsed[i]))
            return err_set(e, ERR_USAGE,
                           "%sunknown key name '%s' for '%s' (use a character, C-x, F1, Up, "
                           "Down, Left, Right, PgUp, PgDn, Home, End, Enter, Esc, Tab, S-Tab, "
                           "Space, Backspace)",
                           where, keys[i] ? keys[i] : "", cmd);
    return bind_parsed(km, (size_t)ce->id, parsed, n);
}

int keymap_bind(struct keymap *km, const char *cmd, const char *const *keys, size_t n,
                struct err *e)
{
    return bind_where(km, cmd, keys, n, "", e);
}

int keymap_apply_config(struct keymap *km, const struct config *cfg, struct err *e)
{
    for (size_t i = 0; cfg && i < cfg->n_bindings; i++) {
        const struct config_binding *b = &cfg->bindings[i];
        char where[512] = "";
        if (b->file)
            snprintf(where, sizeof where, "%s:%d:%d: ", b->file, b->line, b->col);
        int rc = bind_where(km, b->command, (const char *const *)b->keys, b->n_keys, where, e);
        if (rc)
            return rc;
    }
    return 0;
}

enum cmd keymap_lookup(const struct keymap *km, int mode, vkey k)
{
    for (size_t c = 1; c < CMD_COUNT; c++) {
        if (!(cmds[c].modes & mode))
            continue;
        for (int i = 0; i < km->n[c]; i++)
            if (km->keys[c][i] == k)
                return (enum cmd)c;
    }
    return CMD_NONE;
}

int keymap_keys(const struct keymap *km, enum cmd c, const char *sep, int max,
                struct strbuf *out)
{
    if (c <= CMD_NONE || c >= CMD_COUNT)
        return 0;
    int w = 0;
    for (int i = 0; i < km->n[c] && (max == 0 || w < max); i++) {
        char name[24];
        vkey_name(km->keys[c][i], name);
        if (w++)
            sb_add(out, sep);
        sb_add(out, name);
    }
    return w;
}
