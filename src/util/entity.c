/*
 * entity: what every layer does with a row through its description: find
 * a field, free, copy, compare, show and set a member by its offset.
 */
#include "baton/entity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"

static void *at(void *obj, size_t off)
{
    return (char *)obj + off;
}

static const void *cat(const void *obj, size_t off)
{
    return (const char *)obj + off;
}

static bool holds_text(const struct entity_field *f)
{
    return f->type == FT_TEXT || f->type == FT_DATE || f->type == FT_TIME || f->type == FT_LIST;
}

static char **text_member(const struct entity_field *f, void *obj)
{
    return (char **)at(obj, f->off);
}

static const char *text_value(const struct entity_field *f, const void *obj)
{
    return *(char *const *)cat(obj, f->off);
}

static int int_value(const struct entity_field *f, const void *obj)
{
    int v;
    memcpy(&v, cat(obj, f->off), sizeof v);
    return v;
}

/* FT_REAL: whether it is set, and its value. */
static bool real_value(const struct entity_field *f, const void *obj, double *v)
{
    bool has = true;
    if (f->has_off)
        memcpy(&has, cat(obj, f->has_off), sizeof has);
    memcpy(v, cat(obj, f->off), sizeof *v);
    return has;
}

static void real_store(const struct entity_field *f, void *obj, bool has, double v)
{
    if (f->has_off)
        memcpy(at(obj, f->has_off), &has, sizeof has);
    memcpy(at(obj, f->off), &v, sizeof v);
}

void field_real_text(double v, char buf[32])
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, 32, "%.0f", v);
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

const char *field_flag(const struct entity_field *f, char buf[64])
{
    snprintf(buf, 64, "%s", f->flag ? f->flag : f->name);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = '-';
    return buf;
}

const struct entity_field *entity_key(const struct entity *ent)
{
    for (size_t i = 0; i < ent->n; i++)
        if (ent->fields[i].flags & FL_ORG)
            return &ent->fields[i];
    return NULL;
}

const char *field_key(const struct entity_field *f)
{
    return f->key ? f->key : f->name;
}

/* Choices are small enums; a name past the end is NULL or "?". */
enum { CHOICE_MAX = 32 };

void field_choices(const struct entity_field *f, const char *sep, struct strbuf *sb)
{
    bool first = true;
    for (int i = 0; i < CHOICE_MAX; i++) {
        const char *name = f->choice_name(i);
        if (!name || !*name || strcmp(name, "?") == 0)
            continue;
        sb_addf(sb, "%s%s", first ? "" : sep, name);
        first = false;
    }
}

const struct entity_field *entity_field(const struct entity *ent, const char *name)
{
    char flag[64];
    for (size_t i = 0; name && i < ent->n; i++)
        if (strcmp(ent->fields[i].name, name) == 0 ||
            strcmp(field_flag(&ent->fields[i], flag), name) == 0)
            return &ent->fields[i];
    return NULL;
}

void entity_fini(const struct entity *ent, void *obj)
{
    if (!obj)
        return;
    for (size_t i = 0; i < ent->n; i++)
        if (holds_text(&ent->fields[i]))
            free(*text_member(&ent->fields[i], obj));
    memset(obj, 0, ent->size);
}

void entity_list_free(const struct entity *ent, void *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        entity_fini(ent, (char *)v + i * ent->size);
    free(v);
}

void entity_copy(const struct entity *ent, void *dst, const void *src)
{
    memcpy(dst, src, ent->size);
    for (size_t i = 0; i < ent->n; i++)
        if (holds_text(&ent->fields[i]))
            *text_member(&ent->fields[i], dst) = xstrdup(text_value(&ent->fields[i], src));
}

void entity_assign(const struct entity *ent, void *dst, const void *src, unsigned flags)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        if ((f->flags & flags) != flags)
            continue;
        if (holds_text(f))
            str_replace(text_member(f, dst), text_value(f, src));
        else if (f->type == FT_INT || f->type == FT_CHOICE)
            memcpy(at(dst, f->off), cat(src, f->off), sizeof(int));
        else if (f->type == FT_BOOL)
            memcpy(at(dst, f->off), cat(src, f->off), sizeof(bool));
        else if (f->type == FT_REAL) {
            double v;
            bool has = real_value(f, src, &v);
            real_store(f, dst, has, v);
        } else
            memcpy(at(dst, f->off), cat(src, f->off), sizeof(int64_t));
    }
}

