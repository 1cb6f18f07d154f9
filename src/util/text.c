/*
 * text: the rule every stored piece of text obeys. One table holds each
 * kind's limit and the words a refusal uses, so the command line, the
 * files and the forms all say the same thing.
 */
#include "baton/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "baton/utf8.h"

static const struct {
    size_t max;       /* characters, or bytes for free text */
    bool bytes;       /* max counts bytes */
    const char *rule; /* completes "...: " in a refusal */
} kinds[] = {
    [TEXT_KEY] = {TEXT_KEY_MAX, false,
                  "a key has 1 to 32 characters, each a letter, a digit, '-', '_' or '.'"},
    [TEXT_LOGIN] = {TEXT_LOGIN_MAX, false,
                    "a login has 1 to 64 characters, none of them a blank, a control "
                    "character, ':' or '/', and starts with neither '-' nor '@'"},
    [TEXT_NAME] = {TEXT_NAME_MAX, false, "at most 500 characters for names and titles"},
    [TEXT_FREE] = {TEXT_FREE_MAX, true,
                   "at most 64 KiB (65536 bytes) for free text (details, descriptions, notes, "
                   "reasons, comments)"},
};

static bool key_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

/* What a Unix system takes for a login (the shadow tools' relaxed rule):
 * no blanks, controls, ':' (the password file's separator) or '/'; a
 * leading '-' reads as an option, a leading '@' as a group in access. */
static bool login_ok(const char *s)
{
    if (*s == '-' || *s == '@')
        return false;
    for (const char *p = s; *p;) {
        uint32_t c;
        size_t n = utf8_decode(p, &c);
        if (!n || utf8_is_control(c) || c == ' ' || c == ':' || c == '/' || c == 0x85 ||
            c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
            c == 0x3000)
            return false;
        p += n;
    }
    return true;
}

/* Up to 40 bytes of s, shown as a terminal would show them safely. */
static char *quoted(const char *s)
{
    struct strbuf sb;
    sb_init(&sb);
    size_t n = utf8_cut(s, 40);
    utf8_sanitize_to(&sb, s, n, false, 0);
    if (s[n])
        sb_add(&sb, "...");
    return sb_take(&sb);
}

static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

int text_check(enum text_kind kind, const char *field, const char *s, struct err *e)
{
    if (str_empty(s) || (unsigned)kind >= sizeof kinds / sizeof kinds[0])
        return 0;
    size_t bad;
    if (!utf8_valid(s, &bad))
        return err_set(e, ERR_USAGE,
                       "%s is not valid UTF-8 (byte 0x%02X after %zu bytes); baton keeps text "
                       "in UTF-8 only",
                       field, (unsigned char)s[bad], bad);
    if (kind == TEXT_KEY || kind == TEXT_LOGIN) {
        if (count_chars(s) <= kinds[kind].max && (kind == TEXT_KEY ? key_ok(s) : login_ok(s)))
            return 0;
        char *q = quoted(s);
        err_set(e, ERR_USAGE, "%s '%s' is not allowed: %s", field, q, kinds[kind].rule);
        free(q);
        return -ERR_USAGE;
    }
    size_t len = kinds[kind].bytes ? strlen(s) : count_chars(s);
    if (len <= kinds[kind].max)
        return 0;
    return err_set(e, ERR_USAGE, "%s is too long (%zu %s): %s", field, len,
                   kinds[kind].bytes ? "bytes" : "characters", kinds[kind].rule);
}

int text_check_fields(const void *obj, const struct text_fields *fields, struct err *e)
{
    for (size_t i = 0; i < fields->n; i++) {
        const struct text_field *f = &fields->v[i];
        int rc = text_check(f->kind, f->name, *(char *const *)((const char *)obj + f->offset), e);
        if (rc)
            return rc;
    }
    return 0;
}

const struct text_field *text_field_at(const struct text_fields *fields, size_t offset)
{
    for (size_t i = 0; fields && i < fields->n; i++)
        if (fields->v[i].offset == offset)
            return &fields->v[i];
    return NULL;
}
