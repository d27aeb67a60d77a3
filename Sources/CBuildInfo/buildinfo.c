#include "buildinfo.h"

// Package.swift defines SPECSPLIT_COMMIT as a string literal for this target only, so a new
// commit recompiles this file and relinks the binary, nothing more.
#ifndef SPECSPLIT_COMMIT
#define SPECSPLIT_COMMIT "unknown"
#endif

const char *specsplit_build_commit(void) { return SPECSPLIT_COMMIT; }
