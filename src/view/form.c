/*
 * The editing form's data and the checks its fields make by themselves.
 */
#include "baton/form.h"
#include "baton/str.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_init(struct form *fm, const char *title)
{
    memset(fm, 0, sizeof *fm);
    snprintf(fm->title, sizeof fm->title, "%s", title ? title : "");
}

struct form_field *form_field_add(struct form *fm, const char *name, const char *label,
                                  enum form_kind kind, bool required, const char *value)
{
    if (fm->n >= FORM_MAX_FIELDS)
        return NULL;
    struct form_field *f = &fm->f[fm->n++];
    memset(f, 0, sizeof *f);
    f->name = name;
    f->label = label;
    f->kind = kind;
    f->required = required;
    if (value)
        line_set(&f->value, value);
    return f;
}

struct form_field *form_field(struct form *fm, const char *name)
{
    for (int i = 0; i < fm->n; i++)
        if (strcmp(fm->f[i].name, name) == 0)
            return &fm->f[i];
    return NULL;
}

/* Trims the field's text in place (the line editor keeps it NUL-ended). */
static const char *trimmed(struct form_field *f)
{
    struct line_edit *l = &f->value;
    size_t start = 0;
    while (start < l->len && isspace((unsigned char)l->buf[start]))
        start++;
    size_t end = l->len;
    while (end > start && isspace((unsigned char)l->buf[end - 1]))
        end--;
    if (start > 0 || end < l->len) {
        memmove(l->buf, l->buf + start, end - start);
        l->len = end - start;
        l->buf[l->len] = 0;
        if (l->cur > l->len)
            l->cur = l->len;
    }
    return l->len ? l->buf : NULL;
}

const char *form_get(struct form *fm, const char *name)
{
    struct form_field *f = form_field(fm, name);
    if (f && (f->kind == FF_DATE || f->kind == FF_TIME) && trimmed(f) && form_check_field(f))
        return f->norm;
    return f ? trimmed(f) : NULL;
}

void form_set_error(struct form_field *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err, sizeof f->err, fmt, ap);
    va_end(ap);
}

bool form_check_field(struct form_field *f)
{
    f->err[0] = 0;
    const char *v = trimmed(f);
    if (!v) {
        if (f->required)
            form_set_error(f, "required");
        return !f->required;
    }
    switch (f->kind) {
    case FF_INT: {
        long n;
        if (!str_to_long(v, &n))
            form_set_error(f, "a whole number, please");
        else if (n < f->min || n > f->max)
            form_set_error(f, "from %ld to %ld", f->min, f->max);
        break;
    }
    case FF_NUMBER: {
        double d;
        char why[160];
        /* beside the value, the spelling wanted is enough: "use a dot: 19.5" */
        const char *fix;
        if (str_to_number(v, &d, why, sizeof why))
            break;
        if ((fix = strstr(why, " (use a dot")) || (fix = strstr(why, " (no thousands")))
            form_set_error(f, "%.*s", (int)strlen(fix + 2) - 1, fix + 2);
        else
            form_set_error(f, "a number, please (like 2.5 or 1.2e6)");
        break;
    }
    case FF_DATE: {
        struct err e;
        if (time_input_date(v, time_now(), f->norm, &e) < 0)
            form_set_error(f, "%s", e.msg);
        break;
    }
    case FF_TIME: {
        btime t;
        struct err e;
        if (time_input(v, time_now(), &t, &e) < 0)
            form_set_error(f, "%s", e.msg);
        else
            time_fmt_iso(t, f->norm);
        break;
    }
    case FF_CHOICE: {
        bool ok = false;
        for (size_t i = 0; f->choices && f->choices[i] && !ok; i++)
            ok = strcmp(f->choices[i], v) == 0;
        if (!ok) {
            struct strbuf sb;
            sb_init(&sb);
            for (size_t i = 0; f->choices && f->choices[i]; i++)
                sb_addf(&sb, "%s%s", i ? ", " : "", f->choices[i]);
            form_set_error(f, "one of %s", sb_str(&sb));
            sb_fini(&sb);
        }
        break;
    }
    default: break;
    }
    return f->err[0] == 0;
}

bool form_check(struct form *fm)
{
    int first = -1;
    for (int i = 0; i < fm->n; i++)
        if (!fm->f[i].readonly && !form_check_field(&fm->f[i]) && first < 0)
            first = i;
    if (first >= 0)
        fm->focus = first;
    return first < 0;
}

void form_focus_move(struct form *fm, int dir)
{
    for (int step = 0; step < fm->n; step++) {
        fm->focus = (fm->focus + dir + fm->n) % fm->n;
        if (!fm->f[fm->focus].readonly)
            return;
    }
}

bool form_focus_last(const struct form *fm)
{
    for (int i = fm->n - 1; i >= 0; i--)
        if (!fm->f[i].readonly)
            return fm->focus == i;
    return true;
}
