#include "storage/core/domain.h"

#include <utility>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "storage/core/assert.h"
#include "storage/core/canonical_writer.h"

namespace jiamei::storage {

absl::StatusOr<std::optional<EntryRecord>> Domain::Intercept(
    const Command&, const CheckContext&) const {
  return std::nullopt;
}

absl::Status Domain::Apply(const EntryRecord&, const ApplyContext&,
                           HeadRecord*) const {
  return absl::OkStatus();
}

absl::Status Domain::Observe(const EntryRecord&, const ApplyContext&) const {
  return absl::OkStatus();
}

void Domain::AccountOpened(const AccountOpening&, Views*) const {}

const google::protobuf::RepeatedPtrField<TransferBody>* Domain::ListedTransfers(
    const EntryRecord&) const {
  return nullptr;
}

void Domain::Transfers(const EntryRecord& entry,
                       std::vector<const TransferBody*>* out) const {
  const auto* listed = ListedTransfers(entry);
  if (listed == nullptr) return;
  for (const TransferBody& t : *listed) out->push_back(&t);
}

void Domain::OpenedAccounts(const EntryRecord&,
                            std::vector<const AccountOpening*>*) const {}

bool Domain::PlainTransfers() const { return false; }

const google::protobuf::Message& Domain::Body(const EntryRecord& entry) const {
  JIAMEI_ASSERT(entry.body_case() == body_case(),
                "an entry handed to a domain not its own");
  const google::protobuf::FieldDescriptor* field =
      EntryRecord::descriptor()->FindFieldByNumber(body_case());
  JIAMEI_ASSERT(field != nullptr, "a body case that is not a field");
  return EntryRecord::GetReflection()->GetMessage(entry, field);
}

void Domain::WriteBody(const EntryRecord& entry, CanonicalWriter* w) const {
  w->Uint(tag()).Message(Body(entry));
}

void Domain::WriteRequest(const Command& command, CanonicalWriter* w) const {
  const google::protobuf::Message* requested = command.op.message();
  JIAMEI_ASSERT(requested != nullptr,
                "the default WriteRequest needs a message command");
  w->Uint(tag()).Message(*requested);
}

DomainTable::DomainTable(std::vector<const Domain*> domains)
    : domains_(std::move(domains)) {
  for (const Domain* domain : domains_) {
    const size_t c = static_cast<size_t>(domain->body_case());
    JIAMEI_ASSERT(c != 0, "a domain without a body case");
    if (by_case_.size() <= c) by_case_.resize(c + 1, nullptr);
    JIAMEI_ASSERT(by_case_[c] == nullptr, "two domains of one body case");
    by_case_[c] = domain;
    for (const Domain* other : domains_) {
      JIAMEI_ASSERT(other == domain || other->tag() != domain->tag(),
                    "two domains of one canonical tag");
    }
  }
}

const Domain* DomainTable::ForEntry(const EntryRecord& entry) const {
  const size_t c = static_cast<size_t>(entry.body_case());
  return c < by_case_.size() ? by_case_[c] : nullptr;
}

const Domain* DomainTable::OwnerOf(const Command& command) const {
  for (const Domain* domain : domains_) {
    if (domain->Owns(command)) return domain;
  }
  return nullptr;
}

}  // namespace jiamei::storage
