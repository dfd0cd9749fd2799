// Canonical byte encodings, hashed with SHA-256. Protobuf serialization is
// not canonical across versions, so the hash chain and the request
// fingerprints use this fixed encoding instead (storage/core/
// canonical_writer.h): a domain tag, then each field in a fixed order as a
// big-endian integer or a length-prefixed string. Each entry body and each
// request is written by its domain (storage/core/domain.h), under that
// domain's fixed tag. Changing it breaks every stored chain; it is versioned
// by its domain tag.
#ifndef JIAMEI_STORAGE_CORE_CANONICAL_H_
#define JIAMEI_STORAGE_CORE_CANONICAL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/core/commands.h"
#include "storage/core/records.pb.h"
#include "storage/domains.h"

namespace jiamei::storage {

inline constexpr size_t kHashSize = 32;

// The hash of an empty ledger, the previous_hash of entry 1.
const std::string& ZeroHash();

// SHA-256 over the entry's previous_hash and every field but `hash`.
std::string EntryHash(const EntryRecord& entry,
                      const DomainTable& domains = Domains());

// SHA-256 of what a command asks for (not its request_id): two requests with
// one request_id are "the same request" exactly when these are equal.
std::string Fingerprint(const Command& command,
                        const DomainTable& domains = Domains());

// SHA-256 of `bytes`, kHashSize bytes.
std::string Sha256(absl::string_view bytes);

// Lowercase hex, for the API and for messages.
std::string Hex(absl::string_view bytes);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_CANONICAL_H_
