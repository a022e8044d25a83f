#ifndef WARP_PEER_H
#define WARP_PEER_H
/// Plain C bilinear backward warp over float RGBA, the same map and clamping as alive's
/// kernel: source position = (a*x + b*y + c, d*x + e*y + f) at output pixel centres.
void warp_peer_affine(const float *src, int sw, int sh, float *dst, int dw, int dh,
                      float a, float b, float c, float d, float e, float f);
#endif
