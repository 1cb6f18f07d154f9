/*
 * One-line prompts at the bottom of the screen: a label, a line being
 * typed, Enter to confirm and Esc to cancel with nothing written. A
 * prompt may answer at once on one key ("severity 1-4"), or fill in or
 * answer with a preset on one key ("t" for tomorrow 09:00, "1" for the
 * first decline reason). A default it starts with is selected, as in any
 * line editor: typing replaces it, End or Right keeps it to edit. Whoever opened the prompt
 * decides in its done function whether the answer stands; a refused
 * answer keeps the prompt open with the reason in the status bar.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"
#include "ui_internal.h"

#define PROMPT_MAX_PRESETS 8

struct prompt_ui {
    char *label;
    char *hint;
    char *instant;
    char *preset_keys[PROMPT_MAX_PRESETS];
    char *preset_values[PROMPT_MAX_PRESETS];
    char *preset_labels[PROMPT_MAX_PRESETS]; /* what the list shows */
    size_t n_presets;
    bool preset_answers;
    bool menu; /* the presets are listed in a box over the screen */
    bool selected; /* the line holds the default, which typing replaces */
    struct line_edit line;
    prompt_fn done;
    void *arg;
};

static void prompt_free(struct prompt_ui *p)
{
    if (!p)
        return;
    free(p->label);
    free(p->hint);
    free(p->instant);
    for (size_t i = 0; i < p->n_presets; i++) {
        free(p->preset_keys[i]);
        free(p->preset_values[i]);
        free(p->preset_labels[i]);
    }
    free(p);
}

void prompt_open(struct app *a, const char *label, const struct prompt_opts *o, prompt_fn done,
                 void *arg)
{
    prompt_close(a);
    struct prompt_ui *p = xcalloc(1, sizeof *p);
    p->label = xstrdup(label);
    p->done = done;
    p->arg = arg;
    if (o) {
        p->hint = o->hint ? xstrdup(o->hint) : NULL;
        p->instant = o->instant ? xstrdup(o->instant) : NULL;
        for (size_t i = 0; i < o->n_presets && i < PROMPT_MAX_PRESETS; i++) {
            p->preset_keys[i] = xstrdup(o->preset_keys[i]);
            p->preset_values[i] = xstrdup(o->preset_values[i]);
            p->preset_labels[i] =
                xstrdup(o->preset_labels ? o->preset_labels[i] : o->preset_values[i]);
            p->n_presets++;
        }
        p->preset_answers = o->preset_answers;
        p->menu = o->menu && p->n_presets;
        if (o->kept && *o->kept) {
            line_set(&p->line, o->kept);
        } else if (o->initial && *o->initial) {
            line_set(&p->line, o->initial);
            p->selected = true;
        }
    }
    mode_push(a, &mode_prompt, p);
    a->msg[0] = 0;
    a->dirty_status = true;
}

static void leave(struct app *a, void *data)
{
    struct prompt_ui *p = data;
    if (p->menu)
        draw_mark_panes(a); /* what the list covered */
    prompt_free(p);
}

static void fini(struct app *a, void *data)
{
    prompt_free(data);
}

void prompt_close(struct app *a)
{
    mode_remove(a, &mode_prompt);
    a->dirty_status = true;
    a->dirty_main = true;
}

/* Runs the done function with the text; closes the prompt unless it was
 * refused or the function opened another prompt or picker. */
static void answer(struct app *a, const char *text)
{
    char *copy = xstrdup(text);
    /* The done function may open the next prompt: detach this one first. */
    struct prompt_ui *p = mode_detach(a, &mode_prompt);
    bool ok = p->done(a, copy, p->arg);
    free(copy);
    if (!ok && !mode_on(a, &mode_prompt) && !mode_on(a, &mode_picker)) {
        mode_push(a, &mode_prompt, p); /* refused: keep typing */
        a->dirty_status = true;
        return;
    }
    if (p->menu)
        draw_mark_panes(a); /* what the list covered */
    prompt_free(p);
    a->dirty_status = a->dirty_main = true;
}

/* Keys that leave a selected default in place, to edit it. */
static bool keep_default(vkey k)
{
    return k == VK_END || k == VK_RIGHT || k == VK_LEFT || k == VK_HOME || k == VK_CTRL('e') ||
           k == VK_CTRL('a') || k == VK_CTRL('f') || k == VK_CTRL('b');
}

