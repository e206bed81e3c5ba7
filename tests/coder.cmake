# Coder tests: normaliser, matching, qualifiers, bad input; and, when the
# reference data is present, the real ONS index.
vh_unit_test(test_coder SOURCES coder/test_coder.c LIBS vh_coder)

add_test(NAME cli_code COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/code.sh $<TARGET_FILE:vacancyctl>)
set_tests_properties(cli_code PROPERTIES LABELS e2e SKIP_RETURN_CODE 77)

vh_unit_test(test_model SOURCES coder/test_model.c LIBS vh_coder)
