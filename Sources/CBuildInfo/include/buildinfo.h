#ifndef SPECSPLIT_BUILDINFO_H
#define SPECSPLIT_BUILDINFO_H

/// The git commit this binary was built from ("unknown" outside a git checkout), with
/// "-dirty" appended when the work tree had uncommitted changes. Set by Package.swift.
const char *specsplit_build_commit(void);

#endif
