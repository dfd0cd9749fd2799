#include "services/registry/csv_file.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "services/common/validation.h"
#include "services/registry/registry_errors.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// An iconv descriptor, closed when it goes.
class Converter {
 public:
  Converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Converter() {
    if (ok()) iconv_close(cd_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

size_t LineOf(absl::string_view bytes, size_t offset) {
  return 1 + static_cast<size_t>(
                 std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

// Splits UTF-8 (or, after a byte order mark, nearly UTF-8) text into
// records, refusing once there are more than 1 + max_rows.
class CsvReader {
 public:
  CsvReader(absl::string_view text, size_t max_rows)
      : text_(text), max_records_(max_rows + 1) {}

  absl::StatusOr<std::vector<std::vector<std::string>>> Read() {
    for (size_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      if (quoted_) {
        if (c != '"') {
          cell_.push_back(c);
        } else if (i + 1 < text_.size() && text_[i + 1] == '"') {
          cell_.push_back('"');
          ++i;
        } else {
          quoted_ = false;
        }
      } else if (c == ',') {
        EndCell();
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
        RETURN_IF_ERROR(EndRecord());
      } else if (c == '"' && cell_.empty() && !was_quoted_) {
        quoted_ = was_quoted_ = true;
        quote_row_ = records_.size() + 1;
      } else {
        cell_.push_back(c);
      }
    }
    if (quoted_) return errors::ImportQuoteNotClosed(quote_row_);
    if (!cell_.empty() || was_quoted_ || !record_.empty()) {
      RETURN_IF_ERROR(EndRecord());
    }
    return std::move(records_);
  }

 private:
  void EndCell() {
    record_.push_back(std::move(cell_));
    cell_.clear();
    was_quoted_ = false;
  }
  absl::Status EndRecord() {
    EndCell();
    if (records_.size() == max_records_) {
      return errors::ImportTooManyRows(max_records_ - 1);
    }
    records_.push_back(std::move(record_));
    record_.clear();
    return absl::OkStatus();
  }

  const absl::string_view text_;
  const size_t max_records_;
  std::vector<std::vector<std::string>> records_;
  std::vector<std::string> record_;
  std::string cell_;
  bool quoted_ = false;      // inside quotes now
  bool was_quoted_ = false;  // the cell began with a quote
  size_t quote_row_ = 0;     // the record the open quote began on
};

}  // namespace

const char* EncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8WithBom:
      return "UTF-8 with BOM";
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kGb18030:
      return "GB18030";
  }
  return "?";
}

absl::StatusOr<std::string> Gb18030ToUtf8(absl::string_view bytes) {
  Converter converter("UTF-8", "GB18030");
  if (!converter.ok()) {
    return absl::InternalError("iconv cannot convert from GB18030");
  }
  // A GB18030 character of 1, 2 or 4 bytes is at most 4 bytes of UTF-8.
  std::string out(bytes.size() * 2 + 4, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* next = out.data();
  size_t out_left = out.size();
  if (iconv(converter.get(), &in, &in_left, &next, &out_left) ==
      static_cast<size_t>(-1)) {
    const size_t offset = bytes.size() - in_left;
    if (errno == EILSEQ || errno == EINVAL) {
      return errors::ImportNotGb18030(offset, LineOf(bytes, offset));
    }
    return absl::InternalError("iconv ran out of room converting GB18030");
  }
  out.resize(out.size() - out_left);
  return out;
}

absl::StatusOr<CsvFile> DecodeCsv(absl::string_view bytes, size_t max_rows) {
  if (absl::StartsWith(bytes, "\xFF\xFE") ||
      absl::StartsWith(bytes, "\xFE\xFF")) {
    return errors::ImportUtf16();
  }
  CsvFile file;
  std::string converted;
  absl::string_view text = bytes;
  if (absl::ConsumePrefix(&text, kUtf8Bom)) {
    file.encoding = TextEncoding::kUtf8WithBom;
  } else if (IsValidUtf8(text)) {
    file.encoding = TextEncoding::kUtf8;
  } else {
    ASSIGN_OR_RETURN(converted, Gb18030ToUtf8(text));
    file.encoding = TextEncoding::kGb18030;
    text = converted;
  }
  ASSIGN_OR_RETURN(file.records, CsvReader(text, max_rows).Read());
  return file;
}

}  // namespace jiamei::services
