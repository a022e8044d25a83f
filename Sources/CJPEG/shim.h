#ifndef CJPEG_SHIM_H
#define CJPEG_SHIM_H
// jpeglib.h needs <stdio.h> (FILE, size_t) before it; it does not include it itself.
#include <stdio.h>
#include <jpeglib.h>
#endif
