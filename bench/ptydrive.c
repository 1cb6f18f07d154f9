/*
 * ptydrive: runs a program (the cockpit) in a pseudo-terminal of a given
 * size, types a script of key presses one at a time and measures each from
 * outside: the time from writing the key to the last byte of the screen
 * update it caused, and the bytes that update wrote. It also reads the
 * cockpit's own timing of each key from $BATON_BENCH_LOG, which the driver
 * sets, so that both figures come from the same press.
 *
 * When a key's update is over: the cockpit appends its log line after the
 * doupdate() that shows the key's effect, so everything it wrote for the
 * key is already in the pseudo-terminal when the line appears. The driver
 * waits for that line, then reads what is still pending until the
 * terminal has been quiet for --settle milliseconds (default 2). The
 * outside latency is from write() of the key to the read() that returned
 * the update's last byte. A key that never logs (the program ignored it)
 * ends after --quiet milliseconds without output (default 300) and is
 * reported with inside time -1.
 *
 * The first frame is timed the same way, from just before fork() to the
 * last byte of the frame the cockpit logs as "frame".
 *
 *   ptydrive --script FILE --out CSV [--size 160x48] [--log FILE]
 *            [--settle MS] [--quiet MS] -- PROGRAM ARGS...
 *
 * Script lines: "LABEL KEYS", KEYS with C escapes (\e \t \r \n \xHH \\);
 * one line is one key press. LABEL "-" presses without recording. Lines
 * starting with # are comments. The CSV gets one row per recorded press:
 * label,outside_us,inside_us,bytes. Printed on stdout at the end:
 * "frame_outside_us N", "frame_inside_us N", "frame_bytes N",
 * "peak_rss_kib N" (the child's ru_maxrss) and "exit N".
 *
 * Not part of baton: bench/run.sh compiles it with cc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct driver {
    int fd;        /* pty master */
    pid_t pid;
    int logfd;     /* the cockpit's timing log, read as it grows */
    char logbuf[4096];
    size_t loglen;
    int settle_ms, quiet_ms;
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *what)
{
    fprintf(stderr, "ptydrive: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Decodes C escapes of s into out; returns the length. */
static size_t unescape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while (*s && n + 1 < cap) {
        if (*s != '\\' || !s[1]) {
            out[n++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 'e': out[n++] = 27; s++; break;
        case 't': out[n++] = '\t'; s++; break;
        case 'r': out[n++] = '\r'; s++; break;
        case 'n': out[n++] = '\n'; s++; break;
        case 's': out[n++] = ' '; s++; break;
        case 'x': {
            char hex[3] = {0};
            s++;
            for (int i = 0; i < 2 && *s; i++)
                hex[i] = *s++;
            out[n++] = (char)strtol(hex, NULL, 16);
            break;
        }
        default: out[n++] = *s++; break;
        }
    }
    out[n] = 0;
    return n;
}

/* Reads whatever the terminal has within timeout_ms; returns the bytes
 * read (0 on timeout, -1 when the program closed it). *last is the time
 * of the last read that returned data. */
static long drain(struct driver *d, int timeout_ms, int64_t *last)
{
    struct pollfd p = {d->fd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms);
    if (r <= 0)
        return 0;
    char buf[65536];
    ssize_t got = read(d->fd, buf, sizeof buf);
    if (got <= 0)
        return -1;
    *last = now_us();
    return got;
}

/* The next complete line of the log, if one arrived: its label and
 * microseconds. */
static int log_line(struct driver *d, char *label, size_t cap, long long *us)
{
    for (;;) {
        char *nl = memchr(d->logbuf, '\n', d->loglen);
        if (nl) {
            *nl = 0;
            int ok = sscanf(d->logbuf, "%63s %lld", label, us) == 2;
            (void)cap;
            size_t used = (size_t)(nl - d->logbuf) + 1;
            memmove(d->logbuf, nl + 1, d->loglen - used);
            d->loglen -= used;
            if (ok)
                return 1;
            continue;
        }
        if (d->loglen == sizeof d->logbuf)
            d->loglen = 0;
        ssize_t got = read(d->logfd, d->logbuf + d->loglen, sizeof d->logbuf - d->loglen);
        if (got <= 0)
            return 0;
        d->loglen += (size_t)got;
    }
}

/* Waits for the cockpit's log line of one event, counting the bytes the
 * terminal receives meanwhile; then reads until settle_ms of quiet. */
static void await(struct driver *d, int64_t start, int quiet_ms, long long *outside,
                  long long *inside, long *bytes)
{
    int64_t last = 0;
    *bytes = 0;
    *inside = -1;
    char label[64];
    int64_t quiet_since = now_us();
    for (;;) {
        long got = drain(d, 1, &last);
        if (got < 0)
            break;
        if (got > 0) {
            *bytes += got;
            quiet_since = last;
        }
        long long us;
        if (log_line(d, label, sizeof label, &us)) {
            *inside = us;
            break;
        }
        if (now_us() - quiet_since > (int64_t)quiet_ms * 1000)
            break;
    }
    for (;;) {
        long got = drain(d, d->settle_ms, &last);
        if (got <= 0)
            break;
        *bytes += got;
    }
    *outside = last ? last - start : -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: ptydrive --script FILE --out CSV [--size COLSxROWS] [--log FILE]"
                    " [--settle MS] [--quiet MS] -- PROGRAM ARGS...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *script = NULL, *out = NULL, *logpath = NULL;
    int cols = 160, rows = 48;
    struct driver d = {.settle_ms = 2, .quiet_ms = 300};
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--script"))
            script = argv[++i];
        else if (!strcmp(argv[i], "--out"))
            out = argv[++i];
        else if (!strcmp(argv[i], "--log"))
            logpath = argv[++i];
        else if (!strcmp(argv[i], "--size")) {
            if (sscanf(argv[++i], "%dx%d", &cols, &rows) != 2)
                usage();
        } else if (!strcmp(argv[i], "--settle"))
            d.settle_ms = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quiet"))
            d.quiet_ms = atoi(argv[++i]);
        else
            usage();
    }
    if (!script || !out || i >= argc)
        usage();
    FILE *sf = fopen(script, "r");
    if (!sf)
        die(script);
    FILE *csv = fopen(out, "w");
    if (!csv)
        die(out);
    char tmplog[] = "/tmp/ptydrive-log.XXXXXX";
    if (!logpath) {
        int t = mkstemp(tmplog);
        if (t < 0)
            die("mkstemp");
        close(t);
        logpath = tmplog;
    } else {
        int t = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (t < 0)
            die(logpath);
        close(t);
    }
    d.logfd = open(logpath, O_RDONLY);
    if (d.logfd < 0)
        die(logpath);
    setenv("BATON_BENCH_LOG", logpath, 1);
    setenv("TERM", "xterm-256color", 1);

    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    int64_t t0 = now_us();
    d.pid = forkpty(&d.fd, NULL, NULL, &ws);
    if (d.pid < 0)
        die("forkpty");
    if (d.pid == 0) {
        execvp(argv[i], argv + i);
        fprintf(stderr, "ptydrive: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    long long f_out, f_in;
    long f_bytes;
    /* a big database may take a while to open: wait long for the first frame */
    await(&d, t0, 60000, &f_out, &f_in, &f_bytes);

    fprintf(csv, "label,outside_us,inside_us,bytes\n");
    char line[1024], keys[256];
    while (fgets(line, sizeof line, sf)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = 0;
        size_t n = unescape(sp + 1, keys, sizeof keys);
        int64_t start = now_us();
        if (write(d.fd, keys, n) != (ssize_t)n)
            die("write");
        long long o, in;
        long b;
        await(&d, start, d.quiet_ms, &o, &in, &b);
        if (strcmp(line, "-") != 0)
            fprintf(csv, "%s,%lld,%lld,%ld\n", line, o, in, b);
    }
    fclose(sf);
    fclose(csv);

    /* Leave: Esc twice for any mode, then q; then a signal if need be. */
    for (int k = 0; k < 3; k++) {
        if (write(d.fd, k < 2 ? "\033" : "q", 1) != 1)
            break;
        long long o, in;
        long b;
        await(&d, now_us(), d.quiet_ms, &o, &in, &b);
    }
    struct rusage ru;
    int status = 0;
    pid_t w = 0;
    for (int k = 0; k < 300 && w == 0; k++) {
        int64_t last;
        if (drain(&d, 10, &last) < 0) {
            w = wait4(d.pid, &status, 0, &ru);
            break;
        }
        w = wait4(d.pid, &status, WNOHANG, &ru);
    }
    if (w == 0) {
        kill(d.pid, SIGTERM);
        w = wait4(d.pid, &status, 0, &ru);
    }
    printf("frame_outside_us %lld\nframe_inside_us %lld\nframe_bytes %ld\n", f_out, f_in,
           f_bytes);
    printf("peak_rss_kib %ld\nexit %d\n", w > 0 ? ru.ru_maxrss : -1L,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    if (logpath == tmplog)
        unlink(tmplog);
    return 0;
}
