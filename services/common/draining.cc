#include "services/common/draining.h"

#include <atomic>

namespace jiamei::services {
namespace {
std::atomic<bool> shutting_down{false};
}  // namespace

bool ShuttingDown() { return shutting_down.load(std::memory_order_acquire); }

void BeginShuttingDown() {
  shutting_down.store(true, std::memory_order_release);
}

}  // namespace jiamei::services
