// libFuzzer's entry for programs that have their own main (LLVM 11 and later). SwiftPM gives
// every executable target its own renamed main, so libFuzzer's main is never linked; each
// target's @main calls this with its LLVMFuzzerTestOneInput.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
