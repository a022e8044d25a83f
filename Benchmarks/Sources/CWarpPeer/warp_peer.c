#include "warp_peer.h"

static inline float clampf(float v, float hi) { return v < 0 ? 0 : (v > hi ? hi : v); }

void warp_peer_affine(const float *src, int sw, int sh, float *dst, int dw, int dh,
                      float a, float b, float c, float d, float e, float f) {
    const float limx = (float)(sw - 1), limy = (float)(sh - 1);
    for (int y = 0; y < dh; y++) {
        const float cy = (float)y + 0.5f;
        float *out = dst + (long)y * dw * 4;
        for (int x = 0; x < dw; x++) {
            const float cx = (float)x + 0.5f;
            const float fx = clampf(a * cx + b * cy + c - 0.5f, limx);
            const float fy = clampf(d * cx + e * cy + f - 0.5f, limy);
            int ix = (int)fx, iy = (int)fy;
            if (ix > sw - 2) ix = sw - 2;
            if (iy > sh - 2) iy = sh - 2;
            const float tx = fx - (float)ix, ty = fy - (float)iy;
            const float *p = src + ((long)iy * sw + ix) * 4;
            const float *q = p + (long)sw * 4;
            for (int k = 0; k < 4; k++) {
                const float top = p[k] + (p[k + 4] - p[k]) * tx;
                const float bottom = q[k] + (q[k + 4] - q[k]) * tx;
                out[x * 4 + k] = top + (bottom - top) * ty;
            }
        }
    }
}
