/*
 * Styled documents: lines of spans, each span a piece of text and the
 * theme role to draw it in. Detail views and the help overlay are built as
 * documents by the view layer and painted line by line by the UI.
 */
#include "baton/view.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"

void doc_init(struct doc *d, bool ascii)
{
    memset(d, 0, sizeof *d);
    d->ascii = ascii;
}

void doc_fini(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->lines[i].n; j++)
            free(d->lines[i].spans[j].text);
        free(d->lines[i].spans);
    }
    free(d->lines);
    free(d->title);
    bool ascii = d->ascii;
    doc_init(d, ascii);
}

static struct doc_line *current(struct doc *d)
{
    if (d->n == 0) {
        d->cap = 16;
        d->lines = xcalloc(d->cap, sizeof *d->lines);
        d->n = 1;
    }
    return &d->lines[d->n - 1];
}

static void add_owned(struct doc *d, enum theme_role role, char *text)
{
    struct doc_line *l = current(d);
    l->spans = xrealloc(l->spans, (l->n + 1) * sizeof *l->spans);
    l->spans[l->n].text = text;
    l->spans[l->n].role = role;
    l->n++;
}

void doc_add(struct doc *d, enum theme_role role, const char *text)
{
    add_owned(d, role, utf8_sanitize(text ? text : "", d->ascii));
}

void doc_add_raw(struct doc *d, enum theme_role role, const char *text)
{
    add_owned(d, role, xstrdup(text ? text : ""));
}

void doc_addf(struct doc *d, enum theme_role role, const char *fmt, ...)
{
    struct strbuf sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    doc_add(d, role, sb_str(&sb));
    sb_fini(&sb);
}

void doc_nl(struct doc *d)
{
    current(d);
    if (d->n == d->cap) {
        d->cap *= 2;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    memset(&d->lines[d->n], 0, sizeof d->lines[d->n]);
    d->n++;
}

void doc_field(struct doc *d, const char *label, int lw, enum theme_role role,
               const char *value)
{
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, label, lw, false, d->ascii);
    doc_add_raw(d, TR_COLUMN, sb_str(&sb));
    doc_add(d, role, str_empty(value) ? "-" : value);
    doc_nl(d);
    sb_fini(&sb);
}

void doc_line_text(const struct doc *d, size_t i, struct strbuf *sb)
{
    if (i >= d->n)
        return;
    for (size_t j = 0; j < d->lines[i].n; j++)
        sb_add(sb, d->lines[i].spans[j].text);
}
