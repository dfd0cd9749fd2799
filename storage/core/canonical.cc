#include "storage/core/canonical.h"

#include <openssl/evp.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"
#include "storage/core/canonical_writer.h"
#include "storage/core/domain.h"
#include "storage/core/keys.h"

namespace jiamei::storage {

CanonicalWriter& CanonicalWriter::Uint(uint64_t value) {
  AppendBigEndian64(value, &out_);
  return *this;
}

CanonicalWriter& CanonicalWriter::String(absl::string_view value) {
  Uint(value.size());
  out_.append(value.data(), value.size());
  return *this;
}

CanonicalWriter& CanonicalWriter::Message(
    const google::protobuf::Message& message) {
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

std::string CanonicalWriter::Sha256() const { return storage::Sha256(out_); }

void CanonicalWriter::Field(const google::protobuf::Message& message,
                            const google::protobuf::FieldDescriptor* field,
                            int index) {
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

const std::string& ZeroHash() {
  static const std::string* const kZero = new std::string(kHashSize, '\0');
  return *kZero;
}

std::string EntryHash(const EntryRecord& entry, const DomainTable& domains) {
  CanonicalWriter w("jiamei.entry.v1");
  w.String(entry.previous_hash())
      .Uint(entry.sequence())
      .Int(entry.time_micros())
      .String(entry.request_id());
  // An entry without a body (only ever a damaged one) hashes without it.
  if (const Domain* domain = domains.ForEntry(entry)) {
    domain->WriteBody(entry, &w);
  }
  if (entry.actor() != 0) w.Uint(kActorTag).Uint(entry.actor());
  return w.Sha256();
}

std::string Fingerprint(const Command& command, const DomainTable& domains) {
  CanonicalWriter w("jiamei.request.v1");
  if (const Domain* domain = domains.OwnerOf(command)) {
    domain->WriteRequest(command, &w);
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
