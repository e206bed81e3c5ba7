# Daemon: vacancyd end to end against the sample board and the PostgreSQL
# scripts/test starts (skipped without DATABASE_URL).
foreach(t e2e restart faults)
  add_test(NAME daemon_${t} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/daemon/${t}.sh
           $<TARGET_FILE:vacancyd> $<TARGET_FILE:vacancyctl> $<TARGET_FILE:sample_board>)
  set_tests_properties(daemon_${t} PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 300
                       RESOURCE_LOCK vh_postgres)
endforeach()

# It stops the server: nothing else may run meanwhile.
add_test(NAME daemon_outage COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/daemon/outage.sh
         $<TARGET_FILE:vacancyd> $<TARGET_FILE:vacancyctl> $<TARGET_FILE:sample_board>)
set_tests_properties(daemon_outage PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 300
                     RUN_SERIAL TRUE)

# The installed unit names the installed daemon, whatever the prefix.
add_test(NAME daemon_unit COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/daemon/unit.sh ${CMAKE_BINARY_DIR})
set_tests_properties(daemon_unit PROPERTIES LABELS daemon)
