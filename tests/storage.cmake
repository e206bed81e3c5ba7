# Storage: integration tests against the PostgreSQL scripts/test starts
# (they read DATABASE_URL and skip without it).
add_library(vh_testdb STATIC storage/testdb.c)
target_link_libraries(vh_testdb PUBLIC vh_storage m)

vh_unit_test(test_storage SOURCES storage/test_storage.c LIBS vh_testdb)
vh_unit_test(test_storage_live SOURCES storage/test_storage_live.c LIBS vh_testdb)
set_tests_properties(test_storage_live PROPERTIES LABELS integration RESOURCE_LOCK vh_postgres)
vh_unit_test(test_storage_outage SOURCES storage/test_storage_outage.c LIBS vh_testdb)
set_tests_properties(test_storage PROPERTIES LABELS integration RESOURCE_LOCK vh_postgres)
# It stops the server: nothing else may run meanwhile.
set_tests_properties(test_storage_outage PROPERTIES LABELS integration RUN_SERIAL TRUE
                     TIMEOUT 300)

if(TARGET vacancyctl)
  add_test(NAME cli_storage COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/storage.sh
           $<TARGET_FILE:vacancyctl>)
  set_tests_properties(cli_storage PROPERTIES LABELS e2e SKIP_RETURN_CODE 77
                       RESOURCE_LOCK vh_postgres)
endif()
