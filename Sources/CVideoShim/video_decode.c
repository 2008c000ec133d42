// libavcodec behind a few calls Swift can make: the packets of an elementary stream found by
// libavcodec's parser, decoding from any packet, and the picture copied out as grey or RGB.
#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CVideoShim.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    /// Set when the parser handed back bytes that are not a plain range of the stream.
    uint8_t *copy;
    int key;
} packet_entry;

struct slicemark_video {
    AVCodecContext *context;
    AVFrame *frame;
    AVPacket *packet;
    struct SwsContext *scaler;
    packet_entry *packets;
    size_t packet_count;
    int has_frame;
};

static void say(char *message, size_t size, const char *what, int code) {
    if (!message || size == 0) return;
    if (code < 0) {
        char reason[AV_ERROR_MAX_STRING_SIZE] = {0};
        av_strerror(code, reason, sizeof reason);
        snprintf(message, size, "%s: %s", what, reason);
    } else {
        snprintf(message, size, "%s", what);
    }
}

static int append_packet(slicemark_video *v, size_t *capacity, const uint8_t *stream, size_t stream_size,
                         const uint8_t *out, int out_size, int key) {
    if (v->packet_count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 256;
        packet_entry *more = realloc(v->packets, grown * sizeof *more);
        if (!more) return 0;
        v->packets = more;
        *capacity = grown;
    }
    packet_entry entry = {out, (size_t)out_size, NULL, key};
    if (!(out >= stream && out + out_size <= stream + stream_size)) {
        entry.copy = malloc((size_t)out_size);
        if (!entry.copy) return 0;
        memcpy(entry.copy, out, (size_t)out_size);
        entry.data = entry.copy;
    }
    v->packets[v->packet_count++] = entry;
    return 1;
}

