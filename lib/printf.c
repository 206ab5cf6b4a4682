/* One formatter, two sinks: the console and a bounded buffer. */
#include "printf.h"
#include "console.h"

struct sink {
    void (*put)(struct sink *s, char c);
    char *buf;   /* buffer sink: where the next byte goes */
    size_t room; /* buffer sink: bytes left, the final NUL included */
    int count;   /* bytes produced, whether stored or not */
};

static void put_console(struct sink *s, char c)
{
    (void)s;
    console_putc(c);
}

static void put_buffer(struct sink *s, char c)
{
    if (s->room > 1) {
        *s->buf++ = c;
        s->room--;
    }
}

static void emit(struct sink *s, char c)
{
    s->put(s, c);
    s->count++;
}

static void emit_padded(struct sink *s, const char *text, int len, int width, int left, char pad)
{
    /* A '-' sign goes before zero padding: %05d of -42 is -0042. */
    if (pad == '0' && len > 0 && text[0] == '-') {
        emit(s, '-');
        text++;
        len--;
        width--;
    }
    for (int i = len; !left && i < width; i++)
        emit(s, pad);
    for (int i = 0; i < len; i++)
        emit(s, text[i]);
    for (int i = len; left && i < width; i++)
        emit(s, ' ');
}

/* Digits of v in base 10 or 16, into the end of buf; returns where they start. */
static char *format_number(char *end, unsigned long long v, int base, int upper, int negative)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = digits[v % (unsigned)base];
        v /= (unsigned)base;
    } while (v);
    if (negative)
        *--p = '-';
    return p;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    char num[24];
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        int left = 0, width = 0, longs = 0;
        char pad = ' ';
        fmt++;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = 1;
            else
                pad = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            longs++;
        if (left)
            pad = ' ';

        char *end = num + sizeof(num);
        const char *text;
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long long mag = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
            text = format_number(end, mag, 10, 0, v < 0);
            emit_padded(s, text, (int)(end - text), width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            text = format_number(end, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', 0);
            emit_padded(s, text, (int)(end - text), width, left, pad);
            break;
        }
        case 'p': {
            unsigned long v = (unsigned long)va_arg(ap, void *);
            text = format_number(end, v, 16, 0, 0);
            emit(s, '0');
            emit(s, 'x');
            emit_padded(s, text, (int)(end - text), width > 2 ? width - 2 : 0, left, pad);
            break;
        }
        case 's': {
            text = va_arg(ap, const char *);
            if (!text)
                text = "(null)";
            int len = 0;
            while (text[len])
                len++;
            emit_padded(s, text, len, width, left, ' ');
            break;
        }
        case 'c':
            num[0] = (char)va_arg(ap, int);
            emit_padded(s, num, 1, width, left, ' ');
            break;
        case '%':
            emit(s, '%');
            break;
        case '\0':
            return; /* a lone '%' at the end */
        default:
            /* Unknown conversion: print it as written so the mistake is visible. */
            emit(s, '%');
            emit(s, *fmt);
            break;
        }
    }
}

int vprintf_unlocked(const char *fmt, va_list ap)
{
    struct sink s = {.put = put_console};
    format(&s, fmt, ap);
    return s.count;
}

int vprintf(const char *fmt, va_list ap)
{
    console_lock();
    int n = vprintf_unlocked(fmt, ap);
    console_unlock();
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {.put = put_buffer, .buf = buf, .room = size};
    format(&s, fmt, ap);
    if (size > 0)
        *s.buf = '\0';
    return s.count;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
