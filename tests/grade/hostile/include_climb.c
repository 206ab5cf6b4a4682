// Hostile: climbs out of its folder by a relative path, to the grader's host name.
#include "../../../../../../../../../../etc/hostname"
#include "correct.c"
