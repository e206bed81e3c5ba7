# Parser tests: strings (pay, location, dates), pages and feeds from our own
# fixtures, and the expected values of the shared real-page fixtures.
foreach(t strings pages labels jsonapi towns)
  vh_unit_test(test_parser_${t} SOURCES parser/test_parser_${t}.c parser/helpers.c
               LIBS vh_parser vh_common)
endforeach()

# vacancyctl parse end to end: JSON out, wrong usage exits 2.
if(TARGET vacancyctl)
  set(fx ${CMAKE_CURRENT_SOURCE_DIR}/parser/fixtures)
  add_test(NAME cli_parse_pay COMMAND vacancyctl parse --pay "£25k-£30k per annum")
  set_tests_properties(cli_parse_pay PROPERTIES LABELS cli
    PASS_REGULAR_EXPRESSION "\"annual_max\": 30000")
  add_test(NAME cli_parse_page COMMAND vacancyctl parse ${fx}/jsonld_lenient.html
           --url https://jobs.example.org/job/42)
  set_tests_properties(cli_parse_page PROPERTIES LABELS cli
    PASS_REGULAR_EXPRESSION "\"lad_code\": \"E08000035\"")
  add_test(NAME cli_parse_feed COMMAND vacancyctl parse --feed ${fx}/sitemap.xml.gz)
  set_tests_properties(cli_parse_feed PROPERTIES LABELS cli
    PASS_REGULAR_EXPRESSION "\"count\": 3")
  add_test(NAME cli_parse_usage COMMAND vacancyctl parse --pay a --date b)
  set_tests_properties(cli_parse_usage PROPERTIES LABELS cli WILL_FAIL TRUE)
endif()
