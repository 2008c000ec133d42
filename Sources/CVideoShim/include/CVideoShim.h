#ifndef SLICEMARK_CVIDEOSHIM_H
#define SLICEMARK_CVIDEOSHIM_H

#include <stddef.h>
#include <stdint.h>

/// One elementary video stream (MPEG-2, H.264 or HEVC) decoded with libavcodec. The stream is
/// split into access units once (libavcodec's parser), then decoded packet by packet from any
/// packet the caller chooses: each packet is sent with its index as its timestamp, so every
/// picture that comes out says which packet it was coded in.
/// The stream bytes are not copied: they must outlive the handle. One handle is used by one
/// thread at a time; different handles are independent.
typedef struct slicemark_video slicemark_video;

enum {
    SLICEMARK_VIDEO_MPEG2 = 1,
    SLICEMARK_VIDEO_H264 = 2,
    SLICEMARK_VIDEO_HEVC = 3,
};

enum {
    SLICEMARK_VIDEO_OK = 0,
    /// libavcodec refused the stream or a packet; `message` says why.
    SLICEMARK_VIDEO_ERROR = 1,
    /// `receive`: no picture is ready; send the next packet.
    SLICEMARK_VIDEO_AGAIN = 2,
    /// `receive`: every picture of what was sent has come out.
    SLICEMARK_VIDEO_END = 3,
};

/// What a decoded picture is.
typedef struct {
    int width;
    int height;
    /// Bits of each sample (8, 10, 12).
    int bit_depth;
    /// 1 when the picture has no colour planes (4:0:0).
    int is_grey;
    /// The packet it was coded in.
    int64_t packet;
} slicemark_video_picture;

/// Parses `data` into packets and opens a decoder. On failure `*out` is NULL and `message`
/// says why. `max_pixels` (0: no bound) is the largest picture libavcodec may allocate: a
/// stream can claim any size, and a picture far larger than the dataset's would be refused
/// anyway, after costing its memory (a picture over the bound never comes out).
int slicemark_video_open(int codec, const uint8_t *data, size_t size, int64_t max_pixels,
                         slicemark_video **out, char *message, size_t message_size);
void slicemark_video_close(slicemark_video *video);

size_t slicemark_video_packet_count(const slicemark_video *video);
/// 1 when packet `index` starts with a picture decodable on its own (IDR/IRAP, or an I picture).
int slicemark_video_packet_is_key(const slicemark_video *video, size_t index);

/// Drops every picture held in the decoder: the next packet sent starts afresh.
void slicemark_video_flush(slicemark_video *video);
/// Sends packet `index`; past the last packet, tells the decoder the stream ended.
int slicemark_video_send(slicemark_video *video, size_t index, char *message, size_t message_size);
/// Takes the next picture out, if one is ready (see the return codes); it stays the current
/// picture until the next call.
int slicemark_video_receive(slicemark_video *video, slicemark_video_picture *picture,
                            char *message, size_t message_size);
/// Copies the current picture into `output`, rows top to bottom: `rgb` 0 writes the luma
/// plane as it is (one sample a pixel), 1 converts to RGB (three interleaved samples), with
/// the picture's own matrix and range (BT.601 limited range when the stream says none).
/// Samples are 1 byte for 8-bit pictures, else 2 bytes little-endian at the picture's depth.
int slicemark_video_copy(slicemark_video *video, int rgb, uint8_t *output, size_t output_size,
                         char *message, size_t message_size);

#endif
