/*
 * Fuzzes the readings reader behind `baton indicator import`: CSV (RFC
 * 4180 quoting, line breaks, headers) and YAML (both shapes). The first
 * byte picks the format. Any input is read or refused with "FILE:LINE:
 * ..."; every row read has a key, a time time_parse reads, a finite value
 * and a position inside the input.
 */
#include "fuzz.h"

#include <math.h>

#include "baton/readings.h"
#include "baton/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool csv = data[0] & 1;
    const char *name = csv ? "fuzz.csv" : "fuzz.yaml";
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;
    struct readings r = {0};
    struct err e = {0};
    int rc = csv ? readings_parse_csv(name, buf, len, &r, &e)
                 : readings_parse_yaml(name, buf, len, &r, &e);
    if (rc < 0) {
        fuzz_check_refusal(rc, &e, name);
        readings_fini(&r);
        return 0;
    }
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= len || buf[i + 1] != '\n'));
    for (size_t i = 0; i < r.n; i++) {
        const struct reading_in *x = &r.v[i];
        btime t;
        FUZZ_CHECK(x->key && x->key[0], "row %zu has no key", i);
        FUZZ_CHECK(x->at && time_parse(x->at, &t), "row %zu: time '%s' does not parse", i,
                   x->at ? x->at : "(null)");
        FUZZ_CHECK(isfinite(x->value), "row %zu: value %g", i, x->value);
        FUZZ_CHECK(x->line >= 1 && (size_t)x->line <= lines, "row %zu at line %d of %zu", i,
                   x->line, lines);
        FUZZ_CHECK(x->col >= 0, "row %zu at column %d", i, x->col);
    }
    readings_fini(&r);
    return 0;
}
