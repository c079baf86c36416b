// The AVX2 on-demand backend; CMake compiles this file alone with -mavx2 -mbmi -mpclmul
// -mlzcnt, and flatten.cc only calls it on CPUs that have them.
#define FLATTEN_BACKEND haswell
#include "events/pattern/flatten_walk.inc"
