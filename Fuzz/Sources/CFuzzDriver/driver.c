// Nothing to define: the header declares libFuzzer's driver for Swift.
#include "CFuzzDriver.h"
