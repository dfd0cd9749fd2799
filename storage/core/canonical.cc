#include "storage/core/canonical.h"

#include <openssl/evp.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"
#include "storage/core/keys.h"

namespace jiamei::storage {
namespace {

class CanonicalWriter {
 public:
  explicit CanonicalWriter(absl::string_view domain) { String(domain); }

  CanonicalWriter& Uint(uint64_t value) {
    AppendBigEndian64(value, &out_);
    return *this;
  }
  CanonicalWriter& Int(int64_t value) {
    return Uint(static_cast<uint64_t>(value));
  }
  CanonicalWriter& String(absl::string_view value) {
    Uint(value.size());
    out_.append(value.data(), value.size());
    return *this;
  }

  // A message, field by field: the number of fields set, then for each, in
  // field-number order, its number and value (repeated fields: count, then
  // the values). Unset proto3 fields are left out, so adding a field to a
  // record does not change the hash of records written before it.
  CanonicalWriter& Message(const google::protobuf::Message& message) {
    const google::protobuf::Reflection* reflection = message.GetReflection();
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);  // sorted by number
    Uint(fields.size());
    for (const google::protobuf::FieldDescriptor* field : fields) {
      Uint(static_cast<uint64_t>(field->number()));
      if (!field->is_repeated()) {
        Field(message, field, -1);
        continue;
      }
      const int size = reflection->FieldSize(message, field);
      Uint(static_cast<uint64_t>(size));
      for (int i = 0; i < size; ++i) Field(message, field, i);
    }
    return *this;
  }

  std::string Sha256() const { return storage::Sha256(out_); }

 private:
  // One value of `field`; `index` -1 for a singular field.
  void Field(const google::protobuf::Message& message,
             const google::protobuf::FieldDescriptor* field, int index) {
    using google::protobuf::FieldDescriptor;
    const google::protobuf::Reflection* r = message.GetReflection();
    const bool one = index < 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        Int(one ? r->GetInt32(message, field)
                : r->GetRepeatedInt32(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        Int(one ? r->GetInt64(message, field)
                : r->GetRepeatedInt64(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        Uint(one ? r->GetUInt32(message, field)
                 : r->GetRepeatedUInt32(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        Uint(one ? r->GetUInt64(message, field)
                 : r->GetRepeatedUInt64(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        Uint(one ? r->GetBool(message, field)
                 : r->GetRepeatedBool(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        Int(one ? r->GetEnumValue(message, field)
                : r->GetRepeatedEnumValue(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        String(one ? r->GetString(message, field)
                   : r->GetRepeatedString(message, field, index));
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Message(one ? r->GetMessage(message, field)
                    : r->GetRepeatedMessage(message, field, index));
        break;
      default:  // float and double: never in a record
        Uint(0);
    }
  }

  std::string out_;
};

// Body tags, also used in fingerprints so that one request_id cannot be
// replayed as another kind of request.
enum BodyTag : uint64_t {
  kOpening = 1,
  kTransfer = 2,
  kReversal = 3,
  kRegistry = 4,
  kMarket = 5,
  kActivity = 6,
  kPolicy = 7,
  kCard = 8,
  kLoss = 9,
  // Not a body: marks the optional fields that follow the body.
  kOwner = 100,
  kActor = 101,
};

}  // namespace

const std::string& ZeroHash() {
  static const std::string* const kZero = new std::string(kHashSize, '\0');
  return *kZero;
}

std::string EntryHash(const EntryRecord& entry) {
  CanonicalWriter w("jiamei.entry.v1");
  w.String(entry.previous_hash())
      .Uint(entry.sequence())
      .Int(entry.time_micros())
      .String(entry.request_id());
  if (entry.has_opening()) {
    const AccountOpening& o = entry.opening();
    w.Uint(kOpening)
        .Uint(o.account_id())
        .Int(o.kind())
        .String(o.display_name());
    // Accounts opened before units existed have no owner; leaving the
    // marker out keeps their hashes.
    if (o.unit() != 0 || o.household() != 0) {
      w.Uint(kOwner).Uint(o.unit()).Uint(o.household());
    }
  } else if (entry.has_registry()) {
    w.Uint(kRegistry).Message(entry.registry());
  } else if (entry.has_market()) {
    w.Uint(kMarket).Message(entry.market());
  } else if (entry.has_activity()) {
    w.Uint(kActivity).Message(entry.activity());
  } else if (entry.has_policy()) {
    w.Uint(kPolicy).Message(entry.policy());
  } else if (entry.has_card()) {
    w.Uint(kCard).Message(entry.card());
  } else if (entry.has_loss()) {
    w.Uint(kLoss).Message(entry.loss());
  } else {
    const TransferBody& t = entry.transfer();
    w.Uint(kTransfer)
        .Uint(t.debit_account())
        .Uint(t.credit_account())
        .Int(t.amount())
        .String(t.reason_code())
        .String(t.memo())
        .Uint(t.reverses());
  }
  if (entry.actor() != 0) w.Uint(kActor).Uint(entry.actor());
  return w.Sha256();
}

std::string Fingerprint(const Command& command) {
  CanonicalWriter w("jiamei.request.v1");
  if (const auto* open = std::get_if<OpenAccount>(&command.op)) {
    w.Uint(kOpening).Int(open->kind).String(open->display_name);
    if (open->unit != 0) w.Uint(kOwner).Uint(open->unit);
  } else if (const auto* change = std::get_if<RegistryChange>(&command.op)) {
    w.Uint(kRegistry).Message(*change);
  } else if (const auto* market = std::get_if<MarketChange>(&command.op)) {
    w.Uint(kMarket).Message(*market);
  } else if (const auto* activity = std::get_if<ActivityChange>(&command.op)) {
    w.Uint(kActivity).Message(*activity);
  } else if (const auto* policy = std::get_if<PolicyChange>(&command.op)) {
    w.Uint(kPolicy).Message(*policy);
  } else if (const auto* card = std::get_if<CardChange>(&command.op)) {
    w.Uint(kCard).Message(*card);
  } else if (const auto* loss = std::get_if<LossAccepted>(&command.op)) {
    w.Uint(kLoss).Message(*loss);
  } else if (const auto* t = std::get_if<MakeTransfer>(&command.op)) {
    w.Uint(kTransfer)
        .Uint(t->debit_account)
        .Uint(t->credit_account)
        .Int(t->amount)
        .String(t->reason_code)
        .String(t->memo);
  } else {
    const auto& r = std::get<ReverseTransfer>(command.op);
    w.Uint(kReversal).Uint(r.original).String(r.memo);
  }
  return w.Sha256();
}

std::string Sha256(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
}

std::string Hex(absl::string_view bytes) {
  return absl::BytesToHexString(bytes);
}

}  // namespace jiamei::storage
