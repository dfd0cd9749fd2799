// The canonical byte encoding that entry hashes and request fingerprints
// are made of (storage/core/canonical.h): a domain string, then values in a
// fixed order, each a big-endian integer or a length-prefixed string, and
// messages field by field. Domains (storage/core/domain.h) write their
// bodies and requests with it.
#ifndef JIAMEI_STORAGE_CORE_CANONICAL_WRITER_H_
#define JIAMEI_STORAGE_CORE_CANONICAL_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace jiamei::storage {

// Not in a body: marks the optional fields that follow one.
inline constexpr uint64_t kOwnerTag = 100;
inline constexpr uint64_t kActorTag = 101;

class CanonicalWriter {
 public:
  // Starts with `domain` ("jiamei.entry.v1"), which versions the encoding.
  explicit CanonicalWriter(absl::string_view domain) { String(domain); }

  CanonicalWriter& Uint(uint64_t value);
  CanonicalWriter& Int(int64_t value) {
    return Uint(static_cast<uint64_t>(value));
  }
  CanonicalWriter& String(absl::string_view value);
  // A message, field by field: the number of fields set, then for each, in
  // field-number order, its number and value (repeated fields: count, then
  // the values). Unset proto3 fields are left out, so adding a field to a
  // record does not change the hash of records written before it.
  CanonicalWriter& Message(const google::protobuf::Message& message);

  // SHA-256 of everything written.
  std::string Sha256() const;

 private:
  // One value of `field`; `index` -1 for a singular field.
  void Field(const google::protobuf::Message& message,
             const google::protobuf::FieldDescriptor* field, int index);

  std::string out_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_CANONICAL_WRITER_H_
