/*
 * baton's entry point: with a command, argv goes to the command line;
 * without one, the command line sets up the configuration, identity and
 * database and hands them to the cockpit, which main chooses here so
 * that neither layer reaches into the other.
 */
#include <locale.h>

#include "baton/cli.h"
#include "baton/ui.h"

static int open_cockpit(struct store *st, const char *db_path, const char *theme,
                        const struct config *cfg, struct err *e)
{
    struct ui_opts uo = {.db_path = db_path, .theme = theme, .cfg = cfg};
    return ui_run(st, &uo, e);
}

int main(int argc, char **argv)
{
    /* Display widths and the cockpit's wide characters follow the locale. */
    setlocale(LC_ALL, "");
    /* Numbers in files, arguments and exports always use a '.' decimal
     * point, whatever the user's locale writes. */
    setlocale(LC_NUMERIC, "C");
    return cli_main(argc, argv, open_cockpit);
}
