#include "baton/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baton/str.h"

#ifndef BATON_DATADIR_REL
#define BATON_DATADIR_REL "../share/baton"
#endif
/* Written by CMake into the build folder: the source folder's path. */
#define BUILD_TREE_MARK "baton-source-dir"

/* The folder this executable lives in, or NULL. */
static char *exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return xstrdup(buf[0] ? buf : "/");
}

/* The source folder a build tree's mark names, or NULL. */
static char *build_tree_source(const char *dir)
{
    char *mark = xasprintf("%s/%s", dir, BUILD_TREE_MARK);
    FILE *f = fopen(mark, "r");
    free(mark);
    if (!f)
        return NULL;
    char line[PATH_MAX];
    char *src = NULL;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '/')
            src = xstrdup(line);
    }
    fclose(f);
    return src;
}

char *paths_source_dir(void)
{
    const char *env = getenv("BATON_SRCDIR");
    if (!str_empty(env))
        return xstrdup(env);
    char *dir = exe_dir();
    char *src = dir ? build_tree_source(dir) : NULL;
    free(dir);
    return src;
}

char *paths_data_dir(void)
{
    char *dir = exe_dir();
    if (!dir)
        return NULL;
    char *src = build_tree_source(dir);
    char *data = src ? NULL : xasprintf("%s/%s", dir, BATON_DATADIR_REL);
    free(src);
    free(dir);
    return data;
}
