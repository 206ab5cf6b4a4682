/* Suite selection and the run's verdict. Output follows kalloctest: "start <name>", the
   suite's own lines, then "<name> OK" or "<name> FAIL: <why>", and at the end
   "N passed, N failed"; the exit status says the same (machine.h). */
#include "harness.h"
#include "cmdline.h"
#include "machine.h"
#include "options.h"
#include "printf.h"
#include "string.h"

extern const struct suite __suites_start[], __suites_end[];

static char failure[160]; /* why the running suite failed; empty while it has not */

int suite_fail(const char *fmt, ...)
{
    if (failure[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(failure, sizeof(failure), fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const struct suite *find_suite(const char *name)
{
    for (const struct suite *s = __suites_start; s < __suites_end; s++) {
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return 0;
}

/* Copies the next comma-separated name of list into name[]; returns the rest of the list. */
static const char *next_name(const char *list, char *name, size_t size)
{
    size_t n = 0;
    for (; *list && *list != ','; list++) {
        if (n + 1 < size)
            name[n++] = *list;
    }
    name[n] = '\0';
    return *list ? list + 1 : list;
}

static void list_suites(void)
{
    printf("known tests (* = standard set):\n");
    for (const struct suite *s = __suites_start; s < __suites_end; s++)
        printf("  %c %-10s %s\n", s->standard ? '*' : ' ', s->name, s->summary);
}

static int run_suite(const struct suite *s)
{
    failure[0] = '\0';
    printf("start %s\n", s->name);
    int result = s->run();
    if (result == 0 && failure[0] == '\0') {
        printf("%s OK\n", s->name);
        return 0;
    }
    printf("%s FAIL: %s\n", s->name, failure[0] ? failure : "(no reason given)");
    return -1;
}

static void usage_exit(void)
{
    machine_exit(EXIT_USAGE);
}

/* Checks every name of test=a,b,c before running any, so a typo costs no time. */
static int check_names(const char *list)
{
    char name[32];
    while (*list) {
        list = next_name(list, name, sizeof(name));
        if (!find_suite(name)) {
            printf("unknown test '%s'\n", name);
            return -1;
        }
    }
    return 0;
}

void harness_main(const char *bootargs)
{
    if (cmdline_parse(bootargs) != 0 || options_check() != 0)
        usage_exit();
    const char *list = cmdline_get("test");
    if (list && (list[0] == '\0' || check_names(list) != 0)) {
        list_suites();
        usage_exit();
    }

    int passed = 0, failed = 0;
    if (list) {
        char name[32];
        while (*list) {
            list = next_name(list, name, sizeof(name));
            if (run_suite(find_suite(name)) == 0)
                passed++;
            else
                failed++;
        }
    } else {
        for (const struct suite *s = __suites_start; s < __suites_end; s++) {
            if (!s->standard)
                continue;
            if (run_suite(s) == 0)
                passed++;
            else
                failed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    machine_exit(failed ? EXIT_FAIL : EXIT_PASS);
}
