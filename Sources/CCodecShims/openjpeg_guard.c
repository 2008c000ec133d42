// OpenJPEG (Debian's libopenjp2 2.5.0) checks some codestream invariants with assert(), so a
// damaged High-Throughput JPEG 2000 frame aborts the whole process (found by FuzzOpenJPEG:
// Fuzz/crashes/FuzzOpenJPEG). These wrappers run one OpenJPEG call with SIGABRT caught on the
// calling thread: glibc's abort() releases its lock and raises SIGABRT, and a handler may
// leave with siglongjmp (glibc allows exactly this). The codec is then in an unknown state:
// the caller must not use or destroy it again (it is leaked, once per damaged frame).
#include <openjpeg-2.5/openjpeg.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "CCodecShims.h"

static __thread sigjmp_buf *guard_point;
static struct sigaction previous_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void on_abort(int signal_number, siginfo_t *info, void *context) {
    sigjmp_buf *point = guard_point;
    if (point) {
        guard_point = NULL;
        siglongjmp(*point, 1);
    }
    // Not inside a guarded call: behave as before (the Swift runtime's crash report, or die).
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction) { previous_action.sa_sigaction(signal_number, info, context); return; }
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN) {
        previous_action.sa_handler(signal_number);
        return;
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_abort;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGABRT, &action, &previous_action);
}

enum { CALL_READ_HEADER, CALL_DECODE, CALL_END };

static int guarded(int call, void *codec, void *stream, void **image) {
    pthread_once(&install_once, install);
    sigjmp_buf point;
    if (sigsetjmp(point, 1) != 0) return SLICEMARK_OPJ_ABORTED;
    guard_point = &point;
    OPJ_BOOL ok = OPJ_FALSE;
    switch (call) {
    case CALL_READ_HEADER: ok = opj_read_header((opj_stream_t *)stream, (opj_codec_t *)codec, (opj_image_t **)image); break;
    case CALL_DECODE: ok = opj_decode((opj_codec_t *)codec, (opj_stream_t *)stream, (opj_image_t *)*image); break;
    case CALL_END: ok = opj_end_decompress((opj_codec_t *)codec, (opj_stream_t *)stream); break;
    }
    guard_point = NULL;
    return ok ? SLICEMARK_OPJ_OK : SLICEMARK_OPJ_FAILED;
}

int slicemark_opj_read_header(void *codec, void *stream, void **image) {
    return guarded(CALL_READ_HEADER, codec, stream, image);
}

int slicemark_opj_decode(void *codec, void *stream, void *image) {
    void *slot = image;
    return guarded(CALL_DECODE, codec, stream, &slot);
}

int slicemark_opj_end_decompress(void *codec, void *stream) {
    return guarded(CALL_END, codec, stream, NULL);
}
