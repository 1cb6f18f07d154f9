/*
 * What the dispatcher and the commands both ask of the command table's
 * words: how many options a command has, a command's name as typed, the
 * option or command a typo meant. Below the dispatcher, so that the files
 * it calls into need not call back up into it.
 */
#include <stdio.h>
#include <string.h>

#include "baton/cli.h"
#include "baton/str.h"

size_t cli_opt_count(const struct cli_opt *opts)
{
    size_t n = 0;
    while (opts && opts[n].name)
        n++;
    return n;
}

void cli_cmd_title(const struct cli_cmd *cmd, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", cmd->name, cmd->verb ? " " : "", cmd->verb ? cmd->verb : "");
}

/* A suggestion for a typo: the nearest by edit distance, or else the only
 * candidate that shares the longest prefix (of at least two letters) with
 * what was typed, which catches abbreviations ("--fo" for "--format"). */
const char *cli_suggest(const char *typed, const char *const *cands, size_t n)
{
    const char *best = str_nearest(typed, cands, n);
    if (best)
        return best;
    size_t best_len = 1;
    bool unique = false;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (typed[k] && typed[k] == cands[i][k])
            k++;
        if (k > best_len) {
            best_len = k;
            best = cands[i];
            unique = true;
        } else if (k == best_len && best && strcmp(best, cands[i]) != 0) {
            unique = false;
        }
    }
    return unique ? best : NULL;
}
