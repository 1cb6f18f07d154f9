/*
 * The blocker's descriptor, made from the one list of its fields
 * (BLOCKER_FIELDS, blocker_internal.h) that also gives the statements
 * their columns.
 */
#include <stddef.h>

#include "baton/blocker.h"
#include "blocker_internal.h"
#include "entity_fields.h"

ENT_CHOICES(kind, enum blocker_kind, BLOCKER_ISSUE, BLOCKER_DEPENDENCY, blocker_kind_name,
            blocker_kind_parse)
ENT_CHOICES(state, enum blocker_state, BLOCKER_NEW, BLOCKER_SNOOZED, blocker_state_name,
            blocker_state_parse)

#define ENT_CH_kind(T, m) .choice_name = kind_name, .choice_parse = kind_parse
#define ENT_CH_state(T, m) .choice_name = state_name, .choice_parse = state_parse
#define ENT_T struct blocker
static const struct entity_field blocker_field_v[] = {ENT_DESCRIBE(BLOCKER_FIELDS)};

const struct entity blocker_entity = {"blocker", sizeof(struct blocker), blocker_field_v,
                                      sizeof blocker_field_v / sizeof blocker_field_v[0]};
