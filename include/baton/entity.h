/*
 * entity: one constant description per kind of row (blocker_entity, ...)
 * that names each field once: its name (the column, the audit row's field,
 * and, unless the field says otherwise, the organisation file's key, the
 * export column, the command-line flag --name with '-' for '_' and the
 * form's field), its label, its type and limits, whether a change to it is
 * audited, whether the command line and the form edit it. The model
 * reads, binds, checks, copies and audits rows through it; the command
 * line, the organisation file and the export take their fields from it, and
 * a form is built from it (entity_form.h: label, kind, limits, required,
 * the picker of what a field refers to) and checks its fields through it.
 *
 * The functions here work on any struct through the fields' offsets and
 * know nothing of the store.
 */
#ifndef BATON_ENTITY_H
#define BATON_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/str.h"
#include "baton/text.h"

enum field_type {
    FT_TEXT,   /* char *, checked by its text kind */
    FT_DATE,   /* char *: a date (or a time kept from a file) */
    FT_TIME,   /* char *: an ISO-8601 UTC time */
    FT_INT,    /* int in [min, max] (0 is "not set" with FL_ZERO_NONE) */
    FT_CHOICE, /* an enum (int), stored and shown by its name */
    FT_LIST,   /* char *: keys-like words joined by ',' (no blank), in order */
    FT_ID,     /* int64_t, read only: the row's id or version */
    FT_BOOL,   /* bool: yes or no (true or false in organisation files) */
    FT_REAL,   /* double; optional when has_off names the bool that says it is set */
};

/* What a reference field names, for pickers and checks. */
enum field_ref {
    FREF_NONE,
    FREF_DEPARTMENT,
    FREF_PERSON,
    FREF_PROJECT,
    FREF_BLOCKER,
    FREF_INDICATOR,
    FREF_OBJECTIVE,
};

enum field_flag {
    FL_ORG = 1 << 0,      /* in organisation files and export, under its name */
    FL_AUDITED = 1 << 1,  /* a change to it writes an "update" audit row */
    FL_EDIT = 1 << 2,     /* edited by `edit` (--name) and by the form */
    FL_REQUIRED = 1 << 3, /* may not be empty */
    FL_WRITTEN = 1 << 4,  /* written by the row's update (and restored by undo) */
    FL_CREATED = 1 << 7,  /* written when the row is added, never changed after */
    FL_SPARSE = 1 << 8,   /* left out of files and exports where no row has it */
    FL_ZERO_NONE = 1 << 5, /* FT_INT: 0 is "not set": blank when shown, left out of files */
    FL_OMIT_FIRST = 1 << 6, /* FT_CHOICE, or FT_TEXT with choices: the first choice (or none)
                             * is left out of organisation files */
    FL_ADD = 1 << 10,   /* given when the row is added: a form asks for it, and shows it fixed
                         * once the row exists */
    FL_PARENT = 1 << 9, /* names the item it belongs to: in exports, not in the organisation
                         * file, where it is nested under that item */
    FL_DAY = 1 << 11, /* FT_DATE: a day only, in organisation files too (not a time) */
    FL_EDIT_ONLY = 1 << 12, /* with FL_EDIT: not given when the row is added, so a form shows
                             * it only once the row exists (a department is archived later) */
    FL_BLANK_NEW = 1 << 13, /* FT_INT: a new row's form leaves it blank (0 when left so) */
};

struct entity_field {
    const char *name;  /* "needed_by" */
    const char *label; /* "Needed by" */
    const char *what;  /* in messages: "waiting-on department" */
    enum field_type type;
    enum text_kind text; /* FT_TEXT, FT_LIST: the rule its text obeys */
    enum field_ref ref;
    int min, max; /* FT_INT; FT_LIST: at most max words */
    /* FT_CHOICE; FT_TEXT: when set, the text is one of the names */
    const char *(*choice_name)(int v);
    bool (*choice_parse)(const char *s, int *v);
    size_t off; /* offsetof the member */
    unsigned flags;
    size_t has_off;   /* FT_REAL: offsetof its bool "is set"; 0: always set */
    const char *key;  /* the organisation file's key and export column, when not name */
    const char *flag; /* the command-line flag and form field, when not name's */
    const char *none; /* FT_CHOICE whose first value has no name: the word typed for it
                       * ("derived") */
};

