#ifndef SPECSPLIT_CXXHASH_SHIM_H
#define SPECSPLIT_CXXHASH_SHIM_H
#include <xxhash.h>
/* XXH3_128bits_update_dispatch: the same digest, by the widest vector unit the CPU has
   (SSE2, AVX2 or AVX-512), chosen at run time; Debian's libxxhash0 exports it. */
#include <xxh_x86dispatch.h>
#endif
