# Parser tests (index/parse/).
# Tests that read files get the demo articles and the shared corpus as
# arguments; the ones that need ../shared fail when it is missing.

# ns_parse_test(NAME SOURCE [ARGS...]): a parser test linked with ns_parse.
function(ns_parse_test name source)
  ns_c_test(${name} ${source} ${ARGN})
  target_link_libraries(${name} PRIVATE ns_parse)
endfunction()

ns_parse_test(parse_date index/parse/test_parse_date.c)
ns_parse_test(parse_utf8_repair index/parse/test_utf8_repair.c)
ns_parse_test(parse_detect_format index/parse/test_detect_format.c)
ns_parse_test(parse_html index/parse/test_parse_html.c
              ${PROJECT_SOURCE_DIR}/demo/articles)
ns_parse_test(parse_json_line index/parse/test_parse_json_line.c
              ${PROJECT_SOURCE_DIR}/demo/articles ${NS_SHARED_CORPUS})
ns_parse_test(parse_front_matter index/parse/test_parse_front_matter.c
              ${PROJECT_SOURCE_DIR}/demo/articles ${NS_SHARED_CORPUS})
# Fault injection: the test's own malloc and realloc fail on request, for
# every allocation that ns_parse makes (the libraries' allocations are not
# redirected: they live in shared objects).
ns_fault_injection(parse_front_matter)

