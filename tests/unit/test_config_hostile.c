/* YAML of any shape through every reader in src/config: each file of the
 * fuzz corpora (tests/fuzz/corpus: anchors and aliases, alias bombs and
 * cycles, tags, several documents, flow and block collections, block
 * scalars, deep nesting, huge scalars, invalid UTF-8, NUL bytes, BOMs ...)
 * is read as a configuration, a theme and an organisation file. The
 * answer is always a load, or ERR_USAGE "FILE:LINE:COL: ..." on one line:
 * never a crash, a hang or another code. Also regression cases the fuzz
 * targets found. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "baton/config.h"
#include "baton/orgfile.h"
#include "baton/str.h"
#include "baton/theme.h"

/* "PATH:LINE:COL: text" with LINE and COL positive numbers. */
static int has_position(const char *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) != 0 || msg[n] != ':')
        return 0;
    char *end;
    long line = strtol(msg + n + 1, &end, 10);
    if (line < 1 || *end != ':')
        return 0;
    long col = strtol(end + 1, &end, 10);
    return col >= 1 && end[0] == ':' && end[1] == ' ' && end[2];
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int files_seen;

static void check_answer(const char *reader, const char *path, int rc, const struct err *e,
                         const struct timespec *t0)
{
    double took = seconds_since(t0);
    if (rc == 0 && e->code == 0 && took < 20)
        return;
    int ok = rc == -ERR_USAGE && e->code == ERR_USAGE && has_position(e->msg, path) &&
             !strchr(e->msg, '\n') && took < 20;
    if (!ok) {
        fprintf(stderr, "  %s of %s: rc %d, code %d, %.1fs: %s\n", reader, path, rc, e->code,
                took, e->msg);
        CHECK(!"expected a load or ERR_USAGE with FILE:LINE:COL, within seconds");
    }
}

static void read_everywhere(const char *path)
{
    struct timespec t0;
    struct err e;

    err_clear(&e);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* read as the system configuration is, once trusted: roles allowed */
    struct config c;
    config_init(&c);
    int fd = open(path, O_RDONLY);
    check_answer("config", path, config_read_fd(&c, fd, path, true, &e), &e, &t0);
    close(fd);
    config_fini(&c);

    err_clear(&e);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct theme t;
    theme_builtin(&t);
    check_answer("theme", path, theme_load_file(&t, path, &e), &e, &t0);

    err_clear(&e);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct org o;
    int rc = orgfile_read(path, &o, &e);
    check_answer("orgfile", path, rc, &e, &t0);
    if (rc == 0)
        org_fini(&o);
    files_seen++;
}

static void read_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "  cannot open %s\n", dir);
        CHECK(!"the corpus folder is there");
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            char *path = xasprintf("%s/%s", dir, de->d_name);
            read_everywhere(path);
            free(path);
        }
    closedir(d);
}

static const char *srcdir(void)
{
    const char *s = getenv("BATON_SRCDIR");
    return s && *s ? s : BATON_SRCDIR;
}

static void every_corpus_file_loads_or_is_refused_with_a_position(void)
{
    static const char *const folders[] = {"yaml", "config", "theme", "orgfile"};
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        char *dir = xasprintf("%s/tests/fuzz/corpus/%s", srcdir(), folders[i]);
        read_folder(dir);
        free(dir);
    }
    CHECK(files_seen > 60);
}

static char *write_file(const char *dir, const char *name, const char *text, size_t n)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
    return path;
}

static void alias_bombs_and_cycles_are_refused_at_their_line(void)
{
    char *dir = check_tmpdir();
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "theme: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++)
        sb_addf(&sb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i,
                i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    char *bomb = write_file(dir, "bomb.yaml", sb.s, sb.len);
    struct config c;
    config_init(&c);
    struct err e = {0};
    CHECK_INT(config_load_file(&c, bomb, &e), -ERR_USAGE);
    CHECK(has_position(e.msg, bomb));
    config_fini(&c);
    struct org o;
    err_clear(&e);
    CHECK_INT(orgfile_read(bomb, &o, &e), -ERR_USAGE);
    CHECK(has_position(e.msg, bomb));

    const char cyc[] = "organisation: x\ndepartments: &d [{key: A, name: *d}]\n";
    char *cycle = write_file(dir, "cycle.yaml", cyc, sizeof cyc - 1);
    err_clear(&e);
    CHECK_INT(orgfile_read(cycle, &o, &e), -ERR_USAGE);
    CHECK(has_position(e.msg, cycle));
    free(bomb);
    free(cycle);
    sb_fini(&sb);
    free(dir);
}

static void a_duration_accepted_in_one_form_reads_back_in_the_other(void)
{
    /* Found by fuzz_sanitize: a bare number of seconds had no upper bound
     * while "Ns" had one, so config_fmt_duration's text did not read back. */
    int64_t v, back;
    char txt[32];
    CHECK(!config_parse_duration("555555500000000000", &v));
    CHECK(config_parse_duration("1125899906842624", &v)); /* 2^50 */
    config_fmt_duration(v, txt);
    CHECK(config_parse_duration(txt, &back));
    CHECK_INT(back, v);
    CHECK(!config_parse_duration("1125899906842625", &v));
    CHECK(!config_parse_duration("9999999999999999w", &v));
    CHECK(!config_parse_duration("1861606989w", &v)); /* just over 2^50 seconds */
    CHECK(config_parse_duration("1861606988w", &v));
    config_fmt_duration(v, txt);
    CHECK(config_parse_duration(txt, &back));
    CHECK_INT(back, v);
}

static char *write_org(const struct org *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct err e = {0};
    CHECK_INT(orgfile_write(f, o, &e), 0);
    fclose(f);
    return buf;
}

static void text_that_is_not_utf8_is_exported_so_that_it_reads_back_the_same(void)
{
    /* Found through export of a blocker whose title held bytes that are
     * not UTF-8: the writer escaped them as "\xFF", which YAML reads back
     * as U+00FF, so export -> import -> export changed the file. */
    const char yaml[] = "organisation: x\ndepartments: [{key: D, name: n}]\n";
    struct org o;
    struct err e = {0};
    CHECK_INT(orgfile_read_buf("o.yaml", yaml, sizeof yaml - 1, &o, &e), 0);
    if (o.n_departments != 1)
        return;
    str_replace(&o.departments[0].name, "a\xff\xfe b\xe2\x82 c\xc0\xaf");
    char *first = write_org(&o);
    org_fini(&o);
    CHECK_INT(orgfile_read_buf("first.yaml", first, strlen(first), &o, &e), 0);
    if (o.n_departments == 1)
        CHECK_STR(o.departments[0].name, "a\xEF\xBF\xBD\xEF\xBF\xBD b\xEF\xBF\xBD\xEF\xBF\xBD "
                                         "c\xEF\xBF\xBD\xEF\xBF\xBD");
    char *second = write_org(&o);
    CHECK_STR(second, first);
    org_fini(&o);
    free(first);
    free(second);
}

int main(void)
{
    RUN(every_corpus_file_loads_or_is_refused_with_a_position);
    RUN(alias_bombs_and_cycles_are_refused_at_their_line);
    RUN(a_duration_accepted_in_one_form_reads_back_in_the_other);
    RUN(text_that_is_not_utf8_is_exported_so_that_it_reads_back_the_same);
    return check_report();
}
