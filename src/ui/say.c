/*
 * The two services every mode uses: the message on the status line, and
 * the keys that edit a line of text (prompts, the command line, filters,
 * form fields).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "baton/utf8.h"
#include "ui_internal.h"

void app_message(struct app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char raw[sizeof a->msg];
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    char *safe = utf8_sanitize(raw, a->ctx.ascii);
    snprintf(a->msg, sizeof a->msg, "%s", safe);
    free(safe);
    a->msg_error = error;
    a->dirty_status = true;
}

bool input_edit_line(struct app *a, struct line_edit *l, vkey k)
{
    if (k == VK_BACKSPACE) {
        line_backspace(l);
    } else if (k == VK_DELETE || k == VK_CTRL('d')) {
        line_delete(l);
    } else if (k == VK_LEFT || k == VK_CTRL('b')) {
        line_left(l);
    } else if (k == VK_RIGHT || k == VK_CTRL('f')) {
        line_right(l);
    } else if (k == VK_HOME || k == VK_CTRL('a')) {
        l->cur = 0;
    } else if (k == VK_END || k == VK_CTRL('e')) {
        l->cur = l->len;
    } else if (k == VK_CTRL('u')) {
        line_kill(l);
    } else if (k >= 0x20 && k < VK_SPECIAL) {
        char buf[24] = {0};
        vkey_name(k, buf);
        if (k == ' ')
            snprintf(buf, sizeof buf, " ");
        if (!line_insert(l, buf))
            app_message(a, true, "the line is full");
    } else {
        return false;
    }
    return true;
}
