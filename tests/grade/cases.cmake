# ctest cases of scripts/grade (tests/judges/grade_check): a course laid out from lab mode's
# inputs by tests/grade/make_course, graded, and its report checked against expected.csv.
# Both are RUN_SERIAL: the grader boots one file at a time so that kalloctest's contention
# counters see no other QEMU, and ctest must not start one beside it either.

# Every run: six submissions (a duplicate, an xv6 tree, the starter, a file that does not
# build, a folder without one) as four shards merged (two of them empty); the HTML sorted in
# headless chromium.
add_test(NAME grade.small COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/grade_check small
  ${KMEM_CASE_LOGS}/grade.small)
set_tests_properties(grade.small PROPERTIES TIMEOUT 400 LABELS "lab;qemu;grade" RUN_SERIAL TRUE
  ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}" PASS_REGULAR_EXPRESSION "grade_check: PASS")
# Every input of tests/labmode/inputs too, at -j 2 and again as shards at -j 1: the same
# report.
add_test(NAME grade.full COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/grade_check full
  ${KMEM_CASE_LOGS}/grade.full)
set_tests_properties(grade.full PROPERTIES TIMEOUT 2400 LABELS "lab;qemu;grade;slow"
  RUN_SERIAL TRUE ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}"
  PASS_REGULAR_EXPRESSION "grade_check: PASS")
# Bad command lines: a message, the usage, exit 2, and nothing graded; an empty course:
# "no kalloc.c found", exit 1.
add_test(NAME grade.usage COMMAND bash -c "
  for args in '--bogus x' '' '-j 0 x' '--lab 2018 x' '--smp 9 x' '--shard 3/2 x' '--shard 1 x' \
              '--merge --shard 1/2 x' \"$0/nosuch\" \"--points $0/README.md $0/tests/grade/broken.c\"; do
    out=$($0/scripts/grade $args 2>&1); status=$?
    grep -q '^usage: scripts/grade' <<<\"$out\" && [ $status = 2 ] ||
      { echo \"scripts/grade $args: status $status\"; echo \"$out\"; exit 1; }
  done
  empty=$(mktemp -d); mkdir $empty/course
  out=$($0/scripts/grade -o $empty/report $empty/course 2>&1); status=$?; rm -rf $empty
  [ $status = 1 ] && grep -q '^scripts/grade: no kalloc.c found in ' <<<\"$out\" ||
    { echo \"an empty course: status $status\"; echo \"$out\"; exit 1; }
  echo grade.usage: PASS" ${CMAKE_SOURCE_DIR})
set_tests_properties(grade.usage PROPERTIES TIMEOUT 60 LABELS grade
  PASS_REGULAR_EXPRESSION "grade.usage: PASS")
# Lab mode's records as scripts/ reads them: a measured value longer than the human
# table's column stays whole (once sliced into the verdict "ges FAIL"), a forged block is
# overwritten, every class of lab_classes.def is a row and a column.
add_test(NAME grade.records COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/records_check
  ${CMAKE_SOURCE_DIR})
set_tests_properties(grade.records PROPERTIES TIMEOUT 30 LABELS grade
  PASS_REGULAR_EXPRESSION "records_check: PASS")
# Hostile submissions (tests/grade/hostile/ and links made at run time): each graded "fail"
# or "incomplete" with its reason, never "pass", nothing left behind. Every run: those
# refused before they run (none boots, so it runs beside other cases); slow, alone: forged
# verdict lines and those only a limit stops, beside a correct file that must still pass.
add_test(NAME grade.hostile COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/hostile_check every
  ${KMEM_CASE_LOGS}/grade.hostile)
set_tests_properties(grade.hostile PROPERTIES TIMEOUT 180 LABELS "lab;qemu;grade"
  ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}" PASS_REGULAR_EXPRESSION "hostile_check: PASS")
add_test(NAME grade.hostile.slow COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/hostile_check slow
  ${KMEM_CASE_LOGS}/grade.hostile.slow)
set_tests_properties(grade.hostile.slow PROPERTIES TIMEOUT 400 LABELS "lab;qemu;grade;slow"
  RUN_SERIAL TRUE ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}"
  PASS_REGULAR_EXPRESSION "hostile_check: PASS")
