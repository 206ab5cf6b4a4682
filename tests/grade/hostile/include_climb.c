// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: climbs out of its folder by a relative path, to the grader's host name.
#include "../../../../../../../../../../etc/hostname"
#include "correct.c"
