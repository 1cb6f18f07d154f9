/*
 * Fuzzes the key names of the keys: section (vkey_parse) and remapping
 * (keymap_bind). A name that parses must have a canonical name that parses
 * back to the same key; a binding either applies, and then the command
 * answers to its keys, or is refused with a message.
 */
#include "fuzz.h"

#include "baton/keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_str(data, size);
    vkey k;
    if (vkey_parse(s, &k)) {
        char name[24];
        vkey_name(k, name);
        vkey back;
        FUZZ_CHECK(vkey_parse(name, &back) && back == k,
                   "'%s' is key %d, named '%s', which reads back as %d", s, (int)k, name,
                   (int)back);
    }
    /* "command key key ...": one binding. */
    const char *words[KEYMAP_MAX_KEYS + 4];
    size_t n = 0;
    for (char *tok = strtok(s, " \n"); tok && n < sizeof words / sizeof words[0];
         tok = strtok(NULL, " \n"))
        words[n++] = tok;
    if (n >= 1) {
        struct keymap km;
        keymap_init(&km);
        struct err e = {0};
        int rc = keymap_bind(&km, words[0], words + 1, n - 1, &e);
        if (rc < 0) {
            FUZZ_CHECK(e.code == ERR_USAGE && e.msg[0], "refusal %d: %s", e.code, e.msg);
        } else {
            const struct cmd_entry *c = cmd_find(words[0]);
            FUZZ_CHECK(c != NULL, "bound an unknown command '%s'", words[0]);
            FUZZ_CHECK(km.n[c->id] <= KEYMAP_MAX_KEYS, "%d keys", km.n[c->id]);
            for (size_t i = 1; i < n; i++) {
                vkey bound;
                FUZZ_CHECK(vkey_parse(words[i], &bound), "bound a key '%s' that does not parse",
                           words[i]);
                int mode = c->modes & -c->modes;
                if (mode)
                    FUZZ_CHECK(keymap_lookup(&km, mode, bound) == c->id,
                               "'%s' bound to %s but runs %d", words[i], c->name,
                               (int)keymap_lookup(&km, mode, bound));
            }
            struct strbuf sb;
            sb_init(&sb);
            keymap_keys(&km, c->id, " ", 0, &sb);
            sb_fini(&sb);
        }
    }
    free(s);
    return 0;
}
