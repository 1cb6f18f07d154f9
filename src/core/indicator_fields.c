/*
 * The descriptors of an indicator and of a reading, made from the one
 * list of their fields (indicator_internal.h) that also gives the
 * statements their columns.
 */
#include <stddef.h>
#include <string.h>

#include "indicator_internal.h"

static const char *const format_names[] = {"number", "percent", "currency", "duration"};

static const char *format_name(int v)
{
    return v >= 0 && (size_t)v < sizeof format_names / sizeof *format_names ? format_names[v]
                                                                            : NULL;
}

static bool format_parse(const char *s, int *v)
{
    for (size_t k = 0; s && k < sizeof format_names / sizeof *format_names; k++)
        if (strcmp(s, format_names[k]) == 0) {
            *v = (int)k;
            return true;
        }
    return false;
}

ENT_CHOICES(dir, enum direction, DIRECTION_UP, DIRECTION_DOWN, direction_name, direction_parse)

#define ENT_CH_format(T, m) .choice_name = format_name, .choice_parse = format_parse
#define ENT_CH_direction(T, m) .choice_name = dir_name, .choice_parse = dir_parse
#define ENT_T struct indicator
static const struct entity_field indicator_field_v[] = {ENT_DESCRIBE(INDICATOR_FIELDS)};
#undef ENT_T
#define ENT_T struct reading
static const struct entity_field reading_field_v[] = {ENT_DESCRIBE(READING_FIELDS)};

const struct entity indicator_entity = {"indicator", sizeof(struct indicator), indicator_field_v,
                                        sizeof indicator_field_v / sizeof indicator_field_v[0]};
const struct entity reading_entity = {"reading", sizeof(struct reading), reading_field_v,
                                      sizeof reading_field_v / sizeof reading_field_v[0]};
