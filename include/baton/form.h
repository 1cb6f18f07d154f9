/*
 * form: the data of an editing form, without a terminal. Labelled fields
 * of a few kinds (text, whole number in a range, number, date, time, one
 * of some choices, a reference to another item, a list of references),
 * which field has focus, and the checks a field can make by itself:
 * required, range, a real date, one of the choices. Checks that need the
 * database (does this department exist?) and saving belong to the caller,
 * which puts their message on the field (form_set_error) or the form.
 */
#ifndef BATON_FORM_H
#define BATON_FORM_H

#include <stdbool.h>

#include "baton/view.h"

enum form_kind {
    FF_TEXT = 0,
    FF_INT,    /* whole number in [min, max] */
    FF_NUMBER, /* a decimal number */
    FF_DATE,   /* a date as time_input_date reads it; form_get gives YYYY-MM-DD */
    FF_TIME,   /* a time as time_input reads it; form_get gives UTC ISO text */
    FF_CHOICE, /* one of choices */
    FF_REF,    /* the key of an item (ref says which kind) */
    FF_REFS,   /* keys of items, comma-separated */
};

#define FORM_MAX_FIELDS 14

struct form_field {
    const char *name;  /* what the caller looks it up by: "waiting_on" */
    const char *label; /* shown: "Waiting on" */
    enum form_kind kind;
    bool required;
    bool readonly;
    long min, max;              /* FF_INT */
    const char *const *choices; /* FF_CHOICE, NULL-terminated */
    int ref;                    /* FF_REF, FF_REFS: the caller's kind of item */
    struct line_edit value;
    char err[200]; /* "" when fine */
    char norm[32]; /* FF_DATE, FF_TIME: the value as form_get gives it, once checked */
};

struct form {
    char title[96];
    struct form_field f[FORM_MAX_FIELDS];
    int n;
    int focus;
    char msg[1200]; /* the form's own message (a refused save) */
    bool msg_error;
};

void form_init(struct form *fm, const char *title);
/* Adds a field (name and label are borrowed: string literals) holding
 * value (may be NULL). Returns it, or NULL when the form is full. */
struct form_field *form_field_add(struct form *fm, const char *name, const char *label,
                                  enum form_kind kind, bool required, const char *value);
struct form_field *form_field(struct form *fm, const char *name);
/* The field's text with spaces trimmed, or NULL when empty. Borrowed
 * until the field changes; copy it to keep it. */
const char *form_get(struct form *fm, const char *name);
void form_set_error(struct form_field *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The checks a field makes by itself; fills f->err. */
bool form_check_field(struct form_field *f);
/* Every field; focus goes to the first that fails. */
bool form_check(struct form *fm);
/* Focus to the next or previous field that is not read-only (wraps). */
void form_focus_move(struct form *fm, int dir);
bool form_focus_last(const struct form *fm); /* focus is on the last editable field */

#endif
