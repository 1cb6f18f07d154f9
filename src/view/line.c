/*
 * The one-line editor of the filter and the command line, its history and
 * its completion. Editing works on whole UTF-8 characters so a backspace
 * never leaves half a character behind.
 */
#include "baton/view.h"

#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"

void line_clear(struct line_edit *l)
{
    l->buf[0] = 0;
    l->len = l->cur = 0;
}

void line_set(struct line_edit *l, const char *s)
{
    line_clear(l);
    line_insert(l, s ? s : "");
}

bool line_insert(struct line_edit *l, const char *s)
{
    size_t n = strlen(s);
    if (l->len + n >= sizeof l->buf)
        return false;
    memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur + 1);
    memcpy(l->buf + l->cur, s, n);
    l->len += n;
    l->cur += n;
    return true;
}

/* Byte offset of the character before off. */
static size_t prev_char(const char *s, size_t off)
{
    if (off == 0)
        return 0;
    size_t p = off - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return p;
}

void line_backspace(struct line_edit *l)
{
    if (l->cur == 0)
        return;
    size_t p = prev_char(l->buf, l->cur);
    memmove(l->buf + p, l->buf + l->cur, l->len - l->cur + 1);
    l->len -= l->cur - p;
    l->cur = p;
}

void line_delete(struct line_edit *l)
{
    if (l->cur >= l->len)
        return;
    size_t n = utf8_seqlen(l->buf + l->cur);
    memmove(l->buf + l->cur, l->buf + l->cur + n, l->len - l->cur - n + 1);
    l->len -= n;
}

void line_left(struct line_edit *l)
{
    l->cur = prev_char(l->buf, l->cur);
}

void line_right(struct line_edit *l)
{
    if (l->cur < l->len)
        l->cur += utf8_seqlen(l->buf + l->cur);
}

void line_kill(struct line_edit *l)
{
    memmove(l->buf, l->buf + l->cur, l->len - l->cur + 1);
    l->len -= l->cur;
    l->cur = 0;
}

int line_cursor_col(const struct line_edit *l)
{
    char *head = xstrndup(l->buf, l->cur);
    char *safe = utf8_sanitize(head, false);
    int w = utf8_width(safe);
    free(safe);
    free(head);
    return w;
}

/* ---- history ---- */

void history_init(struct history *h)
{
    memset(h, 0, sizeof *h);
}

void history_fini(struct history *h)
{
    for (int i = 0; i < h->n; i++)
        free(h->items[i]);
    history_init(h);
}

void history_add(struct history *h, const char *s)
{
    if (str_empty(s) || (h->n > 0 && strcmp(h->items[h->n - 1], s) == 0)) {
        h->pos = h->n;
        return;
    }
    if (h->n == HISTORY_MAX) {
        free(h->items[0]);
        memmove(h->items, h->items + 1, (HISTORY_MAX - 1) * sizeof h->items[0]);
        h->n--;
    }
    h->items[h->n++] = xstrdup(s);
    h->pos = h->n;
}

const char *history_prev(struct history *h)
{
    if (h->n == 0)
        return "";
    if (h->pos > 0)
        h->pos--;
    return h->items[h->pos];
}

const char *history_next(struct history *h)
{
    if (h->pos < h->n)
        h->pos++;
    return h->pos < h->n ? h->items[h->pos] : "";
}

void history_reset(struct history *h)
{
    h->pos = h->n;
}

/* ---- completion ---- */

int view_complete(struct line_edit *l, const char *const *cands, size_t n, struct strbuf *shown)
{
    /* the word being completed: from the last space before the cursor */
    l->cur = l->len;
    size_t start = l->len;
    while (start > 0 && l->buf[start - 1] != ' ')
        start--;
    const char *word = l->buf + start;
    size_t wlen = l->len - start;
    const char *first = NULL;
    size_t common = 0;
    int matches = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strncmp(cands[i], word, wlen) != 0)
            continue;
        if (!first) {
            first = cands[i];
            common = strlen(first);
        } else {
            size_t k = 0;
            while (k < common && cands[i][k] == first[k])
                k++;
            common = k;
        }
        if (matches++ && shown)
            sb_addc(shown, ' ');
        if (shown)
            sb_add(shown, cands[i]);
    }
    if (!matches)
        return 0;
    if (shown && matches == 1)
        sb_clear(shown);
    /* never cut inside a UTF-8 character */
    while (common > wlen && ((unsigned char)first[common] & 0xC0) == 0x80)
        common--;
    if (common > wlen) {
        char *add = xstrndup(first + wlen, common - wlen);
        line_insert(l, add);
        free(add);
    }
    if (matches == 1)
        line_insert(l, " ");
    return matches;
}
