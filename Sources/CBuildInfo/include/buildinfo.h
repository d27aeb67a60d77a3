#ifndef SPECSPLIT_BUILDINFO_H
#define SPECSPLIT_BUILDINFO_H

/// The git commit this binary was built from, with "-dirty" appended when the work tree had
/// changes; "unknown" for a plain `swift build`. Package.swift sets it from SPECSPLIT_COMMIT.
const char *specsplit_build_commit(void);

#endif
