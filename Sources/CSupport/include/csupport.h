#ifndef SPECSPLIT_CSUPPORT_H
#define SPECSPLIT_CSUPPORT_H

/// Atomically exchanges two paths (renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set (EINVAL or ENOSYS where unsupported).
int specsplit_rename_exchange(const char *from, const char *to);

/// libcsv's space test for specsplit: nothing is a space, so no field is trimmed.
/// In C because libcsv calls it for nearly every byte.
int specsplit_no_space(unsigned char c);

#endif
