// libjpeg under setjmp; see include/alive_shims.h for why this file exists.
#include "alive_shims.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <jpeglib.h>

struct alive_jpeg {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr error;
    jmp_buf recover;
    char message[JMSG_LENGTH_MAX];
};

static struct alive_jpeg *owner(j_common_ptr cinfo) {
    // cinfo is the first member of struct alive_jpeg.
    return (struct alive_jpeg *)cinfo;
}

static void fail(j_common_ptr cinfo) {
    struct alive_jpeg *jpeg = owner(cinfo);
    (*cinfo->err->format_message)(cinfo, jpeg->message);
    longjmp(jpeg->recover, 1);
}

// msg_level -1 is a warning: libjpeg would carry on and fill the damaged part with grey.
// Levels 0 and above are trace output, which we drop.
static void emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level < 0) fail(cinfo);
}

static int is_exif(jpeg_saved_marker_ptr marker) {
    return marker->marker == JPEG_APP0 + 1 && marker->data_length >= 6 &&
           memcmp(marker->data, "Exif\0\0", 6) == 0;
}

alive_jpeg *alive_jpeg_create(const unsigned char *data, size_t size) {
    struct alive_jpeg *jpeg = calloc(1, sizeof *jpeg);
    if (jpeg == NULL) return NULL;
    jpeg->cinfo.err = jpeg_std_error(&jpeg->error);
    jpeg->error.error_exit = fail;
    jpeg->error.emit_message = emit_message;
    if (setjmp(jpeg->recover)) {
        // jpeg_create_decompress failed (out of memory): nothing to keep.
        jpeg_destroy_decompress(&jpeg->cinfo);
        free(jpeg);
        return NULL;
    }
    jpeg_create_decompress(&jpeg->cinfo);
    jpeg_mem_src(&jpeg->cinfo, data, (unsigned long)size);
    return jpeg;
}

void alive_jpeg_destroy(alive_jpeg *jpeg) {
    if (jpeg == NULL) return;
    jpeg_destroy_decompress(&jpeg->cinfo);
    free(jpeg);
}

const char *alive_jpeg_message(const alive_jpeg *jpeg) { return jpeg->message; }

int alive_jpeg_read_header(alive_jpeg *jpeg, alive_jpeg_header *header) {
    struct jpeg_decompress_struct *cinfo = &jpeg->cinfo;
    if (setjmp(jpeg->recover)) return -1;
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);

    memset(header, 0, sizeof *header);
    header->width = (int)cinfo->image_width;
    header->height = (int)cinfo->image_height;
    header->saw_adobe_marker = cinfo->saw_Adobe_marker ? 1 : 0;
    // libjpeg converts YCCK to CMYK but has no CMYK to RGB conversion: Swift does that.
    header->is_cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
    cinfo->out_color_space = header->is_cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next) {
        if (is_exif(m)) {
            header->exif = m->data;
            header->exif_length = m->data_length;
            break;
        }
    }
    return 0;
}

int alive_jpeg_set_scale(alive_jpeg *jpeg, int eighths, int *out_width, int *out_height) {
    struct jpeg_decompress_struct *cinfo = &jpeg->cinfo;
    if (setjmp(jpeg->recover)) return -1;
    cinfo->scale_num = (unsigned int)eighths;
    cinfo->scale_denom = 8;
    jpeg_calc_output_dimensions(cinfo);
    *out_width = (int)cinfo->output_width;
    *out_height = (int)cinfo->output_height;
    return 0;
}

int alive_jpeg_start(alive_jpeg *jpeg) {
    if (setjmp(jpeg->recover)) return -1;
    jpeg_start_decompress(&jpeg->cinfo);
    return 0;
}

int alive_jpeg_read_rows(alive_jpeg *jpeg, unsigned char *rows, size_t row_bytes, int count) {
    struct jpeg_decompress_struct *cinfo = &jpeg->cinfo;
    if (setjmp(jpeg->recover)) return -1;
    JDIMENSION first = cinfo->output_scanline;
    JDIMENSION end = first + (JDIMENSION)count;
    if (end > cinfo->output_height) end = cinfo->output_height;
    // Offer several rows a call: 2x2 subsampled data upsamples two rows at once.
    JSAMPROW row[8];
    while (cinfo->output_scanline < end) {
        JDIMENSION next = cinfo->output_scanline, offered = end - next;
        if (offered > 8) offered = 8;
        for (JDIMENSION i = 0; i < offered; i++) row[i] = rows + (size_t)(next - first + i) * row_bytes;
        jpeg_read_scanlines(cinfo, row, offered);
    }
    return 0;
}

int alive_jpeg_finish(alive_jpeg *jpeg) {
    if (setjmp(jpeg->recover)) return -1;
    jpeg_finish_decompress(&jpeg->cinfo);
    return 0;
}