void entity_tidy(const struct entity *ent, void *obj)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        char **v = holds_text(f) ? text_member(f, obj) : NULL;
        if (v && *v && !**v)
            str_replace(v, NULL);
        char *list = NULL;
        struct err ignore;
        if (v && *v && f->type == FT_LIST && field_list_norm(f->what, *v, 0, &list, &ignore) == 0) {
            free(*v);
            *v = list;
        }
    }
}

bool entity_differs(const struct entity *ent, const void *a, const void *b, unsigned flags)
{
    for (size_t i = 0; i < ent->n; i++)
        if ((ent->fields[i].flags & flags) == flags && !field_equal(&ent->fields[i], a, b))
            return true;
    return false;
}

const struct entity_field *entity_field_at(const struct entity *ent, size_t off)
{
    for (size_t i = 0; i < ent->n; i++)
        if (ent->fields[i].off == off)
            return &ent->fields[i];
    return NULL;
}

bool field_equal(const struct entity_field *f, const void *a, const void *b)
{
    if (holds_text(f))
        return str_eq(text_value(f, a), text_value(f, b));
    if (f->type == FT_INT || f->type == FT_CHOICE)
        return int_value(f, a) == int_value(f, b);
    if (f->type == FT_ID)
        return memcmp(cat(a, f->off), cat(b, f->off), sizeof(int64_t)) == 0;
    if (f->type == FT_REAL) {
        double x, y;
        bool hx = real_value(f, a, &x), hy = real_value(f, b, &y);
        return hx == hy && (!hx || x == y);
    }
    return memcmp(cat(a, f->off), cat(b, f->off), sizeof(bool)) == 0;
}

const char *field_text(const struct entity_field *f, const void *obj, char buf[32])
{
    if (holds_text(f)) {
        const char *s = text_value(f, obj);
        return s && *s ? s : NULL;
    }
    if (f->type == FT_CHOICE)
        return f->choice_name(int_value(f, obj));
    if (f->type == FT_INT) {
        int v = int_value(f, obj);
        if (v == 0 && (f->flags & FL_ZERO_NONE))
            return NULL;
        snprintf(buf, 32, "%d", v);
        return buf;
    }
    if (f->type == FT_REAL) {
        double v;
        if (!real_value(f, obj, &v))
            return NULL;
        field_real_text(v, buf);
        return buf;
    }
    if (f->type == FT_ID) {
        int64_t v;
        memcpy(&v, cat(obj, f->off), sizeof v);
        snprintf(buf, 32, "%lld", (long long)v);
        return buf;
    }
    bool v;
    memcpy(&v, cat(obj, f->off), sizeof v);
    return v ? "yes" : "no";
}

static int set_int(const struct entity_field *f, void *obj, const char *text, struct err *e)
{
    int v = 0;
    if (text && *text) {
        char *end;
        long n = strtol(text, &end, 10);
        if (end == text || *end || n < f->min || n > f->max)
            return err_set(e, ERR_USAGE, "%s must be a whole number from %d to %d, not '%s'",
                           f->what, f->min, f->max, text);
        v = (int)n;
    } else if (!(f->flags & FL_ZERO_NONE) && f->min > 0) {
        return err_set(e, ERR_USAGE, "%s is required", f->what);
    }
    memcpy(at(obj, f->off), &v, sizeof v);
    return 0;
}

static int set_real(const struct entity_field *f, void *obj, const char *text, struct err *e)
{
    double v = 0;
    char why[160];
    bool has = text && *text;
    if (has && !str_to_number(text, &v, why, sizeof why))
        return err_set(e, ERR_USAGE, "%s: %s", f->what, why);
    if (!has && !f->has_off)
        return err_set(e, ERR_USAGE, "%s is required", f->what);
    real_store(f, obj, has, v);
    return 0;
}

/* 0 when text names one of f's choices (into *v) or is none (*v is 0);
 * else ERR_USAGE listing them. */
static int parse_choice(const struct entity_field *f, const char *text, int *v, struct err *e)
{
    *v = 0;
    if (!text || !*text || f->choice_parse(text, v))
        return 0;
    struct strbuf sb;
    sb_init(&sb);
    field_choices(f, ", ", &sb);
    int rc = err_set(e, ERR_USAGE, "no %s '%s' (%s)", f->what, text, sb_str(&sb));
    sb_fini(&sb);
    return rc;
}