struct entity {
    const char *name; /* "blocker": the audit rows' entity */
    size_t size;      /* of one struct */
    const struct entity_field *fields;
    size_t n;
};

/* The field named name ("needed_by" or its flag spelling "needed-by"), or
 * NULL. */
const struct entity_field *entity_field(const struct entity *ent, const char *name);
/* The field that names a row in organisation files and on the command
 * line: the first that files carry ("key", "login"). */
const struct entity_field *entity_key(const struct entity *ent);
/* The command-line flag of f without "--" ("needed-by") into buf. */
const char *field_flag(const struct entity_field *f, char buf[64]);
/* The organisation file's key and export column of f ("sort"). */
const char *field_key(const struct entity_field *f);
/* The names of a choice field's values, joined by sep ("green, amber,
 * red"), into sb. */
void field_choices(const struct entity_field *f, const char *sep, struct strbuf *sb);

/* Frees the text members of obj (not obj) and zeroes it. */
void entity_fini(const struct entity *ent, void *obj);
/* Frees n structs of ent held in the array v, and the array. */
void entity_list_free(const struct entity *ent, void *v, size_t n);
/* dst becomes a deep copy of src. */
void entity_copy(const struct entity *ent, void *dst, const void *src);
/* The fields of dst with every one of `flags` take src's values. */
void entity_assign(const struct entity *ent, void *dst, const void *src, unsigned flags);
/* Empty texts of obj become none (NULL) and lists take their stored form
 * (field_list_norm; a list that does not fit is left as it is). */
void entity_tidy(const struct entity *ent, void *obj);
/* Whether a and b differ in a field with every one of `flags`. */
bool entity_differs(const struct entity *ent, const void *a, const void *b, unsigned flags);
/* The field whose member is at offset off, or NULL. */
const struct entity_field *entity_field_at(const struct entity *ent, size_t off);
/* Whether field f holds the same value in a and b. */
bool field_equal(const struct entity_field *f, const void *a, const void *b);

/* The value of f in obj as text, NULL when it has none (an empty text, a
 * 0 with FL_ZERO_NONE). Numbers are written in buf. */
const char *field_text(const struct entity_field *f, const void *obj, char buf[32]);
/* Sets f in obj from text (NULL or "" clears it): a choice by its name, a
 * number within its limits, a list normalised (field_list_norm); text
 * fields are checked. ERR_USAGE naming the field when it does not fit. */
int field_set(const struct entity_field *f, void *obj, const char *text, struct err *e);

/* A double as text: the shortest that reads back as the same double,
 * whole numbers as plain digits ("1250000", "0.1", "2.5e-07"). */
void field_real_text(double v, char buf[32]);

/* text_check on every text and list field of obj that the organisation
 * file carries (FL_ORG), in order: the first refusal. */
int entity_check(const struct entity *ent, const void *obj, struct err *e);

/* A list as stored: the items of text (split at commas, blanks around
 * them trimmed), each a non-empty key (TEXT_KEY: no blank, no comma, at
 * most TEXT_KEY_MAX characters), in the order given, repeats removed,
 * joined by ','; NULL when text is NULL or blank. ERR_USAGE naming `what`
 * when an item is empty or no key, or there are more than max (max > 0).
 * The caller frees *out. */
int field_list_norm(const char *what, const char *text, int max, char **out, struct err *e);
/* Whether the stored list holds word (compared as keys are: exactly). */
bool field_list_has(const char *list, const char *word);

#endif
