# Writes the C file that holds the schema's migrations, read byte for byte
# from DIR/0001.sql, DIR/0002.sql, ... (NNNN.sql takes a database from
# user_version NNNN - 1 to NNNN), as src/core/schema.h declares them.
# Usage: cmake -DDIR=<folder of .sql files> -DOUT=<file.c> -P embed_migrations.cmake
if(NOT DIR OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DDIR=<folder> -DOUT=<file.c> -P embed_migrations.cmake")
endif()
file(GLOB files RELATIVE "${DIR}" "${DIR}/*.sql")
list(SORT files)
set(arrays "")
set(names "")
set(n 0)
foreach(name IN LISTS files)
  math(EXPR n "${n} + 1")
  set(padded "000${n}")
  string(LENGTH "${padded}" len)
  math(EXPR start "${len} - 4")
  string(SUBSTRING "${padded}" ${start} 4 padded)
  if(NOT name STREQUAL "${padded}.sql")
    message(FATAL_ERROR "${DIR}/${name}: expected ${padded}.sql here: migrations are "
                        "numbered from 0001.sql on, one after another")
  endif()
  file(READ "${DIR}/${name}" hex HEX)
  if(hex STREQUAL "")
    message(FATAL_ERROR "${DIR}/${name} is empty")
  endif()
  string(REGEX REPLACE "(..)" "0x\\1," bytes "${hex}")
  if(bytes MATCHES "0x00,")
    message(FATAL_ERROR "${DIR}/${name} holds a NUL byte")
  endif()
  string(REPEAT "0x..," 16 line)
  string(REGEX REPLACE "(${line})" "\\1\n    " bytes "${bytes}")
  string(APPEND arrays "static const char migration_${padded}[] = {\n    ${bytes}0};\n\n")
  string(APPEND names "    migration_${padded},\n")
endforeach()
if(n EQUAL 0)
  message(FATAL_ERROR "no migrations in ${DIR}")
endif()
file(WRITE "${OUT}.tmp"
"/* Written at build time by cmake/embed_migrations.cmake from the files in
 * src/core/migrations, byte for byte: edit those, never this file. */
#include \"schema.h\"

#include \"baton/store.h\"

${arrays}const char *const schema_migrations[] = {
${names}};

const int schema_migration_count = ${n};

_Static_assert(${n} == STORE_SCHEMA_VERSION,
               \"STORE_SCHEMA_VERSION must count the files in src/core/migrations\");
")
file(RENAME "${OUT}.tmp" "${OUT}")
