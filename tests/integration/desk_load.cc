#include "tests/integration/desk_load.h"

namespace jiamei::testing {

DeskLoad::DeskLoad(LedgerClient* client, int desks, int max_per_desk,
                   int amount_cycle)
    : client_(client),
      max_per_desk_(max_per_desk),
      amount_cycle_(amount_cycle),
      sent_(desks) {
  issuance_ =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  for (int d = 0; d < desks; ++d) {
    households_.push_back(client_->MustOpenAccount(
        v1::ACCOUNT_KIND_HOUSEHOLD, "Household " + std::to_string(d)));
  }
}

DeskLoad::~DeskLoad() { Join(); }

void DeskLoad::Start() {
  for (size_t d = 0; d < households_.size(); ++d) {
    threads_.emplace_back([this, d] { Desk(static_cast<int>(d)); });
  }
}

void DeskLoad::Desk(int desk) {
  for (int i = 0; i < max_per_desk_; ++i) {
    SentTransfer item;
    item.request = client_->TransferRequest(issuance_, households_[desk],
                                            1 + i % amount_cycle_);
    item.request.set_memo("desk " + std::to_string(desk));
    const Reply<v1::Transfer> reply = client_->CreateTransfer(item.request);
    item.code = reply.status.error_code();
    item.sequence = reply.value.sequence();
    sent_[desk].push_back(item);
    if (!reply.ok()) break;
    std::lock_guard<std::mutex> lock(mutex_);
    ++acknowledged_;
    changed_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++stopped_desks_;
  changed_.notify_all();
}

bool DeskLoad::WaitForAcknowledged(int count, std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  const int desks = static_cast<int>(households_.size());
  return changed_.wait_for(lock, timeout, [&] {
    return acknowledged_ >= count || stopped_desks_ == desks;
  }) && acknowledged_ >= count;
}

void DeskLoad::Join() {
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

}  // namespace jiamei::testing
