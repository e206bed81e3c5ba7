# Parser tests: strings (pay, location, dates), pages and feeds from our own
# fixtures, and the expected values of the shared real-page fixtures.
foreach(t strings pages labels)
  vh_unit_test(test_parser_${t} SOURCES parser/test_parser_${t}.c parser/helpers.c
               LIBS vh_parser vh_common)
endforeach()
