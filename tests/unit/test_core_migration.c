/*
 * Shipped migrations are frozen: each one's length and FNV-1a hash are
 * pinned here, so an edit to a migration that databases have already run
 * (a file under src/core/migrations) fails the tests even though it
 * builds. A new migration gets its line here when it ships; the failure
 * message prints the line to add.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/schema.h"
#include "../check.h"

struct pin {
    size_t len;
    uint64_t fnv1a;
};

static const struct pin pins[] = {
    {4863, 0xbf46277e7096935fULL},  /* 0 -> 1: the model */
    {221, 0xd332ff9ccd700f72ULL},   /* 1 -> 2 */
    {138, 0xc4ffffb6911c59b5ULL},   /* 2 -> 3 */
    {1369, 0x4e70f0e68c437380ULL},  /* 3 -> 4 */
    {582, 0x6f2ec02a3d558e08ULL},   /* 4 -> 5 */
    {79, 0x45a4b9359d5890a5ULL},    /* 5 -> 6 */
    {1502, 0x0ed1146376f116a4ULL},  /* 6 -> 7 */
    {34926, 0xa83c42b17699d443ULL}, /* 7 -> 8: the stored roll-up */
    {1908, 0xcb248ac02824aab1ULL},  /* 8 -> 9 */
    {1506, 0x14e608c9b771fd59ULL},  /* 9 -> 10 */
    {67, 0xfa739066966b8514ULL},    /* 10 -> 11: the organisation's time zone */
    {6393, 0x54aa0882afd372ffULL},  /* 11 -> 12: the flow of blockers */
    {41, 0x16d5247209cadf65ULL},    /* 12 -> 13: a blocker's tags */
    {1048, 0x98f1606df26f601bULL},  /* 13 -> 14: projects' words, for likely twins */
    {2571, 0x57110fe7ec434cddULL},  /* 14 -> 15: objectives */
    {1522, 0xe80480f997faf0cbULL},  /* 15 -> 16: urgency order by index, projects at risk */
    {7920, 0xb47b309e6c676300ULL},  /* 16 -> 17: when indicators' statuses changed */
    {7177, 0xde378df074a76c5eULL},  /* 17 -> 18: roll-up triggers only for what they count */
    {433, 0x7e6a1095b2fbd3a5ULL},   /* 18 -> 19: indicators off target, flows into a department */
};
enum { PINNED = sizeof pins / sizeof pins[0] };

static uint64_t fnv1a(const char *s, size_t *len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t n = 0;
    for (; s[n]; n++) {
        h ^= (unsigned char)s[n];
        h *= 0x100000001b3ULL;
    }
    *len = n;
    return h;
}

static void test_every_shipped_migration_is_unchanged(void)
{
    for (int i = 0; i < schema_migration_count && i < PINNED; i++) {
        size_t len;
        uint64_t h = fnv1a(schema_migrations[i], &len);
        if (len != pins[i].len || h != pins[i].fnv1a) {
            fprintf(stderr,
                    "migration %d -> %d was edited after it shipped: expected %zu bytes, "
                    "fnv1a 0x%016llx; saw %zu bytes, 0x%016llx. Put the old text back and "
                    "append a new migration instead.\n",
                    i, i + 1, pins[i].len, (unsigned long long)pins[i].fnv1a, len,
                    (unsigned long long)h);
            check_failures++;
        }
    }
}

static void test_every_migration_is_pinned(void)
{
    for (int i = PINNED; i < schema_migration_count; i++) {
        size_t len;
        uint64_t h = fnv1a(schema_migrations[i], &len);
        fprintf(stderr,
                "migration %d -> %d has no pin: when it ships, add to pins[] in %s:\n"
                "    {%zu, 0x%016llxULL},\n",
                i, i + 1, __FILE__, len, (unsigned long long)h);
        check_failures++;
    }
    CHECK(schema_migration_count >= PINNED);
}

/* What the model runs is its file, byte for byte. */
static void test_each_migration_is_its_file(void)
{
    for (int i = 0; i < schema_migration_count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/src/core/migrations/%04d.sql", BATON_SRCDIR, i + 1);
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        size_t want = strlen(schema_migrations[i]);
        char *buf = malloc(want + 2);
        size_t got = fread(buf, 1, want + 1, f);
        fclose(f);
        CHECK(got == want && memcmp(buf, schema_migrations[i], want) == 0);
        free(buf);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/src/core/migrations/%04d.sql", BATON_SRCDIR,
             schema_migration_count + 1);
    FILE *extra = fopen(path, "rb");
    CHECK(extra == NULL); /* every file is built in */
    if (extra)
        fclose(extra);
}

int main(void)
{
    RUN(test_every_shipped_migration_is_unchanged);
    RUN(test_every_migration_is_pinned);
    RUN(test_each_migration_is_its_file);
    return check_report();
}
