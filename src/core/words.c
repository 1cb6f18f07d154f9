/*
 * The words of a text as the full-text searches compare them (words.h).
 */
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "words.h"

bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Words too common to say two texts are about the same thing. */
static const char *const stop_words[] = {
    "the", "and", "for", "with", "from", "that", "this", "are", "was", "not", "but", "has",
    "have", "our", "their", "its", "into", "over", "still", "yet", "any", "all", "can",
    "will", "been", "before", "after", "about", "waiting", "need", "needs",
};

static bool stop_word(const char *w)
{
    for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
        if (strcmp(w, stop_words[i]) == 0)
            return true;
    return false;
}

int words_find(const struct words *ws, const char *w)
{
    for (int i = 0; i < ws->n; i++)
        if (strcmp(ws->w[i], w) == 0)
            return i;
    return -1;
}

void words_each(const char *text, void (*fn)(const char *w, void *arg), void *arg)
{
    struct strbuf w;
    sb_init(&w);
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    for (;;) {
        unsigned char c = *p;
        if (word_byte(c)) {
            sb_addc(&w, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        } else {
            if (w.len >= 3 && !stop_word(sb_str(&w)))
                fn(sb_str(&w), arg);
            sb_clear(&w);
        }
        if (!c)
            break;
        p++;
    }
    sb_fini(&w);
}

static void words_add(const char *w, void *arg)
{
    struct words *ws = arg;
    if (ws->n < WORDS_MAX && words_find(ws, w) < 0)
        ws->w[ws->n++] = xstrdup(w);
}

void words_of(const char *text, struct words *ws)
{
    ws->n = 0;
    words_each(text, words_add, ws);
}

void words_fini(struct words *ws)
{
    for (int i = 0; i < ws->n; i++)
        free(ws->w[i]);
    ws->n = 0;
}

char *words_match_query(const char *text)
{
    struct words ws;
    words_of(text, &ws);
    if (!ws.n)
        return NULL;
    struct strbuf q;
    sb_init(&q);
    for (int i = 0; i < ws.n; i++)
        sb_addf(&q, "%s\"%s\"", i ? " OR " : "", ws.w[i]);
    words_fini(&ws);
    return sb_take(&q);
}
