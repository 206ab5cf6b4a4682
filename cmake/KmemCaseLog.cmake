# Kept logs: a case keeps what it printed (tests/judges/keep_log) so that other cases judge
# that same run instead of booting it again; ctest's fixtures order writer before reader.
set(KMEM_CASE_LOGS ${CMAKE_BINARY_DIR}/case-logs)

# Where case NAME's output is kept, and the command prefix that keeps it.
function(kmem_case_log name out_log out_prefix)
  set(${out_log} ${KMEM_CASE_LOGS}/${name}.log PARENT_SCOPE)
  set(${out_prefix} ${CMAKE_SOURCE_DIR}/tests/judges/keep_log ${KMEM_CASE_LOGS}/${name}.log --
      PARENT_SCOPE)
endfunction()

# Case NAME keeps its log for others: the fixture log.NAME.
function(kmem_keeps_log name)
  set_tests_properties(${name} PROPERTIES FIXTURES_SETUP log.${name})
endfunction()

# Case READER judges the logs of the cases after it: ctest runs those first (even under -R).
function(kmem_reads_log reader)
  list(TRANSFORM ARGN PREPEND "log." OUTPUT_VARIABLE fixtures)
  set_tests_properties(${reader} PROPERTIES FIXTURES_REQUIRED "${fixtures}")
endfunction()

# docs.drift.BLOCK: the documentation's generated block BLOCK (scripts/docs) says what the
# kept logs of CASES say now; the noisy figures are compared by shape only.
function(kmem_docs_drift block)
  add_test(NAME docs.drift.${block}
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/docs --check ${block} --logs ${KMEM_CASE_LOGS})
  set_tests_properties(docs.drift.${block} PROPERTIES TIMEOUT 60 LABELS docs)
  kmem_reads_log(docs.drift.${block} ${ARGN})
endfunction()
