#include "storage/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace jiamei::internal {

void AssertionFailed(const char* file, int line, const char* condition,
                     const char* message) {
  std::fprintf(stderr, "%s:%d: assertion failed: %s: %s\n", file, line,
               condition, message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace jiamei::internal