void prompt_key(struct app *a, vkey k)
{
    struct prompt_ui *p = mode_data(a, &mode_prompt);
    enum cmd c = keymap_lookup(&a->km, MODE_PROMPT, k);
    a->dirty_status = true;
    if (c == CMD_PROMPT_CANCEL) {
        prompt_close(a);
        app_message(a, false, "cancelled; nothing was written");
        return;
    }
    if (c == CMD_PROMPT_ACCEPT) {
        a->msg[0] = 0;
        answer(a, p->line.buf);
        return;
    }
    if (p->selected && keep_default(k)) {
        p->selected = false; /* the default stays, to be edited */
    } else if (p->selected && (k == VK_BACKSPACE || k == VK_DELETE || k == VK_CTRL('u') ||
                               (k >= 0x20 && k < VK_SPECIAL))) {
        line_clear(&p->line); /* as over selected text: typing replaces the default */
        p->selected = false;
        if (k == VK_BACKSPACE || k == VK_DELETE || k == VK_CTRL('u'))
            return;
    }
    if (p->line.len == 0 && k > 0x20 && k < 0x80) {
        if (p->instant && strchr(p->instant, (int)k)) {
            char one[2] = {(char)k, 0};
            a->msg[0] = 0;
            answer(a, one);
            return;
        }
        if (p->instant && !p->n_presets) {
            /* one key answers: any other is refused, never typed in */
            app_message(a, true, "%s; Esc cancels", p->hint ? p->hint : "not one of the keys asked for");
            return;
        }
        for (size_t i = 0; i < p->n_presets; i++)
            if (p->preset_keys[i][0] == (char)k && !p->preset_keys[i][1]) {
                if (p->preset_answers) {
                    char *v = xstrdup(p->preset_values[i]);
                    a->msg[0] = 0;
                    answer(a, v);
                    free(v);
                } else {
                    line_set(&p->line, p->preset_values[i]);
                }
                return;
            }
    }
    a->msg[0] = 0;
    input_edit_line(a, &p->line, k);
}

void prompt_draw(struct app *a, WINDOW *w, int x)
{
    struct prompt_ui *p = mode_data(a, &mode_prompt);
    attr_t at = a->attr[TR_STATUS];
    int cols = a->cols;
    char *label = utf8_sanitize(p->label, a->ctx.ascii);
    int lw = utf8_width(label);
    size_t fit = utf8_fit(label, cols / 2);
    wattrset(w, at | A_BOLD);
    mvwaddnstr(w, 0, x, label, (int)fit);
    x += lw < cols / 2 ? lw : cols / 2;
    free(label);
    wattrset(w, at);
    mvwaddstr(w, 0, x, ": ");
    x += 2;
    int start = x;
    char *safe = utf8_sanitize(p->line.buf, a->ctx.ascii);
    int cur = line_cursor_col(&p->line);
    int room = cols - start - 1;
    int skipped = 0;
    const char *shown = draw_scroll(safe, cur, room, &skipped);
    size_t n = utf8_fit(shown, room > 0 ? room : 0);
    /* a default shows selected: typing replaces it */
    wattrset(w, p->selected ? at | A_REVERSE : at);
    mvwaddnstr(w, 0, start, shown, (int)n);
    wattrset(w, at);
    char *cut = xstrndup(shown, n);
    int used = utf8_width(cut);
    free(cut);
    free(safe);
    const char *note = a->msg[0] ? a->msg : p->hint;
    if (note && start + used + 3 < cols) {
        char *s = a->msg[0] ? xstrdup(note) : utf8_sanitize(note, a->ctx.ascii);
        /* a hint or a refusal too long for the line ends after a whole word */
        draw_put_words(a, w, 0, start + used + 2,
                       a->msg[0] && a->msg_error ? a->attr[TR_RED] | A_BOLD : at | A_DIM, s,
                       cols - start - used - 3);
        free(s);
    }
    wattrset(w, at);
    wmove(w, 0, start + cur - skipped);
    curs_set(1);
}

void prompt_menu_draw(struct app *a)
{
    struct prompt_ui *p = mode_data(a, &mode_prompt);
    if (!p || !p->menu)
        return;
    int h = (int)p->n_presets + 2, wd = 0;
    for (size_t i = 0; i < p->n_presets; i++) {
        char *v = utf8_sanitize(p->preset_labels[i], a->ctx.ascii);
        int w = utf8_width(v) + 8;
        free(v);
        if (w > wd)
            wd = w;
    }
    if (wd < 24)
        wd = 24;
    if (wd > a->cols - 2)
        wd = a->cols - 2;
    if (h > a->rows - 2 || wd < 10)
        return; /* no room: the hint in the status bar says it */
    WINDOW *w = newwin(h, wd, a->rows - 1 - h, 1);
    if (!w)
        return;
    draw_box_in(a, w, true, "one key answers", NULL, NULL);
    for (size_t i = 0; i < p->n_presets; i++) {
        char *v = utf8_sanitize(p->preset_labels[i], a->ctx.ascii);
        draw_put(w, 1 + (int)i, 2, a->attr[TR_TITLE] | A_BOLD, p->preset_keys[i], 2);
        draw_put(w, 1 + (int)i, 5, a->attr[TR_NORMAL], v, wd - 7);
        free(v);
    }
    wnoutrefresh(w);
    delwin(w);
}

/* ---- the mode ---- */

static bool draw(struct app *a, bool dirty)
{
    prompt_menu_draw(a);
    return false;
}

static bool asks(const struct mode *m)
{
    return m->flags & MF_ASKS;
}

/* What the prompt answers for: a verdict in triage, a field of a form. */
static const char *tag(const struct app *a)
{
    const struct mode *m = mode_find(a, asks);
    return m ? m->name : "PROMPT";
}

const struct mode mode_prompt = {
    .name = "PROMPT",
    .help = "Prompts and pickers",
    .keys = MODE_PROMPT,
    .flags = MF_LINE | MF_KEYBOARD,
    .leave = leave,
    .fini = fini,
    .key = prompt_key,
    .draw = draw,
    .status = prompt_draw,
    .tag = tag,
};
