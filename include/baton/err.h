/*
 * err: how baton reports failure. A function that can fail returns a
 * negative number (or false) and fills a struct err that the caller owns;
 * the caller (CLI or UI) decides how to show the message. The code is the
 * process exit code DESIGN.md documents, so the CLI can pass it through.
 */
#ifndef BATON_ERR_H
#define BATON_ERR_H

enum err_code {
    ERR_OK = 0,
    ERR_RUNTIME = 1,  /* runtime failure: I/O, database, out of memory */
    ERR_USAGE = 2,    /* bad usage or bad input */
    ERR_DENIED = 3,   /* permission denied */
    ERR_CONFLICT = 4, /* stale edit, or a transition the state does not allow */
};

struct err {
    int code;       /* enum err_code; ERR_OK when nothing failed */
    char msg[1024]; /* one line, no trailing newline */
};

/* Sets code and message (printf-style) and returns -code, so a caller can
 * write `return err_set(e, ERR_USAGE, "...")`. A NULL e is allowed. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(struct err *e);

#endif
