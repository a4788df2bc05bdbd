#ifndef AVQC_FFMPEG_SHIM_H
#define AVQC_FFMPEG_SHIM_H

// The only C that avqc sees. Swift does not import function-like macros or
// compound-literal constants, so the few that avqc needs are re-exported here
// as static inline functions and static const values with an avqc_ prefix.

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/video_enc_params.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

static inline int avqc_averror(int posix_error) { return AVERROR(posix_error); }
static const int AVQC_AVERROR_EOF = AVERROR_EOF;
static const int AVQC_AVERROR_EAGAIN = AVERROR(EAGAIN);
static const int AVQC_AVERROR_INVALIDDATA = AVERROR_INVALIDDATA;
static const int AVQC_AVERROR_DECODER_NOT_FOUND = AVERROR_DECODER_NOT_FOUND;
static const int AVQC_AVERROR_ENOMEM = AVERROR(ENOMEM);
static const int64_t AVQC_NOPTS_VALUE = AV_NOPTS_VALUE;
static const int AVQC_TIME_BASE = AV_TIME_BASE;

/// Pixel-format descriptor flags, as plain values.
static const uint64_t AVQC_PIX_FMT_FLAG_BE = AV_PIX_FMT_FLAG_BE;
static const uint64_t AVQC_PIX_FMT_FLAG_PAL = AV_PIX_FMT_FLAG_PAL;
static const uint64_t AVQC_PIX_FMT_FLAG_BITSTREAM = AV_PIX_FMT_FLAG_BITSTREAM;
static const uint64_t AVQC_PIX_FMT_FLAG_HWACCEL = AV_PIX_FMT_FLAG_HWACCEL;
static const uint64_t AVQC_PIX_FMT_FLAG_RGB = AV_PIX_FMT_FLAG_RGB;
static const uint64_t AVQC_PIX_FMT_FLAG_FLOAT = AV_PIX_FMT_FLAG_FLOAT;

/// The error text for an FFmpeg return code, written into `buffer`.
static inline void avqc_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0) {
        snprintf(buffer, size, "unknown error %d", code);
    }
}

/// The type of a frame's exported coding parameters (AVVideoEncParamsType), or -1.
static inline int avqc_quantizer_type(const AVFrameSideData *side) {
    if (side == NULL || side->size < sizeof(AVVideoEncParams)) return -1;
    return (int)((const AVVideoEncParams *)side->data)->type;
}

/// The area-weighted mean quantizer of a frame's exported coding parameters
/// (frame qp plus each block's delta), or -1 when there are none. A frame
/// without blocks has its frame qp.
static inline double avqc_mean_quantizer(const AVFrameSideData *side) {
    if (side == NULL || side->size < sizeof(AVVideoEncParams)) return -1;
    const AVVideoEncParams *par = (const AVVideoEncParams *)side->data;
    if (par->nb_blocks == 0) return par->type == AV_VIDEO_ENC_PARAMS_MPEG2 ? -1 : (double)par->qp;
    if (par->blocks_offset > side->size || par->block_size < sizeof(AVVideoBlockParams)
        || (side->size - par->blocks_offset) / par->block_size < par->nb_blocks) return -1;
    double weighted = 0, area = 0;
    for (unsigned int i = 0; i < par->nb_blocks; i++) {
        const AVVideoBlockParams *block =
            (const AVVideoBlockParams *)((const uint8_t *)par + par->blocks_offset + (size_t)i * par->block_size);
        double a = (double)block->w * (double)block->h;
        if (a <= 0) continue;
        weighted += a * (double)(par->qp + block->delta_qp);
        area += a;
    }
    return area > 0 ? weighted / area : -1;
}

#endif
