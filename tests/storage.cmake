# Storage: integration tests against the PostgreSQL scripts/test starts
# (they read DATABASE_URL and skip without it).
pkg_check_modules(TEST_LIBPQ REQUIRED IMPORTED_TARGET libpq)

add_library(vh_testdb STATIC storage/testdb.c)
vh_embed_sql(vh_testdb test_sql ${CMAKE_CURRENT_SOURCE_DIR}/storage/sql)
target_link_libraries(vh_testdb PUBLIC vh_storage PkgConfig::TEST_LIBPQ m)

vh_unit_test(test_storage SOURCES storage/test_storage.c LIBS vh_testdb)
vh_unit_test(test_storage_outage SOURCES storage/test_storage_outage.c LIBS vh_testdb)
set_tests_properties(test_storage PROPERTIES LABELS integration RESOURCE_LOCK vh_postgres)
# It stops the server: nothing else may run meanwhile.
set_tests_properties(test_storage_outage PROPERTIES LABELS integration RUN_SERIAL TRUE
                     TIMEOUT 300)
