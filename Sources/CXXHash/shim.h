#ifndef SPECSPLIT_CXXHASH_SHIM_H
#define SPECSPLIT_CXXHASH_SHIM_H
#include <xxhash.h>
#endif
