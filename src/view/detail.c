/*
 * Pieces every pane class uses: row allocation, the health cell, ages,
 * and the parts of a detail view (headings, wrapped text, history).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/entity.h"
#include "baton/blocker.h"
#include "baton/event.h"
#include "baton/utf8.h"
#include "view_internal.h"

struct vrow *rows_new(size_t n)
{
    struct vrow *v = xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        vrow_init(&v[i]);
    return v;
}

size_t query_window(const struct query *q, size_t total, size_t *from)
{
    size_t at = q->offset > 0 ? (size_t)q->offset : 0;
    if (q->last && q->limit > 0)
        at = total > (size_t)q->limit ? total - (size_t)q->limit : 0;
    size_t want = q->limit > 0 ? (size_t)q->limit : total;
    size_t got = at < total ? total - at : 0;
    *from = at;
    return got < want ? got : want;
}

void cell_health(struct vcell *c, enum health h, const struct view_ctx *ctx)
{
    char text[32];
    const char *g = ctx->g->health[(unsigned)h < 4 ? h : 0];
    snprintf(text, sizeof text, "%s %s", g, view_health_word(h));
    vcell_set(c, text, g, view_health_role(h), ctx->ascii);
}

void fmt_age(const struct view_ctx *ctx, const char *iso, char out[16])
{
    btime t;
    if (!iso || !time_parse(iso, &t)) {
        snprintf(out, 16, "-");
        return;
    }
    time_fmt_age(ctx->now - t, out);
}

void detail_open(struct doc *d, const char *what, const char *key, const char *name)
{
    d->title = xasprintf("%s %s", what, key);
    doc_add(d, TR_TITLE, key);
    doc_add(d, TR_TITLE, "  ");
    doc_add(d, TR_TITLE, name);
    doc_nl(d);
    doc_nl(d);
}

void detail_heading(struct doc *d, const char *text)
{
    doc_nl(d);
    doc_add(d, TR_TITLE, text);
    doc_nl(d);
}

int detail_key_title(struct doc *d, const char *key, const char *title)
{
    doc_add(d, TR_COLUMN, key);
    doc_add(d, TR_NORMAL, " ");
    int at = (int)d->lines[d->n - 1].n;
    doc_add(d, TR_NORMAL, title);
    return at;
}

void detail_section(struct doc *d, const char *title, bool empty, const char *none)
{
    detail_heading(d, title);
    if (empty) {
        doc_add(d, TR_DIM, none);
        doc_nl(d);
    }
}

void detail_blocker_head(struct doc *d, const struct blocker *b)
{
    if (b->severity)
        doc_addf(d, view_severity_role(b->severity), "  S%d ", b->severity);
    else
        doc_add(d, TR_DIM, "  S? ");
    doc_addf(d, TR_NORMAL, "%-8s ", b->key);
    doc_add(d, TR_NORMAL, b->title);
}

/* How far the word at p runs (to a blank or the end) and how wide it is,
 * looking no further than limit + 1 columns: a word wider than a line is
 * cut anyway, so a megabyte without a blank costs a line's worth a line. */
static const char *word_end(const char *p, int limit, int *width)
{
    int w = 0;
    while (*p && *p != ' ' && w <= limit) {
        size_t n = utf8_seqlen(p);
        w += utf8_width_n(p, n);
        p += n;
    }
    *width = w;
    return p;
}

void detail_wrap(struct doc *d, enum theme_role role, const char *text, int width, int indent)
{
    char *safe = doc_bounded(text, d->ascii);
    int avail = width - indent;
    if (avail < 10)
        avail = 10;
    struct strbuf line;
    sb_init(&line);
    const char *p = safe;
    while (*p) {
        /* one paragraph line at a time */
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        sb_clear(&line);
        for (int i = 0; i < indent; i++)
            sb_addc(&line, ' ');
        int w = 0;
        while (*p) {
            int ww;
            const char *end = word_end(p, avail, &ww);
            if (w > 0 && w + 1 + ww > avail)
                break;
            if (ww > avail) {
                /* a word longer than the line is cut where it must be */
                size_t fit = utf8_fit_n(p, (size_t)(end - p), avail);
                if (fit == 0)
                    fit = utf8_seqlen(p);
                sb_addn(&line, p, fit);
                p += fit;
                break;
            }
            if (w > 0) {
                sb_addc(&line, ' ');
                w++;
            }
            sb_addn(&line, p, (size_t)(end - p));
            w += ww;
            p = end;
            while (*p == ' ')
                p++;
        }
        doc_add_raw(d, role, sb_str(&line));
        doc_nl(d);
    }
    sb_fini(&line);
    free(safe);
}

void detail_fields(struct doc *d, const struct entity *ent, const void *obj,
                   const char *const *shown, int lw)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        bool said = false;
        for (size_t k = 0; shown && shown[k] && !said; k++)
            said = strcmp(shown[k], f->name) == 0;
        char buf[32];
        const char *v = said ? NULL : field_text(f, obj, buf);
        char when[TIME_SHOW_MAX];
        if (v && f->type == FT_TIME && time_show_text(v, when))
            v = when;
        if (!v)
            continue;
        struct strbuf sb; /* a list "q4, legal": stored joined by ',' */
        sb_init(&sb);
        for (const char *p = v; *p; p++)
            if (f->type == FT_LIST && *p == ',')
                sb_add(&sb, ", ");
            else
                sb_addc(&sb, *p);
        doc_field(d, f->label, lw, TR_NORMAL, sb_str(&sb));
        sb_fini(&sb);
    }
}

int detail_history(struct doc *d, struct store *st, const char *entity, const char *key,
                   int limit, struct err *e)
{
    struct event *ev = NULL;
    size_t n = 0;
    int rc = event_list(st, entity, key, NULL, limit, &ev, &n, e);
    if (rc)
        return rc;
    char title[64];
    snprintf(title, sizeof title, "History (latest %zu)", n);
    detail_section(d, title, n == 0, "  no recorded changes");
    for (size_t i = 0; i < n; i++) {
        char when[TIME_SHOW_MAX] = "";
        if (!time_show_text(ev[i].at, when))
            when[0] = 0;
        doc_addf(d, TR_DIM, "  %-16s ", when);
        doc_addf(d, TR_NORMAL, "%-10s ", ev[i].actor ? ev[i].actor : "-");
        doc_add(d, TR_COLUMN, ev[i].action ? ev[i].action : "");
        if (ev[i].field) {
            doc_addf(d, TR_NORMAL, " %s: ", ev[i].field);
            doc_add(d, TR_DIM, ev[i].old_value ? ev[i].old_value : "-");
            doc_add_raw(d, TR_NORMAL, d->ascii ? " -> " : " → ");
            doc_add(d, TR_NORMAL, ev[i].new_value ? ev[i].new_value : "-");
        } else if (ev[i].new_value) {
            doc_add(d, TR_NORMAL, " ");
            doc_add(d, TR_NORMAL, ev[i].new_value);
        }
        doc_nl(d);
    }
    event_list_free(ev, n);
    return 0;
}

int find_result(int rc, struct err *e)
{
    if (rc == 0)
        return 0;
    if (e && e->code == ERR_USAGE) {
        err_clear(e);
        return 1;
    }
    return rc;
}
