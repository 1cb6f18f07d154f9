/*
 * What every fuzz target shares: turning the fuzzer's bytes into a file or
 * a string, and checks that abort with a message, so that libFuzzer
 * records a wrong answer the way it records a crash. Header-only: each
 * target is one translation unit.
 */
#ifndef BATON_FUZZ_H
#define BATON_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baton/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "fuzz check failed at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* A private file for this process, holding exactly data: the readers that
 * only take a path read it. Returns 0, or -1 when it cannot be written. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t n)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, n, "%s/baton-fuzz-%ld.yaml", dir, (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, size, f);
    return fclose(f) == 0 && w == size ? 0 : -1;
}

/* data as a NUL-terminated string (stopping at the first NUL); caller frees. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

/* A reader's refusal: -code returned, a usage or runtime code, and one
 * line that names the input first ("FILE:LINE:COL: ..." or "FILE: ..."). */
static inline void fuzz_check_refusal(int rc, const struct err *e, const char *name)
{
    FUZZ_CHECK(rc == -e->code, "returned %d but the error code is %d (%s)", rc, e->code, e->msg);
    FUZZ_CHECK(e->code == ERR_USAGE || e->code == ERR_RUNTIME, "unexpected code %d: %s",
               e->code, e->msg);
    FUZZ_CHECK(e->msg[0] != 0, "empty message for code %d", e->code);
    FUZZ_CHECK(strchr(e->msg, '\n') == NULL, "message of more than one line: %s", e->msg);
    size_t n = strlen(name);
    FUZZ_CHECK(strncmp(e->msg, name, n) == 0 && e->msg[n] == ':',
               "message does not start with '%s:': %s", name, e->msg);
}

#endif
