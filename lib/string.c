/* Memory and string routines. memset and memcpy are also what gcc emits calls to for
   struct copies and zeroing, so they must exist even where no code names them. */
#include "string.h"
#include <stdint.h>

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    /* Whole 8-byte words when aligned: page poisoning sets 4096 bytes at a time. */
    if (((uintptr_t)d & 7) == 0) {
        uint64_t word = (unsigned char)c * 0x0101010101010101ULL;
        uint64_t *w = (uint64_t *)d;
        for (; n >= 64; n -= 64, w += 8) {
            w[0] = word;
            w[1] = word;
            w[2] = word;
            w[3] = word;
            w[4] = word;
            w[5] = word;
            w[6] = word;
            w[7] = word;
        }
        for (; n >= 8; n -= 8)
            *w++ = word;
        d = (unsigned char *)w;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++)
        ;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n && *a && *a == *b; n--, a++, b++)
        ;
    return n ? (unsigned char)*a - (unsigned char)*b : 0;
}
