#ifndef SPECSPLIT_CLIBCSV_SHIM_H
#define SPECSPLIT_CLIBCSV_SHIM_H
#include <csv.h>
#endif
