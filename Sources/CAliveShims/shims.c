int alive_shims_placeholder(void) { return 0; }
