# Crawler tests: URL canonicalisation, robots.txt, the fetcher against the
# sample board on loopback, and the robots command end to end.
vh_unit_test(test_url SOURCES crawler/test_url.c LIBS vh_crawler)
vh_unit_test(test_robots SOURCES crawler/test_robots.c LIBS vh_crawler)

add_test(NAME cli_robots COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/robots.sh $<TARGET_FILE:vacancyctl>)
set_tests_properties(cli_robots PROPERTIES LABELS e2e)

add_subdirectory(board)

vh_unit_test(test_fetch SOURCES crawler/test_fetch.c LIBS vh_crawler)
target_compile_definitions(test_fetch PRIVATE VH_SAMPLE_BOARD="$<TARGET_FILE:sample_board>")
add_dependencies(test_fetch sample_board)
