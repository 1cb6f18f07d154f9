/*
 * baton's entry point: argv goes to the command-line dispatcher, which
 * either runs a subcommand or opens the cockpit.
 */
#include <locale.h>

#include "baton/cli.h"

int main(int argc, char **argv)
{
    /* Display widths and the cockpit's wide characters follow the locale. */
    setlocale(LC_ALL, "");
    /* Numbers in files, arguments and exports always use a '.' decimal
     * point, whatever the user's locale writes. */
    setlocale(LC_NUMERIC, "C");
    return cli_main(argc, argv);
}
