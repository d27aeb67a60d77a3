#ifndef SPECSPLIT_CZLIB_SHIM_H
#define SPECSPLIT_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 for one gzip member (a macro in zlib.h, so not callable from Swift).
static inline int specsplit_inflate_init_gzip(z_streamp stream) { return inflateInit2(stream, 15 + 16); }
#endif
