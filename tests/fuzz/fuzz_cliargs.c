/*
 * Fuzzes the command line's argument parser (cli_main): the bytes are the
 * words of argv, one per line. "--help" is always added, so parsing runs
 * in full (unknown options, missing values, numbers out of range, dates
 * that do not exist, misplaced global options) and then only help is
 * printed: nothing is ever opened or written. Help must win over any
 * mistake and exit 0.
 */
#include "fuzz.h"

#include <fcntl.h>

#include "baton/cli.h"

#define MAX_WORDS 24

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* Help goes to stdout; keep the fuzzer's own report readable. */
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *s = fuzz_str(data, size);
    char *argv[MAX_WORDS + 3];
    int argc = 0;
    argv[argc++] = "baton";
    char *save = NULL;
    for (char *w = strtok_r(s, "\n", &save); w && argc < MAX_WORDS + 1;
         w = strtok_r(NULL, "\n", &save)) {
        /* After "--" a "--help" would be a word and the command would run. */
        if (strcmp(w, "--") == 0)
            continue;
        argv[argc++] = w;
    }
    argv[argc++] = "--help";
    argv[argc] = NULL;
    int rc = cli_main(argc, argv, NULL, "/nonexistent/baton/config.yaml");
    FUZZ_CHECK(rc == 0, "help did not win: exit %d", rc);
    free(s);
    return 0;
}
