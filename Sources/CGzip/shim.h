#ifndef SPECSPLIT_CZLIB_SHIM_H
#define SPECSPLIT_CZLIB_SHIM_H
#include <zlib.h>
#endif
