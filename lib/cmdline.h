/* The kernel command line (/chosen/bootargs, QEMU's -append): words of the form key=value. */
#ifndef KMEM_CMDLINE_H
#define KMEM_CMDLINE_H

#define CMDLINE_MAX_WORDS 32

/* Splits bootargs into key=value words. Returns 0, or -1 after printing what is wrong
   (a word without '=', or too many words). */
int cmdline_parse(const char *bootargs);

/* The value given for key, or 0 if the command line does not name it. */
const char *cmdline_get(const char *key);

/* The n-th key on the command line (for rejecting unknown ones), or 0 past the end. */
const char *cmdline_key(int n);

/* Parses a decimal or 0x-prefixed number; returns 0 on success, -1 if s is not one. */
int parse_ulong(const char *s, unsigned long *out);

#endif
