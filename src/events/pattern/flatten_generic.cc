// The portable on-demand backend (simdjson "fallback" unless the build targets more).
#define FLATTEN_BACKEND generic
#include "events/pattern/flatten_walk.inc"
