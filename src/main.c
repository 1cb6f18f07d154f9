/*
 * baton's entry point: with a command, argv goes to the command line;
 * without one, the command line sets up the configuration, identity and
 * database and hands them to the cockpit, which main chooses here so
 * that neither layer reaches into the other.
 */
#include <locale.h>

#include "baton/cli.h"
#include "baton/ui.h"

/* The build names the system configuration (CMake: BATON_SYSTEM_CONFIG). */
#ifndef BATON_SYSTEM_CONFIG
#define BATON_SYSTEM_CONFIG "/etc/baton/config.yaml"
#endif

static int open_cockpit(struct store *st, const char *db_path, const char *theme,
                        const struct config *cfg, struct err *e)
{
    struct ui_opts uo = {.db_path = db_path, .theme = theme, .cfg = cfg};
    return ui_run(st, &uo, e);
}

#if defined(__SANITIZE_ADDRESS__)
#include <unistd.h>
/* In a sanitizer build: LeakSanitizer cannot work in a setgid process
 * (the kernel makes it undumpable, and it may not read its own maps), so
 * a setgid run leaves leaks to the runs that are not. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return getegid() != getgid() ? "detect_leaks=0" : "";
}
#endif

int main(int argc, char **argv)
{
    /* Display widths and the cockpit's wide characters follow the locale. */
    setlocale(LC_ALL, "");
    /* Numbers in files, arguments and exports always use a '.' decimal
     * point, whatever the user's locale writes. */
    setlocale(LC_NUMERIC, "C");
    return cli_main(argc, argv, open_cockpit, BATON_SYSTEM_CONFIG);
}
