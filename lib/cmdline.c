/* Command-line parsing into a static table; the words are copied, so bootargs may go. */
#include "cmdline.h"
#include "printf.h"
#include "string.h"

#define CMDLINE_MAX_CHARS 512

static char text[CMDLINE_MAX_CHARS];
static const char *keys[CMDLINE_MAX_WORDS];
static const char *values[CMDLINE_MAX_WORDS];
static int nwords;

int cmdline_parse(const char *bootargs)
{
    size_t len = strlen(bootargs);
    if (len >= sizeof(text)) {
        printf("cmdline: longer than %d characters\n", CMDLINE_MAX_CHARS - 1);
        return -1;
    }
    memcpy(text, bootargs, len + 1);
    nwords = 0;

    char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (*p == '\0')
            return 0;
        char *word = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        char *eq = word;
        while (eq < p && *eq != '=')
            eq++;
        if (eq == p || eq == word) {
            if (*p)
                *p = '\0';
            printf("cmdline: '%s' is not of the form key=value\n", word);
            return -1;
        }
        if (nwords == CMDLINE_MAX_WORDS) {
            printf("cmdline: more than %d words\n", CMDLINE_MAX_WORDS);
            return -1;
        }
        *eq = '\0';
        keys[nwords] = word;
        values[nwords] = eq + 1;
        nwords++;
    }
}

const char *cmdline_get(const char *key)
{
    const char *found = 0;
    for (int i = 0; i < nwords; i++) {
        if (strcmp(keys[i], key) == 0)
            found = values[i]; /* the last one wins, as with most command lines */
    }
    return found;
}

const char *cmdline_key(int n)
{
    return n < nwords ? keys[n] : 0;
}

int parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return -1;
        if (v > (~0UL - (unsigned long)d) / (unsigned long)base)
            return -1; /* overflow */
        v = v * (unsigned long)base + (unsigned long)d;
    }
    *out = v;
    return 0;
}
