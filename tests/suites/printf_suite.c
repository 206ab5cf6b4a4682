/* "printf": the formatter behind every line of output, checked through snprintf against
   known strings (conversions, widths, padding, signs, truncation). */
#include "harness.h"
#include "printf.h"
#include "string.h"

static int check(const char *got, int len, const char *want)
{
    if (strcmp(got, want) != 0)
        return suite_fail("got \"%s\", want \"%s\"", got, want);
    if (len != (int)strlen(want))
        return suite_fail("\"%s\": returned length %d, want %d", want, len, (int)strlen(want));
    return 0;
}

static int printf_run(void)
{
    char buf[64];
    int fails = 0;
#define EXPECT(want, ...) fails += check(buf, snprintf(buf, sizeof(buf), __VA_ARGS__), want) != 0
    EXPECT("42 -7 0", "%d %d %i", 42, -7, 0);
    EXPECT("4294967295", "%u", 4294967295U);
    EXPECT("ff FF 0", "%x %X %x", 255, 255, 0);
    EXPECT("ffffffffffffffff", "%lx", ~0UL);
    EXPECT("-9223372036854775808", "%ld", (long)(1UL << 63));
    EXPECT("0x80200000", "%p", (void *)0x80200000UL);
    EXPECT("kmem c %", "%s %c %%", "kmem", 'c');
    const char *volatile none = 0; /* volatile: gcc would reject a literal null for %s */
    EXPECT("(null)", "%s", none);
    EXPECT("[   42][42   ][00042][-0042]", "[%5d][%-5d][%05d][%05d]", 42, 42, 42, -42);
    EXPECT("[  ab][ab  ]", "[%4s][%-4s]", "ab", "ab");
#undef EXPECT
    /* Truncation: the buffer holds what fits, NUL-terminated; the return value is the
       length the whole output would have had. */
    char small[5];
    int n = snprintf(small, sizeof(small), "%s", "truncated");
    fails += check(small, n == 9 ? 4 : -1, "trun") != 0;
    return fails ? -1 : 0;
}

SUITE(printf, .name = "printf", .summary = "snprintf conversions, widths and truncation",
      .standard = 1, .run = printf_run);
