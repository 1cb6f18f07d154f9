/*
 * The blocker's descriptor, made from the one list of its fields
 * (BLOCKER_FIELDS, blocker_internal.h) that also gives the statements
 * their columns.
 */
#include <stddef.h>

#include "baton/blocker.h"
#include "blocker_internal.h"

static const char *kind_name(int v)
{
    return v >= BLOCKER_ISSUE && v <= BLOCKER_DEPENDENCY ? blocker_kind_name((enum blocker_kind)v)
                                                          : NULL;
}

static bool kind_parse(const char *s, int *v)
{
    enum blocker_kind k;
    if (!blocker_kind_parse(s, &k))
        return false;
    *v = (int)k;
    return true;
}

static const char *state_name(int v)
{
    return v >= BLOCKER_NEW && v <= BLOCKER_SNOOZED ? blocker_state_name((enum blocker_state)v)
                                                     : NULL;
}

static bool state_parse(const char *s, int *v)
{
    enum blocker_state st;
    if (!blocker_state_parse(s, &st))
        return false;
    *v = (int)st;
    return true;
}

#define CHOICES_none NULL, NULL
#define CHOICES_kind kind_name, kind_parse
#define CHOICES_state state_name, state_parse
#define DESC_R(m, sel, type, text, ref, lo, hi, ch, flags, label, what)                          \
    {#m, label, what, type, text, ref, lo, hi, CHOICES_##ch, offsetof(struct blocker, m), flags, \
     NULL, NULL},
#define DESC_C(m, sel, col, val, type, text, ref, lo, hi, ch, flags, label, what)                \
    DESC_R(m, sel, type, text, ref, lo, hi, ch, (flags) | FL_CREATED, label, what)
#define DESC_W(m, sel, col, val, type, text, ref, lo, hi, ch, flags, label, what)                \
    DESC_R(m, sel, type, text, ref, lo, hi, ch, (flags) | FL_CREATED | FL_WRITTEN, label, what)

static const struct entity_field blocker_field_v[] = {BLOCKER_FIELDS(DESC_R, DESC_C, DESC_W)};

const struct entity blocker_entity = {"blocker", sizeof(struct blocker), blocker_field_v,
                                      sizeof blocker_field_v / sizeof blocker_field_v[0]};
