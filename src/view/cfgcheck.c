/*
 * Checking a configuration as the cockpit will read it. The keymap, the
 * layout and the theme are refused at the cockpit's start when wrong;
 * `baton config check` runs the same checks so that what it calls ok opens.
 */
#include "baton/cfgcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/keymap.h"
#include "baton/pane.h"
#include "baton/theme.h"

void view_config_where(const struct config *cfg, const char *key, char *out, size_t n)
{
    out[0] = 0;
    size_t klen = strlen(key);
    /* the last file wins, as when the layers are read */
    for (size_t f = cfg ? cfg->n_files : 0; f-- > 0 && !out[0];) {
        FILE *fp = fopen(cfg->files[f], "r");
        if (!fp)
            continue;
        char line[1024];
        int ln = 0;
        while (fgets(line, sizeof line, fp)) {
            ln++;
            /* a top-level key starts its line */
            if (strncmp(line, key, klen) != 0 || line[klen] != ':')
                continue;
            size_t col = klen + 1;
            while (line[col] == ' ' || line[col] == '\t')
                col++;
            snprintf(out, n, "%s:%d:%zu: ", cfg->files[f], ln, col + 1);
        }
        fclose(fp);
    }
}

/* Warns about each key a binding takes from another command sharing a
 * mode with it, in the order the bindings are applied. */
static void stolen_keys(const struct config *cfg, struct strbuf *warnings)
{
    struct keymap km;
    keymap_init(&km);
    for (size_t i = 0; i < cfg->n_bindings; i++) {
        const struct config_binding *b = &cfg->bindings[i];
        const struct cmd_entry *ce = cmd_find(b->command);
        if (!ce)
            continue;
        for (size_t k = 0; k < b->n_keys; k++) {
            vkey key;
            if (!vkey_parse(b->keys[k], &key))
                continue;
            size_t n;
            const struct cmd_entry *t = cmd_table(&n);
            for (size_t o = 1; o < n; o++) {
                if (t[o].id == ce->id || !(t[o].modes & ce->modes))
                    continue;
                for (int j = 0; j < km.n[o]; j++)
                    if (km.keys[o][j] == key) {
                        char name[24];
                        vkey_name(key, name);
                        struct strbuf rest;
                        sb_init(&rest);
                        for (int r = 0; r < km.n[o]; r++) {
                            char rn[24];
                            if (km.keys[o][r] == key)
                                continue;
                            vkey_name(km.keys[o][r], rn);
                            sb_addf(&rest, "%s%s", rest.len ? ", " : "", rn);
                        }
                        if (b->file)
                            sb_addf(warnings, "%s:%d:%d: ", b->file, b->line, b->col);
                        sb_addf(warnings, "warning: '%s' takes %s from '%s', which %s%s\n",
                                ce->name, name, t[o].name,
                                rest.len ? "keeps " : "is left without a key",
                                sb_str(&rest));
                        sb_fini(&rest);
                    }
            }
        }
        struct err e = {0};
        keymap_bind(&km, b->command, (const char *const *)b->keys, b->n_keys, &e);
    }
}

/* In the blockers pane the verdict keys (MODE_BULK) are looked up before
 * the panes' keys, so a key bound to a command of one and a command of the
 * other works there as the verdict only: warns about each such key a
 * binding names (say a remapping made when `a` still added and `r` still
 * reloaded). km holds every binding applied. */
static void shadowed_keys(const struct config *cfg, const struct keymap *km,
                          struct strbuf *warnings)
{
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    for (size_t i = 0; i < cfg->n_bindings; i++) {
        const struct config_binding *b = &cfg->bindings[i];
        const struct cmd_entry *ce = cmd_find(b->command);
        if (!ce || !(ce->modes & (MODE_PANES | MODE_BULK)))
            continue;
        int other = ce->modes & MODE_BULK ? MODE_PANES : MODE_BULK;
        for (size_t k = 0; k < b->n_keys; k++) {
            vkey key;
            if (!vkey_parse(b->keys[k], &key))
                continue;
            for (size_t o = 1; o < n; o++) {
                if (t[o].id == ce->id || !(t[o].modes & other) || (t[o].modes & ce->modes))
                    continue;
                for (int j = 0; j < km->n[o]; j++) {
                    if (km->keys[o][j] != key)
                        continue;
                    const struct cmd_entry *verdict = other == MODE_BULK ? &t[o] : ce;
                    const struct cmd_entry *pane = other == MODE_BULK ? ce : &t[o];
                    char name[24];
                    vkey_name(key, name);
                    if (b->file)
                        sb_addf(warnings, "%s:%d:%d: ", b->file, b->line, b->col);
                    sb_addf(warnings,
                            "warning: %s is bound to '%s' and to '%s': in the blockers pane it "
                            "runs '%s' (the selected blocker's verdict), so '%s' needs another "
                            "key there\n",
                            name, ce->name, t[o].name, verdict->name, pane->name);
                }
            }
        }
    }
}

static int check_layout(const struct config *cfg, struct err *e)
{
    char where[512];
    view_config_where(cfg, "layout", where, sizeof where);
    size_t n = cfg->n_panes ? cfg->n_panes : 4;
    int rows = cfg->layout_rows > 0 ? cfg->layout_rows : 2;
    int cols = cfg->layout_cols > 0 ? cfg->layout_cols : 2;
    if (n > 9)
        return err_set(e, ERR_USAGE, "%slayout: %zu panes, at most 9", where, n);
    if ((size_t)(rows * cols) < n)
        return err_set(e, ERR_USAGE, "%slayout: %zu panes do not fit a %dx%d grid", where, n,
                       rows, cols);
    for (size_t i = 0; i < cfg->n_panes; i++) {
        if (pane_class_find(cfg->panes[i]))
            continue;
        struct strbuf all;
        sb_init(&all);
        pane_names_list(&all);
        err_set(e, ERR_USAGE, "%slayout: unknown pane '%s' (panes: %s)", where, cfg->panes[i],
                sb_str(&all));
        sb_fini(&all);
        return -ERR_USAGE;
    }
    return 0;
}

int view_check_config(const struct config *cfg, struct strbuf *warnings, struct err *e)
{
    struct keymap km;
    keymap_init(&km);
    int rc = keymap_apply_config(&km, cfg, e);
    if (rc)
        return rc;
    if (warnings) {
        stolen_keys(cfg, warnings);
        shadowed_keys(cfg, &km, warnings);
    }
    if ((rc = check_layout(cfg, e)))
        return rc;
    if (cfg && !str_empty(cfg->theme)) {
        struct theme t;
        struct err te = {0};
        if (theme_load(&t, cfg->theme, &te)) {
            char where[512];
            view_config_where(cfg, "theme", where, sizeof where);
            return err_set(e, te.code ? te.code : ERR_USAGE, "%s%s", where, te.msg);
        }
    }
    return 0;
}
