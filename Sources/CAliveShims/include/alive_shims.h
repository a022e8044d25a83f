#ifndef ALIVE_SHIMS_H
#define ALIVE_SHIMS_H

#include <stddef.h>

// A libjpeg decompressor that reports failure by return value instead of exiting.
//
// Why this is C: libjpeg reports a fatal error by calling error_exit, which must not
// return; the only way back is longjmp to a setjmp in the caller. Swift cannot hold a
// jmp_buf or survive a longjmp through its frames, so every libjpeg call that can fail
// runs in one of the functions below, under setjmp. Warnings (corrupt entropy data,
// premature end of file) take the same path: a damaged JPEG fails instead of decoding
// to a grey-filled half image.
//
// Pixel policy (size limits, scale choice, CMYK conversion, orientation) stays in Swift.
// Every function returns 0 on success and -1 on failure; alive_jpeg_message then says why.
// After a failure the only valid calls are alive_jpeg_message and alive_jpeg_destroy.

typedef struct alive_jpeg alive_jpeg;

typedef struct alive_jpeg_header {
    /// Stored size in pixels, before EXIF orientation and DCT scaling.
    int width;
    int height;
    /// 1 when the data is CMYK or YCCK: the output is then CMYK, 4 bytes a pixel.
    /// Otherwise the output is RGBA with alpha 255.
    int is_cmyk;
    /// 1 when an Adobe APP14 marker was present: Adobe CMYK is stored inverted.
    int saw_adobe_marker;
    /// The payload of the first APP1 marker that starts with "Exif\0\0", or NULL.
    /// Owned by the decompressor; valid until alive_jpeg_destroy.
    const unsigned char *exif;
    size_t exif_length;
} alive_jpeg_header;

/// A decompressor reading `size` bytes at `data`, which must stay valid and unchanged
/// until alive_jpeg_destroy. NULL only when memory runs out.
alive_jpeg *alive_jpeg_create(const unsigned char *data, size_t size);
void alive_jpeg_destroy(alive_jpeg *jpeg);
/// The last error or warning, or "" when there was none.
const char *alive_jpeg_message(const alive_jpeg *jpeg);

/// Reads the markers up to the first scan. Allocates nothing proportional to the image.
int alive_jpeg_read_header(alive_jpeg *jpeg, alive_jpeg_header *header);
/// Chooses DCT scaling of `eighths`/8 (1...8) and reports the output size.
int alive_jpeg_set_scale(alive_jpeg *jpeg, int eighths, int *out_width, int *out_height);
/// Starts decompression: from here on libjpeg holds buffers for the chosen output size
/// (and, for a progressive JPEG, every coefficient of the image).
int alive_jpeg_start(alive_jpeg *jpeg);
/// Decodes the next `count` rows (no more than remain) into `rows`, `row_bytes` apart,
/// 4 bytes a pixel. Rows come in strips so the caller can convert or turn them while
/// they are in cache.
int alive_jpeg_read_rows(alive_jpeg *jpeg, unsigned char *rows, size_t row_bytes, int count);
/// Reads on to the end of the image, so damage after the last row still fails.
int alive_jpeg_finish(alive_jpeg *jpeg);

#endif
