/*
 * Fuzzes the configuration reader (config_load_file) and, through its
 * keys: section, the keymap's remapping (keymap_apply_config). Any input
 * must load or be refused with "FILE:LINE:COL: ..." (an access section,
 * which only the system configuration may hold, with exit 3); a loaded file must
 * show every key and apply twice (later layers win) without leaking.
 */
#include "fuzz.h"

#include "baton/config.h"
#include "baton/keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    if (fuzz_file(data, size, path, sizeof path))
        return 0;
    struct config c;
    config_init(&c);
    struct err e = {0};
    int rc = config_load_file(&c, path, &e);
    if (rc < 0 && e.code == ERR_DENIED) {
        /* Roles are read only from the system configuration: an access
         * section in any other file is a refusal of rights, not of syntax. */
        FUZZ_CHECK(rc == -ERR_DENIED && strstr(e.msg, "access") && !strchr(e.msg, '\n'),
                   "denied for another reason than roles: %s", e.msg);
    } else if (rc < 0) {
        fuzz_check_refusal(rc, &e, path);
    } else {
        FUZZ_CHECK(e.code == 0, "loaded but the error says %d: %s", e.code, e.msg);
        size_t n;
        const struct config_key *keys = config_keys(&n);
        for (size_t i = 0; i < n; i++)
            free(config_value_text(&c, &keys[i]));
        /* A second layer on top of the first replaces what it sets. */
        rc = config_load_file(&c, path, &e);
        FUZZ_CHECK(rc == 0, "a file that loaded once is refused the second time: %s", e.msg);
        FUZZ_CHECK(c.layout_rows >= 1 && c.layout_cols >= 1, "layout %d x %d", c.layout_rows,
                   c.layout_cols);
        struct keymap km;
        keymap_init(&km);
        err_clear(&e);
        if (keymap_apply_config(&km, &c, &e) < 0)
            FUZZ_CHECK(e.code == ERR_USAGE && e.msg[0], "keymap refusal %d: %s", e.code, e.msg);
        for (int m = 0; m < CMD_COUNT; m++)
            FUZZ_CHECK(km.n[m] >= 0 && km.n[m] <= KEYMAP_MAX_KEYS, "command %d has %d keys", m,
                       km.n[m]);
    }
    config_fini(&c);
    unlink(path);
    return 0;
}
