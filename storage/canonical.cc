#include "storage/canonical.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "storage/keys.h"

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

  std::string Sha256() const { return storage::Sha256(out_); }

 private:
  std::string out_;
};

// Body tags, also used in fingerprints so that one request_id cannot be
// replayed as another kind of request.
enum BodyTag : uint64_t { kOpening = 1, kTransfer = 2, kReversal = 3 };

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
  return w.Sha256();
}

std::string Fingerprint(const Command& command) {
  CanonicalWriter w("jiamei.request.v1");
  if (const auto* open = std::get_if<OpenAccount>(&command.op)) {
    w.Uint(kOpening).Int(open->kind).String(open->display_name);
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
