#ifndef SPECSPLIT_CSUPPORT_H
#define SPECSPLIT_CSUPPORT_H

#include <stddef.h>

/// Atomically exchanges two paths (renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set (EINVAL or ENOSYS where unsupported).
int specsplit_rename_exchange(const char *from, const char *to);

/// Flushes stdio's standard output (what Swift's print wrote) and reports whether any
/// write to it failed, now or earlier: 0, or the errno of the failure (EIO when it is no
/// longer known). Clears the error. In C because `stdout` is a C global.
int specsplit_flush_stdout(void);

/// libcsv's space test for specsplit: nothing is a space, so no field is trimmed.
/// In C because libcsv calls it for nearly every byte.
int specsplit_no_space(unsigned char c);

/// True (1) when libcsv's default space handling would read `bytes` exactly as
/// `specsplit_no_space` does, so the per-byte space test can be left out for this chunk.
///
/// libcsv's default skips spaces and tabs before a field, trims them after an unquoted
/// field and allows them after a closing quote. None of that can happen unless a space
/// or tab outside quotes touches a comma, quote, CR, LF, another space or tab, or the
/// chunk's edge, so the answer is 1 when no such space or tab does. Inside a quoted field
/// libcsv never asks whether a byte is a space. Whether a byte is inside quotes is told by
/// the parity of the quotes before it in the chunk, starting from `quoted` (the chunk
/// starts inside a quoted field); that holds while the rows are well formed, and a stray
/// quote stops libcsv with an error, after which the caller must test spaces for the rest
/// of the chunk. `previous` is the byte before the chunk (-1 at the start of the input,
/// which counts as a line start).
int specsplit_spaces_are_inner(const unsigned char *bytes, size_t length, int previous, int quoted);

/// The number of quote bytes (`"`) in the `length` bytes at `bytes`, 16 or more a step
/// (Swift's `nonzeroBitCount` is a long bit trick on baseline x86-64, without POPCNT).
size_t specsplit_count_quotes(const unsigned char *bytes, size_t length);

/// A hint to bring the cache line at `address` closer before it is read (no effect on
/// results; an invalid address does not fault). Inlined into Swift callers.
static inline void specsplit_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// The same hint for the `length` bytes from `start`, a 64-byte cache line at a time.
static inline void specsplit_prefetch_range(const void *start, size_t length) {
    for (size_t offset = 0; offset < length; offset += 64) __builtin_prefetch((const char *)start + offset, 0, 3);
}

#endif
