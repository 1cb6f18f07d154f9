/*
 * The blocker's descriptor, made from the one list of its fields
 * (BLOCKER_FIELDS, blocker_internal.h) that also gives the statements
 * their columns.
 */
#include <stddef.h>

#include "baton/blocker.h"
#include "blocker_internal.h"
#include "entity_fields.h"

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

#define ENT_CH_kind(T, m) .choice_name = kind_name, .choice_parse = kind_parse
#define ENT_CH_state(T, m) .choice_name = state_name, .choice_parse = state_parse
#define ENT_T struct blocker
static const struct entity_field blocker_field_v[] = {ENT_DESCRIBE(BLOCKER_FIELDS)};

const struct entity blocker_entity = {"blocker", sizeof(struct blocker), blocker_field_v,
                                      sizeof blocker_field_v / sizeof blocker_field_v[0]};
