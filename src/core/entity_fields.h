/*
 * What the descriptors of src/core (blocker_fields.c, indicator_fields.c,
 * ...) share: each entity lists its fields once in an X-macro of
 * R(...) rows (only read), C(...) rows (written when the row is added) and
 * W(...) rows (also written by every update), whose arguments are the
 * member, how a row reads it, for C and W the column written and the value
 * written from the parameter :member, then type, text rule, what it
 * refers to, limits, choices, flags, label and the words a message uses.
 * The macros here turn such a list into the statements' columns and into
 * the descriptor's fields.
 */
#ifndef BATON_CORE_ENTITY_FIELDS_H
#define BATON_CORE_ENTITY_FIELDS_H

#include <stddef.h>

#include "baton/entity.h"

/* The columns a row is read from, each followed by a comma. */
#define ENT_SEL_R(m, sel, ...) sel ", "
#define ENT_SEL_W(m, sel, col, val, ...) sel ", "
/* What an update sets and an insert writes, each followed by a comma. */
#define ENT_NONE(...)
#define ENT_SET_W(m, sel, col, val, ...) col " = " val ", "
#define ENT_COL_W(m, sel, col, val, ...) col ", "
#define ENT_VAL_W(m, sel, col, val, ...) val ", "

#define ENT_COLUMNS(FIELDS) FIELDS(ENT_SEL_R, ENT_SEL_W, ENT_SEL_W)
#define ENT_SETS(FIELDS) FIELDS(ENT_NONE, ENT_NONE, ENT_SET_W)
#define ENT_INSERT_COLS(FIELDS) FIELDS(ENT_NONE, ENT_COL_W, ENT_COL_W)
#define ENT_INSERT_VALS(FIELDS) FIELDS(ENT_NONE, ENT_VAL_W, ENT_VAL_W)

/* Choices: none; an optional number (its bool is has_<member>); a file
 * defines ENT_CH_<name>(T, m) for its own, and for a field whose file key
 * or flag is not its name (.key = "sort", .flag = "order"). */
#define ENT_CH_none(T, m) .choice_name = NULL
#define ENT_CH_opt(T, m) .has_off = offsetof(T, has_##m)

/* The choice functions of an enum E from lo to hi, named through its own
 * name_of and parse: NAME_name(int) and NAME_parse(const char *, int *),
 * for ENT_CH_<name>(T, m) .choice_name = NAME_name, .choice_parse =
 * NAME_parse. */
#define ENT_CHOICES(NAME, E, lo, hi, name_of, parse)                                            \
    static const char *NAME##_name(int v)                                                      \
    {                                                                                          \
        return v >= (int)(lo) && v <= (int)(hi) ? name_of((E)v) : NULL;                         \
    }                                                                                          \
    static bool NAME##_parse(const char *s, int *v)                                            \
    {                                                                                          \
        E x;                                                                                   \
        if (!parse(s, &x))                                                                     \
            return false;                                                                      \
        *v = (int)x;                                                                           \
        return true;                                                                           \
    }

/* One field of the descriptor of struct T. */
#define ENT_FIELD(T, m, type_, text_, ref_, lo, hi, ch, flags_, label_, what_)                  \
    {.name = #m, .label = label_, .what = what_, .type = type_, .text = text_, .ref = ref_,      \
     .min = lo, .max = hi, ENT_CH_##ch(T, m), .off = offsetof(T, m), .flags = flags_},

/* The rows of a field list as fields of the struct named ENT_T, which
 * the file defines before it expands FIELDS(ENT_DESC_R, ENT_DESC_C,
 * ENT_DESC_W). */
#define ENT_DESC_R(m, sel, ...) ENT_FIELD(ENT_T, m, __VA_ARGS__)
#define ENT_DESC_C(m, sel, col, val, type, text, ref, lo, hi, ch, flags, label, what)            \
    ENT_DESC_R(m, sel, type, text, ref, lo, hi, ch, (flags) | FL_CREATED, label, what)
#define ENT_DESC_W(m, sel, col, val, type, text, ref, lo, hi, ch, flags, label, what)            \
    ENT_DESC_R(m, sel, type, text, ref, lo, hi, ch, (flags) | FL_CREATED | FL_WRITTEN, label, what)
#define ENT_DESCRIBE(FIELDS) FIELDS(ENT_DESC_R, ENT_DESC_C, ENT_DESC_W)

/* A field of a struct T that only the model reads: entity_read fills it
 * from the column of its place in the list, entity_fini frees it when it
 * holds text. ROW_ENTITY describes struct tag by such fields, the array v;
 * a reader may read the columns after them by hand. */
#define ROW_FIELD(T, m, t) {.name = #m, .type = t, .off = offsetof(T, m)}
#define ROW_ENTITY(tag, v) {#tag, sizeof(struct tag), v, sizeof v / sizeof v[0]}

#endif