int slicemark_video_open(int codec, const uint8_t *data, size_t size, int64_t max_pixels,
                         slicemark_video **out, char *message, size_t message_size) {
    *out = NULL;
    // libavcodec's own log goes to stderr, which is the viewer's screen: a damaged stream
    // ("concealing … errors") would scribble over it. What went wrong comes back in `message`.
    av_log_set_level(AV_LOG_QUIET);
    enum AVCodecID id = codec == SLICEMARK_VIDEO_MPEG2 ? AV_CODEC_ID_MPEG2VIDEO
                      : codec == SLICEMARK_VIDEO_H264 ? AV_CODEC_ID_H264
                      : codec == SLICEMARK_VIDEO_HEVC ? AV_CODEC_ID_HEVC : AV_CODEC_ID_NONE;
    const AVCodec *decoder = avcodec_find_decoder(id);
    if (!decoder) { say(message, message_size, "this libavcodec has no decoder for the stream's codec", 0); return SLICEMARK_VIDEO_ERROR; }
    slicemark_video *v = calloc(1, sizeof *v);
    if (!v) { say(message, message_size, "out of memory", 0); return SLICEMARK_VIDEO_ERROR; }
    v->context = avcodec_alloc_context3(decoder);
    v->frame = av_frame_alloc();
    v->packet = av_packet_alloc();
    AVCodecParserContext *parser = av_parser_init(id);
    if (!v->context || !v->frame || !v->packet || !parser) {
        if (parser) av_parser_close(parser);
        slicemark_video_close(v);
        say(message, message_size, "out of memory", 0);
        return SLICEMARK_VIDEO_ERROR;
    }
    // One thread: pictures come out as soon as their packet is in, which keeps a seek short.
    v->context->thread_count = 1;
    if (max_pixels > 0) v->context->max_pixels = max_pixels;
    int code = avcodec_open2(v->context, decoder, NULL);
    if (code < 0) {
        av_parser_close(parser);
        slicemark_video_close(v);
        say(message, message_size, "libavcodec could not open its decoder", code);
        return SLICEMARK_VIDEO_ERROR;
    }

    size_t capacity = 0, position = 0;
    for (;;) {
        const uint8_t *unit = NULL;
        int unit_size = 0;
        int remaining = position < size ? (int)(size - position > INT32_MAX ? INT32_MAX : size - position) : 0;
        int used = av_parser_parse2(parser, v->context, (uint8_t **)&unit, &unit_size,
                                    remaining ? data + position : NULL, remaining,
                                    AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
        if (used < 0) {
            av_parser_close(parser);
            slicemark_video_close(v);
            say(message, message_size, "the stream cannot be split into pictures", used);
            return SLICEMARK_VIDEO_ERROR;
        }
        position += (size_t)used;
        if (unit_size > 0) {
            int key = parser->key_frame == 1 || parser->pict_type == AV_PICTURE_TYPE_I;
            if (!append_packet(v, &capacity, data, size, unit, unit_size, key)) {
                av_parser_close(parser);
                slicemark_video_close(v);
                say(message, message_size, "out of memory", 0);
                return SLICEMARK_VIDEO_ERROR;
            }
        } else if (remaining == 0) {
            break;
        }
    }
    av_parser_close(parser);
    if (v->packet_count == 0) {
        slicemark_video_close(v);
        say(message, message_size, "no picture was found in the stream", 0);
        return SLICEMARK_VIDEO_ERROR;
    }
    *out = v;
    return SLICEMARK_VIDEO_OK;
}

void slicemark_video_close(slicemark_video *v) {
    if (!v) return;
    for (size_t n = 0; n < v->packet_count; n++) free(v->packets[n].copy);
    free(v->packets);
    sws_freeContext(v->scaler);
    av_packet_free(&v->packet);
    av_frame_free(&v->frame);
    avcodec_free_context(&v->context);
    free(v);
}

size_t slicemark_video_packet_count(const slicemark_video *v) { return v->packet_count; }

int slicemark_video_packet_is_key(const slicemark_video *v, size_t index) {
    return index < v->packet_count && v->packets[index].key;
}

void slicemark_video_flush(slicemark_video *v) {
    avcodec_flush_buffers(v->context);
    v->has_frame = 0;
}

int slicemark_video_send(slicemark_video *v, size_t index, char *message, size_t message_size) {
    int code;
    if (index >= v->packet_count) {
        code = avcodec_send_packet(v->context, NULL);
        if (code == AVERROR_EOF) return SLICEMARK_VIDEO_OK;
    } else {
        av_packet_unref(v->packet);
        // Not reference counted: libavcodec copies the bytes into a padded buffer of its own.
        v->packet->data = (uint8_t *)v->packets[index].data;
        v->packet->size = (int)v->packets[index].size;
        v->packet->pts = (int64_t)index;
        v->packet->dts = (int64_t)index;
        code = avcodec_send_packet(v->context, v->packet);
        v->packet->data = NULL;
        v->packet->size = 0;
    }
    if (code == AVERROR(EAGAIN)) return SLICEMARK_VIDEO_AGAIN;
    // A damaged packet is skipped, as players do; the caller notices the missing picture.
    if (code == AVERROR_INVALIDDATA) return SLICEMARK_VIDEO_OK;
    if (code < 0) { say(message, message_size, "libavcodec refused a packet", code); return SLICEMARK_VIDEO_ERROR; }
    return SLICEMARK_VIDEO_OK;
}

int slicemark_video_receive(slicemark_video *v, slicemark_video_picture *picture, char *message, size_t message_size) {
    int code = avcodec_receive_frame(v->context, v->frame);
    if (code == AVERROR(EAGAIN)) { v->has_frame = 0; return SLICEMARK_VIDEO_AGAIN; }
    if (code == AVERROR_EOF) { v->has_frame = 0; return SLICEMARK_VIDEO_END; }
    if (code < 0) { v->has_frame = 0; say(message, message_size, "libavcodec could not decode a picture", code); return SLICEMARK_VIDEO_ERROR; }
    const AVPixFmtDescriptor *format = av_pix_fmt_desc_get((enum AVPixelFormat)v->frame->format);
    if (!format) { v->has_frame = 0; say(message, message_size, "a picture of an unknown pixel format", 0); return SLICEMARK_VIDEO_ERROR; }
    v->has_frame = 1;
    picture->width = v->frame->width;
    picture->height = v->frame->height;
    picture->bit_depth = format->comp[0].depth;
    picture->is_grey = format->nb_components < 3;
    picture->packet = v->frame->pts;
    return SLICEMARK_VIDEO_OK;
}

static int copy_luma(AVFrame *frame, int bytes_per_sample, uint8_t *output) {
    size_t row = (size_t)frame->width * (size_t)bytes_per_sample;
    for (int y = 0; y < frame->height; y++)
        memcpy(output + (size_t)y * row, frame->data[0] + (ptrdiff_t)y * frame->linesize[0], row);
    return 1;
}

int slicemark_video_copy(slicemark_video *v, int rgb, uint8_t *output, size_t output_size,
                         char *message, size_t message_size) {
    if (!v->has_frame) { say(message, message_size, "no picture to copy", 0); return SLICEMARK_VIDEO_ERROR; }
    AVFrame *frame = v->frame;
    const AVPixFmtDescriptor *format = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    int depth = format->comp[0].depth;
    int bytes = depth > 8 ? 2 : 1;
    size_t pixels = (size_t)frame->width * (size_t)frame->height;
    if (!rgb) {
        if (output_size < pixels * (size_t)bytes || (format->flags & AV_PIX_FMT_FLAG_RGB)) {
            say(message, message_size, "the picture does not fit the image the dataset describes", 0);
            return SLICEMARK_VIDEO_ERROR;
        }
        return copy_luma(frame, bytes, output) ? SLICEMARK_VIDEO_OK : SLICEMARK_VIDEO_ERROR;
    }
    if (output_size < pixels * 3 * (size_t)bytes) {
        say(message, message_size, "the picture does not fit the image the dataset describes", 0);
        return SLICEMARK_VIDEO_ERROR;
    }
    enum AVPixelFormat target = bytes == 2 ? AV_PIX_FMT_RGB48LE : AV_PIX_FMT_RGB24;
    v->scaler = sws_getCachedContext(v->scaler, frame->width, frame->height, (enum AVPixelFormat)frame->format,
                                     frame->width, frame->height, target, SWS_BILINEAR, NULL, NULL, NULL);
    if (!v->scaler) { say(message, message_size, "libswscale cannot convert this picture to RGB", 0); return SLICEMARK_VIDEO_ERROR; }
    int matrix = frame->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709
               : frame->colorspace == AVCOL_SPC_BT2020_NCL || frame->colorspace == AVCOL_SPC_BT2020_CL ? SWS_CS_BT2020
               : SWS_CS_DEFAULT;
    int full = frame->color_range == AVCOL_RANGE_JPEG || frame->format == AV_PIX_FMT_YUVJ420P
            || frame->format == AV_PIX_FMT_YUVJ422P || frame->format == AV_PIX_FMT_YUVJ444P;
    sws_setColorspaceDetails(v->scaler, sws_getCoefficients(matrix), full, sws_getCoefficients(SWS_CS_DEFAULT), 1,
                             0, 1 << 16, 1 << 16);
    uint8_t *planes[4] = {output, NULL, NULL, NULL};
    int strides[4] = {frame->width * 3 * bytes, 0, 0, 0};
    sws_scale(v->scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height, planes, strides);
    if (bytes == 2 && depth < 16) {
        // RGB48 spans 16 bits; the dataset's samples are at the picture's own depth.
        uint16_t *samples = (uint16_t *)output;
        int shift = 16 - depth;
        for (size_t n = 0; n < pixels * 3; n++) samples[n] = (uint16_t)(samples[n] >> shift);
    }
    return SLICEMARK_VIDEO_OK;
}
