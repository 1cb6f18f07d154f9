/* The schema's migrations (internal to src/core). */
#ifndef BATON_CORE_SCHEMA_H
#define BATON_CORE_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_migration_count;

/* PRAGMA application_id of a baton database ("BATN"). */
#define SCHEMA_APPLICATION_ID 1111577678

#endif
