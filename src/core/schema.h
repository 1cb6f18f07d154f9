/*
 * The schema, as forward-only migrations (internal to src/core):
 * schema_migrations[i] takes a database from user_version i to i + 1.
 *
 * Each migration is a file of SQL, src/core/migrations/NNNN.sql (0001.sql
 * takes a new database to user_version 1), embedded in the model byte for
 * byte when it is built (cmake/embed_migrations.cmake); it shares nothing
 * with the live code. Never edit a migration that has shipped: databases
 * have run it. To change the schema, add the next file, raise
 * STORE_SCHEMA_VERSION in include/baton/store.h to its number (the build
 * fails until the two agree), and when it ships pin its hash in
 * tests/unit/test_core_migration.c (that test fails, printing the line to
 * add, until it is pinned, and fails again if a pinned file changes).
 */
#ifndef BATON_CORE_SCHEMA_H
#define BATON_CORE_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_migration_count;

/* PRAGMA application_id of a baton database ("BATN"). */
#define SCHEMA_APPLICATION_ID 1111577678

#endif
