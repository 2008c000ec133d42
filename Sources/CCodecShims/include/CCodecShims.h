#ifndef SLICEMARK_CCODECSHIMS_H
#define SLICEMARK_CCODECSHIMS_H

#include <stddef.h>

/// What libjpeg found in a stream's headers.
typedef struct {
    int width;
    int height;
    int components;
    int precision;
    /// libjpeg's J_COLOR_SPACE of the coded data and of the output (1 grey, 2 RGB, 3 YCbCr).
    int coded_color_space;
    int output_color_space;
    int saw_jfif;
    int saw_adobe;
    int adobe_transform;
} slicemark_jpeg_info;

enum {
    SLICEMARK_JPEG_OK = 0,
    /// libjpeg refused the stream; `message` says why.
    SLICEMARK_JPEG_ERROR = 1,
    /// The header was read (see `info`) but the image does not fill `output_size` bytes.
    SLICEMARK_JPEG_SIZE_MISMATCH = 2,
};

/// Decodes one 8-bit DCT JPEG image into `output` (rows top to bottom, samples interleaved).
/// libjpeg reports errors by longjmp, which Swift cannot catch; this wrapper turns them (and
/// the warnings that mean the data is cut short) into a return code and a message.
/// `keep_ycbcr` leaves YCbCr-coded data as YCbCr instead of converting it to RGB. Without it,
/// three components are converted only when a JFIF marker or an Adobe marker with a colour
/// transform says they are YCbCr; otherwise they are taken to be RGB already.
/// Safe to call from several threads at once: all state is on this call's stack.
int slicemark_jpeg_decode(const unsigned char *data, size_t size, int keep_ycbcr,
                          unsigned char *output, size_t output_size,
                          slicemark_jpeg_info *info, char *message, size_t message_size);

enum {
    SLICEMARK_OPJ_OK = 0,
    /// OpenJPEG returned failure (its error handler said why).
    SLICEMARK_OPJ_FAILED = 1,
    /// OpenJPEG hit one of its assert()s on this data: the codec, stream and image must be
    /// left alone from now on (not used, not destroyed).
    SLICEMARK_OPJ_ABORTED = 2,
};

/// opj_read_header, opj_decode and opj_end_decompress with an abort() inside OpenJPEG turned
/// into SLICEMARK_OPJ_ABORTED instead of ending the process. The arguments are OpenJPEG's
/// (`opj_codec_t *`, `opj_stream_t *`, `opj_image_t *`), passed untyped so that this header
/// need not include OpenJPEG's. Safe to call from several threads at once.
int slicemark_opj_read_header(void *codec, void *stream, void **image);
int slicemark_opj_decode(void *codec, void *stream, void *image);
int slicemark_opj_end_decompress(void *codec, void *stream);

#endif
