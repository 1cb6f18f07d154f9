/*
 * text: the one rule for text coming into baton, whatever the way in
 * (command line, organisation file, readings file, a form in the
 * cockpit). Every piece of stored text is UTF-8; keys use a small safe
 * set of characters; names and free text have a length limit. The model
 * calls text_check on every field it writes, and the readers of files call
 * it too so that a refusal can name the line.
 */
#ifndef BATON_TEXT_H
#define BATON_TEXT_H

#include <stddef.h>

#include "baton/err.h"

enum text_kind {
    TEXT_KEY,   /* letters, digits, '-', '_', '.'; at most TEXT_KEY_MAX characters */
    TEXT_LOGIN, /* a Unix login: no blank, control, ":" or "/"; at most TEXT_LOGIN_MAX */
    TEXT_NAME,  /* names and titles: at most TEXT_NAME_MAX characters */
    TEXT_FREE,  /* details, descriptions, notes, reasons, comments: TEXT_FREE_MAX bytes */
};

#define TEXT_KEY_MAX 32
#define TEXT_LOGIN_MAX 64
#define TEXT_NAME_MAX 500
#define TEXT_FREE_MAX 65536 /* 64 KiB */

/* 0 when s may be stored as a field of this kind (NULL and "" pass:
 * whether a field may be empty is the caller's rule). Otherwise fills e
 * with ERR_USAGE and a message naming field and the rule, and returns
 * -ERR_USAGE. */
int text_check(enum text_kind kind, const char *field, const char *s, struct err *e);

/* A char * member of a struct and its kind, for text_check_fields. */
struct text_field {
    const char *name;
    enum text_kind kind;
    size_t offset; /* offsetof the char * member */
};

/* The text members of one kind of struct: the model states them once
 * (verdict_texts, reading_texts, ...) and every reader uses them. */
struct text_fields {
    const struct text_field *v;
    size_t n;
};
#define TEXT_FIELDS(table) {(table), sizeof(table) / sizeof *(table)}

/* text_check on each listed member of obj, in order; the first refusal. */
int text_check_fields(const void *obj, const struct text_fields *fields, struct err *e);
/* The entry for the member at offset, or NULL when it is not text. */
const struct text_field *text_field_at(const struct text_fields *fields, size_t offset);

#endif
