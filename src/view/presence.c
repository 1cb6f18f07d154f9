/*
 * Presence on screen: who else has the cockpit open (the header's names)
 * and who else looks at the same blocker (its detail view and triage).
 * A session says what it looks at as "blocker B-7" or "triage B-7"; the
 * names come from other processes' rows, so they are sanitised here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/store.h"
#include "baton/utf8.h"
#include "view_internal.h"

/* Whether v[i]'s login already appeared before i. */
static bool seen_before(const struct presence *v, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (str_eq(v[k].login, v[i].login))
            return true;
    return false;
}

void view_presence_names(const struct presence *v, size_t n, const char *self, int width,
                         bool ascii, struct strbuf *out)
{
    if (n == 0) {
        sb_add(out, "only you here");
        return;
    }
    size_t logins = 0;
    for (size_t i = 0; i < n; i++)
        logins += !seen_before(v, i);
    struct strbuf sb, tail;
    sb_init(&sb);
    sb_init(&tail);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (seen_before(v, i))
            continue;
        char *name;
        if (self && str_eq(v[i].login, self) && !str_empty(v[i].tty))
            name = utf8_sanitize(v[i].tty, ascii);
        else
            name = utf8_sanitize(str_empty(v[i].login) ? "?" : v[i].login, ascii);
        if (self && str_eq(v[i].login, self)) {
            char *you = str_eq(name, v[i].login) ? xstrdup("you elsewhere")
                                                 : xasprintf("you@%s", name);
            free(name);
            name = you;
        }
        size_t keep = sb.len;
        if (shown)
            sb_add(&sb, ", ");
        sb_add(&sb, name);
        free(name);
        size_t rest = logins - shown - 1;
        sb_clear(&tail);
        if (rest)
            sb_addf(&tail, " +%zu more here", rest);
        else
            sb_add(&tail, " here");
        if (utf8_width(sb_str(&sb)) + utf8_width(sb_str(&tail)) > width) {
            /* this name does not fit: it joins the "+N more" */
            sb.len = keep;
            sb.s[keep] = 0;
            break;
        }
        shown++;
    }
    if (shown == 0)
        sb_addf(out, "%zu other%s here", logins, logins == 1 ? "" : "s");
    else if (shown < logins)
        sb_addf(out, "%s +%zu more here", sb_str(&sb), logins - shown);
    else
        sb_addf(out, "%s here", sb_str(&sb));
    sb_fini(&sb);
    sb_fini(&tail);
}

bool view_presence_about(const char *what, const char *key)
{
    if (str_empty(what) || str_empty(key))
        return false;
    static const char *const kinds[] = {"blocker ", "triage "};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t k = strlen(kinds[i]);
        if (strncmp(what, kinds[i], k) == 0 && strcmp(what + k, key) == 0)
            return true;
    }
    return false;
}

size_t view_presence_on(const struct presence *v, size_t n, const char *key, bool ascii,
                        struct strbuf *out)
{
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (!view_presence_about(v[i].view, key))
            continue;
        char *name = utf8_sanitize(str_empty(v[i].login) ? "?" : v[i].login, ascii);
        sb_addf(out, "%s%s", found ? ", " : "", name);
        free(name);
        if (!str_empty(v[i].tty)) {
            char *tty = utf8_sanitize(v[i].tty, ascii);
            sb_addf(out, " (%s)", tty);
            free(tty);
        }
        found++;
    }
    return found;
}

void view_presence_field(struct doc *d, struct store *st, const char *key, int lw)
{
    struct presence *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (store_presence_list(st, &v, &n, &e))
        return;
    struct strbuf sb;
    sb_init(&sb);
    if (view_presence_on(v, n, key, d->ascii, &sb))
        doc_field(d, "Also looking", lw, TR_AMBER, sb_str(&sb));
    sb_fini(&sb);
    store_presence_list_free(v, n);
}
