#ifndef ALIVE_SHIMS_H
#define ALIVE_SHIMS_H
int alive_shims_placeholder(void);
#endif
