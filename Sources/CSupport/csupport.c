#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csupport.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int specsplit_rename_exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int specsplit_flush_stdout(void) {
    errno = 0;
    int failed = fflush(stdout) != 0;
    int code = errno;
    if (ferror(stdout)) failed = 1;
    clearerr(stdout);
    if (!failed) return 0;
    return code != 0 ? code : EIO;
}

int specsplit_no_space(unsigned char c) {
    (void)c;
    return 0;
}

/* A byte that, before a space or tab, could make libcsv's default treat it specially:
 * a field start (comma, CR, LF), a closing quote, or part of a run of spaces. */
static int touches_before(unsigned char c) {
    return c == ',' || c == '\r' || c == '\n' || c == '"' || c == ' ' || c == '\t';
}

/* A byte that, after a space or tab, could make it trailing (or part of a run). */
static int touches_after(unsigned char c) {
    return c == ',' || c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/* The number of quote bytes in [from, to). Counted into a byte in runs of 255, so the
 * compiler vectorises the inner loop with byte lanes (a wider counter gets 4 bytes a step). */
static size_t count_quotes(const unsigned char *from, const unsigned char *to) {
    size_t count = 0;
    while (from < to) {
        size_t run = (size_t)(to - from);
        if (run > 255) run = 255;
        unsigned char quotes = 0;
        for (size_t i = 0; i < run; i++) quotes += from[i] == '"';
        count += quotes;
        from += run;
    }
    return count;
}

size_t specsplit_count_quotes(const unsigned char *bytes, size_t length) {
    return count_quotes(bytes, bytes + length);
}

int specsplit_spaces_are_inner(const unsigned char *bytes, size_t length, int previous, int quoted) {
    static const unsigned char needles[2] = {' ', '\t'};
    for (int n = 0; n < 2; n++) {
        const unsigned char *from = bytes;
        const unsigned char *end = bytes + length;
        const unsigned char *hit;
        /* Quote parity is counted lazily, only up to a space that touches something. */
        const unsigned char *counted = bytes;
        size_t quotes = quoted ? 1 : 0;
        while (from < end && (hit = memchr(from, needles[n], (size_t)(end - from))) != NULL) {
            size_t i = (size_t)(hit - bytes);
            unsigned char before = i > 0 ? bytes[i - 1] : (previous < 0 ? '\n' : (unsigned char)previous);
            if (i + 1 >= length || touches_before(before) || touches_after(bytes[i + 1])) {
                quotes += count_quotes(counted, hit);
                counted = hit;
                if ((quotes & 1) == 0) return 0;
            }
            from = hit + 1;
        }
    }
    return 1;
}
