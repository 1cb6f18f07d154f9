/* The schema's migrations (internal to src/core). */
#ifndef BATON_CORE_SCHEMA_H
#define BATON_CORE_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_migration_count;

#endif