static int set_choice(const struct entity_field *f, void *obj, const char *text, struct err *e)
{
    int v;
    int rc = parse_choice(f, text, &v, e);
    if (!rc)
        memcpy(at(obj, f->off), &v, sizeof v);
    return rc;
}

static int set_bool(const struct entity_field *f, void *obj, const char *text, struct err *e)
{
    bool v = false;
    if (text && (strcmp(text, "yes") == 0 || strcmp(text, "true") == 0))
        v = true;
    else if (text && *text && strcmp(text, "no") != 0 && strcmp(text, "false") != 0)
        return err_set(e, ERR_USAGE, "%s is yes or no, not '%s'", f->what, text);
    memcpy(at(obj, f->off), &v, sizeof v);
    return 0;
}

int field_set(const struct entity_field *f, void *obj, const char *text, struct err *e)
{
    if (f->type == FT_INT)
        return set_int(f, obj, text, e);
    if (f->type == FT_CHOICE)
        return set_choice(f, obj, text, e);
    if (f->type == FT_BOOL)
        return set_bool(f, obj, text, e);
    if (f->type == FT_REAL)
        return set_real(f, obj, text, e);
    if (!holds_text(f))
        return err_set(e, ERR_USAGE, "%s cannot be set", f->what);
    char *v = NULL;
    if (f->type == FT_LIST) {
        int rc = field_list_norm(f->what, text, f->max, &v, e);
        if (rc)
            return rc;
    } else if (text && *text) {
        int rc = f->type == FT_TEXT ? text_check(f->text, f->what, text, e) : 0;
        int choice;
        if (!rc && f->type == FT_TEXT && f->choice_parse)
            rc = parse_choice(f, text, &choice, e);
        if (rc)
            return rc;
        v = xstrdup(text);
    }
    free(*text_member(f, obj));
    *text_member(f, obj) = v;
    return 0;
}

int entity_check(const struct entity *ent, const void *obj, struct err *e)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        if (!(f->flags & FL_ORG) || (f->type != FT_TEXT && f->type != FT_LIST))
            continue;
        int rc;
        if (f->type == FT_LIST) {
            char *norm = NULL;
            rc = field_list_norm(f->what, text_value(f, obj), f->max, &norm, e);
            free(norm);
        } else {
            rc = text_check(f->text, f->what, text_value(f, obj), e);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* Whether list (words joined by ',') holds the n bytes at w. */
static bool list_has_n(const char *list, const char *w, size_t n)
{
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, w, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

bool field_list_has(const char *list, const char *word)
{
    return word && list_has_n(list, word, strlen(word));
}

int field_list_norm(const char *what, const char *text, int max, char **out, struct err *e)
{
    *out = NULL;
    struct strbuf sb;
    sb_init(&sb);
    int n = 0, item = 0, rc = 0;
    bool blank = true;
    for (const char *p = text; p && *p; p++)
        if (*p != ' ' && *p != '\t')
            blank = false;
    for (const char *p = text; !blank && !rc;) {
        item++;
        const char *end = strchr(p, ',');
        const char *stop = end ? end : p + strlen(p);
        while (p < stop && (*p == ' ' || *p == '\t'))
            p++;
        while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
            stop--;
        struct strbuf word;
        sb_init(&word);
        sb_addn(&word, p, (size_t)(stop - p));
        const char *w = sb_str(&word);
        if (!*w)
            rc = err_set(e, ERR_USAGE, "%s %d is empty: give words separated by commas, as in a,b",
                         what, item);
        else if (!(rc = text_check(TEXT_KEY, what, w, e)) && !list_has_n(sb_str(&sb), w, strlen(w))) {
            if (max > 0 && n == max)
                rc = err_set(e, ERR_USAGE, "at most %d %ss", max, what);
            else
                sb_addf(&sb, "%s%s", n++ ? "," : "", w);
        }
        sb_fini(&word);
        if (!end)
            break;
        p = end + 1;
    }
    if (!rc && n)
        *out = xstrdup(sb_str(&sb));
    sb_fini(&sb);
    return rc;
}
