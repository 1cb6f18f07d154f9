/*
 * Fuzzes the colour theme reader (theme_load_file): any input loads or is
 * refused with "FILE:LINE:COL: ...", and a loaded theme holds only colours
 * a terminal can be asked for.
 */
#include "fuzz.h"

#include "baton/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    if (fuzz_file(data, size, path, sizeof path))
        return 0;
    struct theme t;
    theme_builtin(&t);
    struct err e = {0};
    int rc = theme_load_file(&t, path, &e);
    if (rc < 0) {
        fuzz_check_refusal(rc, &e, path);
    } else {
        FUZZ_CHECK(memchr(t.name, 0, sizeof t.name) != NULL, "theme name not terminated");
        for (int r = 0; r < TR_COUNT; r++) {
            const struct theme_style *s = &t.role[r];
            FUZZ_CHECK(s->fg256 >= -1 && s->fg256 <= 255 && s->bg256 >= -1 && s->bg256 <= 255,
                       "%s: 256-colour %d/%d", theme_role_name(r), s->fg256, s->bg256);
            FUZZ_CHECK(s->fg8 >= -1 && s->fg8 <= 7 && s->bg8 >= -1 && s->bg8 <= 7,
                       "%s: 8-colour %d/%d", theme_role_name(r), s->fg8, s->bg8);
        }
    }
    unlink(path);
    return 0;
}
