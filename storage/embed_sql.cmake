# embed_sql.cmake - turn .sql files into a C source, so SQL lives only in
# .sql files yet ships inside the binary. Run with cmake -P:
#   -DOUT_C=... -DOUT_H=... -DPREFIX=storage_sql -DMIGRATIONS="a.sql;b.sql"
#   -DQUERIES="x.sql;y.sql"
# Migrations (NNNN_name.sql) become an ordered table; each query file
# becomes `const char PREFIX_<name>[]`.

function(c_literal path out)
  file(READ ${path} text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "\n" "\\n\"\n\"" text "${text}")
  set(${out} "\"${text}\"" PARENT_SCOPE)
endfunction()

set(h "/* Generated from .sql files by embed_sql.cmake: do not edit. */\n")
string(APPEND h "#ifndef ${PREFIX}_H\n#define ${PREFIX}_H\n#include <stddef.h>\n")
string(APPEND h "typedef struct { int version; const char *name; const char *sql; } ${PREFIX}_migration;\n")
string(APPEND h "extern const ${PREFIX}_migration ${PREFIX}_migrations[];\n")
string(APPEND h "extern const size_t ${PREFIX}_nmigrations;\n")
set(c "/* Generated from .sql files by embed_sql.cmake: do not edit. */\n#include \"${PREFIX}.h\"\n\n")

set(rows "")
list(SORT MIGRATIONS)
foreach(f ${MIGRATIONS})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^([0-9]+)_" m ${name})
  if(NOT m)
    message(FATAL_ERROR "${f}: migration names start with a number, e.g. 0001_core.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  c_literal(${f} lit)
  string(APPEND c "static const char m_${name}[] =\n${lit};\n\n")
  string(APPEND rows "    {${version}, \"${name}\", m_${name}},\n")
endforeach()
string(APPEND c "const ${PREFIX}_migration ${PREFIX}_migrations[] = {\n${rows}    {0, NULL, NULL}\n};\n")
string(APPEND c "const size_t ${PREFIX}_nmigrations = sizeof(${PREFIX}_migrations) / sizeof(${PREFIX}_migrations[0]) - 1;\n\n")

foreach(f ${QUERIES})
  get_filename_component(name ${f} NAME_WE)
  c_literal(${f} lit)
  string(APPEND h "extern const char ${PREFIX}_${name}[];\n")
  string(APPEND c "const char ${PREFIX}_${name}[] =\n${lit};\n\n")
endforeach()
string(APPEND h "#endif\n")

# Write only when changed, so an unchanged tree does not rebuild.
foreach(pair "OUT_H;h" "OUT_C;c")
  list(GET pair 0 var)
  list(GET pair 1 content)
  set(old "")
  if(EXISTS ${${var}})
    file(READ ${${var}} old)
  endif()
  if(NOT old STREQUAL "${${content}}")
    file(WRITE ${${var}} "${${content}}")
  endif()
endforeach()
