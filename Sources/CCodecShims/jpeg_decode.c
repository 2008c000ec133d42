#include "CCodecShims.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *message;
    size_t message_size;
} error_manager;

static void fail(j_common_ptr cinfo) {
    error_manager *errors = (error_manager *)cinfo->err;
    if (errors->message_size > 0) {
        char text[JMSG_LENGTH_MAX];
        errors->base.format_message(cinfo, text);
        snprintf(errors->message, errors->message_size, "%s", text);
    }
    longjmp(errors->escape, 1);
}

/// Warnings that mean the entropy-coded data is cut short become errors: libjpeg would
/// otherwise pad the image with grey and call it decoded.
static void emit(j_common_ptr cinfo, int level) {
    if (level < 0) {
        int code = cinfo->err->msg_code;
        if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC) fail(cinfo);
        cinfo->err->num_warnings++;
    }
}

static void silent(j_common_ptr cinfo) { (void)cinfo; }

int slicemark_jpeg_decode(const unsigned char *data, size_t size, int keep_ycbcr,
                          unsigned char *output, size_t output_size,
                          slicemark_jpeg_info *info, char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    error_manager errors;
    memset(info, 0, sizeof(*info));
    cinfo.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = fail;
    errors.base.emit_message = emit;
    errors.base.output_message = silent;
    errors.message = message;
    errors.message_size = message_size;
    if (message_size > 0) message[0] = 0;

    if (setjmp(errors.escape)) {
        jpeg_destroy_decompress(&cinfo);
        return SLICEMARK_JPEG_ERROR;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);

    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->precision = cinfo.data_precision;
    info->coded_color_space = cinfo.jpeg_color_space;
    info->saw_jfif = cinfo.saw_JFIF_marker;
    info->saw_adobe = cinfo.saw_Adobe_marker;
    info->adobe_transform = cinfo.Adobe_transform;
    if (cinfo.num_components == 3 && cinfo.jpeg_color_space == JCS_YCbCr) {
        int declared = cinfo.saw_JFIF_marker || (cinfo.saw_Adobe_marker && cinfo.Adobe_transform != 0);
        if (keep_ycbcr) {
            cinfo.out_color_space = JCS_YCbCr;
        } else if (!declared) {
            /* libjpeg guesses YCbCr for three components with no JFIF or Adobe marker; the
               dataset says RGB, and pydicom's decoders leave such data alone too. */
            cinfo.jpeg_color_space = JCS_RGB;
            cinfo.out_color_space = JCS_RGB;
        }
    }
    info->output_color_space = cinfo.out_color_space;

    jpeg_calc_output_dimensions(&cinfo);
    size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    if (row_bytes * cinfo.output_height != output_size) {
        jpeg_destroy_decompress(&cinfo);
        return SLICEMARK_JPEG_SIZE_MISMATCH;
    }

    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = output + (size_t)cinfo.output_scanline * row_bytes;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return SLICEMARK_JPEG_OK;
}
