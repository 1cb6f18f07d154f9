/*
 * paths: where baton finds its own data (themes, the demo organisation).
 * An installed baton reads only its installed data folder, found from its
 * own path (PREFIX/bin/baton reads PREFIX/share/baton), so an install
 * works under any prefix and no build path is compiled in. The binary in
 * its build tree reads the source tree that a file CMake writes beside it
 * names. $BATON_SRCDIR, when set, comes before either.
 */
#ifndef BATON_PATHS_H
#define BATON_PATHS_H

/* A baton source tree to read (themes/, config/): $BATON_SRCDIR when set,
 * else the one the build tree names when this binary runs from its build
 * tree, else NULL. Caller frees. */
char *paths_source_dir(void);
/* The installed data folder (themes/, demo-org.yaml) next to this binary,
 * or NULL when the binary runs from its build tree or its path is
 * unknown. Caller frees. */
char *paths_data_dir(void);

#endif
