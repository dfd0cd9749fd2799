#include "services/registry/import_layout.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "jiamei/v1/registry.pb.h"
#include "services/auth/auth_errors.h"
#include "services/auth/personal_data.h"
#include "services/common/validation.h"
#include "services/registry/registry_errors.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

enum Column {
  kNumber,
  kAddress,
  kName,
  kRelation,
  kHeadName,
  kResidentId,
  kPhone,
  kGender,
  kBirthYear,
  kColumnCount
};

struct ColumnSpec {
  const char* header;
  std::vector<const char*> aliases;
  bool required;
};

// By Column. The first name is the one docs/register.md gives.
const std::array<ColumnSpec, kColumnCount>& Specs() {
  static const auto* const kSpecs = new std::array<ColumnSpec, kColumnCount>{{
      {"户号", {"户编号"}, true},
      {"地址", {"住址", "家庭住址"}, true},
      {"姓名", {}, true},
      {"与户主关系", {"关系"}, true},
      {"户主姓名", {"户主"}, false},
      {"身份证号", {"身份证号码", "公民身份号码"}, false},
      {"电话", {"联系电话", "手机", "手机号", "手机号码"}, false},
      {"性别", {}, false},
      {"出生年份", {"出生年"}, false},
  }};
  return *kSpecs;
}

// Which Column a header names, or kColumnCount.
int ColumnNamed(absl::string_view header) {
  for (int c = 0; c < kColumnCount; ++c) {
    const ColumnSpec& spec = Specs()[c];
    if (header == spec.header) return c;
    for (const char* alias : spec.aliases) {
      if (header == alias) return c;
    }
  }
  return kColumnCount;
}

// Without spaces, full-width spaces and tabs around it.
absl::string_view Trim(absl::string_view cell) {
  constexpr absl::string_view kWideSpace = "\xE3\x80\x80";
  while (true) {
    const absl::string_view before = cell;
    cell = absl::StripAsciiWhitespace(cell);
    absl::ConsumePrefix(&cell, kWideSpace);
    absl::ConsumeSuffix(&cell, kWideSpace);
    if (cell == before) return cell;
  }
}

bool IsHead(absl::string_view relation) {
  return relation == "户主" || relation == "本人";
}

// One row as read: the household's cells and the person.
struct Row {
  uint32_t row = 0;
  std::string number;  // empty when missing or not a household number
  std::string address;
  std::string head_name;
  std::string relation;
  storage::PersonFields person;
};

// A household's rows as they came, before the head is put first.
struct Pending {
  std::string number;
  std::vector<Row> rows;
};

class Reader {
 public:
  Reader(const CsvFile& file, absl::CivilDay today, ImportRows* out)
      : file_(file), today_(today), out_(out) {}

  absl::Status Header() {
    if (file_.records.empty()) return errors::ImportNoHeader();
    const std::vector<std::string>& header = file_.records.front();
    index_.fill(-1);
    for (size_t i = 0; i < header.size(); ++i) {
      headers_.emplace_back(Trim(header[i]));
      const int c = ColumnNamed(headers_.back());
      if (c == kColumnCount) {
        if (!headers_.back().empty()) {
          out_->ignored_columns.push_back(headers_.back());
        }
        continue;
      }
      if (index_[c] >= 0) {
        return errors::ImportColumnTwice(headers_.back(), index_[c] + 1, i + 1);
      }
      index_[c] = static_cast<int>(i);
    }
    std::vector<std::string> missing;
    for (int c = 0; c < kColumnCount; ++c) {
      if (Specs()[c].required && index_[c] < 0) {
        missing.push_back(Specs()[c].header);
      }
    }
    if (!missing.empty()) {
      return errors::ImportMissingColumns(absl::StrJoin(missing, ", "));
    }
    out_->number_header = headers_[index_[kNumber]];
    out_->resident_id_header =
        index_[kResidentId] >= 0 ? headers_[index_[kResidentId]] : "身份证号";
    return absl::OkStatus();
  }

  void Rows() {
    for (size_t r = 1; r < file_.records.size(); ++r) {
      ++out_->rows;
      const uint32_t row = static_cast<uint32_t>(r + 1);
      std::vector<ImportProblem> problems;
      std::optional<Row> read = ReadRow(row, file_.records[r], &problems);
      if (read.has_value() && !read->number.empty()) {
        if (!pending_.has_value() || pending_->number != read->number) {
          Finish();
          pending_ = Pending{read->number, {}};
        }
        pending_->rows.push_back(*std::move(read));
      }
      for (ImportProblem& p : problems) Add(std::move(p));
    }
    Finish();
  }

 private:
  // The cells of `row`, checked; nullopt for a blank row.
  std::optional<Row> ReadRow(uint32_t row, const std::vector<std::string>& raw,
                             std::vector<ImportProblem>* problems) {
    std::vector<std::string> cells(raw.size());
    bad_cells_.assign(raw.size(), true);
    for (size_t i = 0; i < raw.size(); ++i) {
      const absl::string_view cell = Trim(raw[i]);
      if (cell.size() > kMaxCellBytes) {
        problems->push_back(
            Problem(row, static_cast<int>(i),
                    errors::CellTooLong(cell.size(), kMaxCellBytes)));
      } else if (!IsValidUtf8(cell)) {
        problems->push_back(
            Problem(row, static_cast<int>(i), errors::CellNotUtf8()));
      } else {
        cells[i] = std::string(cell);
        bad_cells_[i] = false;
      }
    }
    auto cell = [&](int c) -> std::string {
      const int i = index_[c];
      return i >= 0 && static_cast<size_t>(i) < cells.size() ? cells[i] : "";
    };
    bool blank = true;
    for (int c = 0; c < kColumnCount; ++c) blank = blank && cell(c).empty();
    if (blank) return std::nullopt;
    ++out_->people;
    auto check = [&](int c, const absl::Status& status) {
      if (status.ok()) return true;
      problems->push_back(Problem(row, index_[c], status));
      return false;
    };
    Row out;
    out.row = row;
    out.relation = cell(kRelation);
    out.address = cell(kAddress);
    out.head_name = cell(kHeadName);
    const std::string number = cell(kNumber);
    if (Required(number, kNumber, row, problems) &&
        check(kNumber, ValidateIdentifier(number, "number", 32, false, "-"))) {
      out.number = number;
    }
    const std::string name = cell(kName);
    if (Required(name, kName, row, problems) &&
        check(kName, ValidateText(name, "full_name", 1, 100))) {
      out.person.set_full_name(name);
    }
    if (Required(out.relation, kRelation, row, problems)) {
      check(kRelation, ValidateText(out.relation, "relation", 1, 32));
    }
    if (!out.address.empty()) {
      check(kAddress, ValidateText(out.address, "address", 1, 200));
    }
    ReadPersonalData(cell(kResidentId), cell(kPhone), &out.person,
                     [&](int c, const absl::Status& s) { return check(c, s); });
    ReadGenderAndYear(
        cell(kGender), cell(kBirthYear), &out.person,
        [&](int c, const absl::Status& s) { return check(c, s); });
    return out;
  }

  template <typename Check>
  void ReadPersonalData(const std::string& id, const std::string& phone,
                        storage::PersonFields* person, Check check) {
    if (!id.empty()) {
      // Excel shows an 18-digit number as 1.10105E+17 and saves it so.
      const bool mangled = absl::StrContains(absl::AsciiStrToUpper(id), "E+");
      const absl::StatusOr<std::string> valid =
          mangled ? errors::InvalidResidentId(
                        "Excel turned it into a number; format the column "
                        "as text and type it again")
                  : ValidateResidentId(id, today_);
      if (check(kResidentId, valid.status())) person->set_resident_id(*valid);
    }
    if (!phone.empty()) {
      const absl::StatusOr<std::string> valid = ValidatePhone(phone);
      if (check(kPhone, valid.status())) person->set_phone(*valid);
    }
  }

  // From the cells, else from the resident ID number.
  template <typename Check>
  void ReadGenderAndYear(const std::string& gender, const std::string& year,
                         storage::PersonFields* person, Check check) {
    const std::string& id = person->resident_id();
    if (gender == "女" || gender == "女性") {
      person->set_gender(jiamei::v1::GENDER_FEMALE);
    } else if (gender == "男" || gender == "男性") {
      person->set_gender(jiamei::v1::GENDER_MALE);
    } else if (!gender.empty()) {
      check(kGender, errors::InvalidGender());
    } else if (id.size() == 18) {
      person->set_gender((id[16] - '0') % 2 == 1 ? jiamei::v1::GENDER_MALE
                                                 : jiamei::v1::GENDER_FEMALE);
    }
    int32_t born = 0;
    if (!year.empty()) {
      if (!absl::SimpleAtoi(year, &born) || born < 1900 ||
          born > today_.year()) {
        check(kBirthYear, errors::InvalidBirthYear(born));
        born = 0;
      }
    } else if (id.size() == 18 && !absl::SimpleAtoi(id.substr(6, 4), &born)) {
      born = 0;  // a valid ID number's digits always parse
    }
    person->set_birth_year(born);
  }

  bool Required(const std::string& cell, int c, uint32_t row,
                std::vector<ImportProblem>* problems) {
    if (!cell.empty()) return true;
    // A cell refused as it was read is not empty: it has its problem.
    const size_t i = static_cast<size_t>(index_[c]);
    if (i < bad_cells_.size() && bad_cells_[i]) return false;
    problems->push_back(Problem(row, index_[c], errors::CellRequired()));
    return false;
  }

  // The household read so far, checked and added with its head first.
  void Finish() {
    if (!pending_.has_value()) return;
    const Pending household = *std::move(pending_);
    pending_.reset();
    const Row& first = household.rows.front();
    if (first.address.empty()) {
      Add(Problem(first.row, index_[kAddress],
                  errors::AddressRequired(household.number)));
    }
    const Row* head = nullptr;
    for (const Row& row : household.rows) {
      if (!row.address.empty() && row.address != first.address) {
        Add(Problem(row.row, index_[kAddress],
                    errors::AddressDiffers(household.number, first.row)));
      }
      if (!IsHead(row.relation)) continue;
      if (head != nullptr) {
        Add(Problem(row.row, index_[kRelation],
                    errors::SecondHead(household.number, head->row)));
      } else {
        head = &row;
      }
    }
    if (head == nullptr) {
      Add(Problem(first.row, index_[kRelation],
                  errors::HouseholdWithoutHead(household.number,
                                               household.rows.back().row)));
      head = &first;
    }
    CheckHeadNames(household, *head);
    storage::ImportedHousehold* out = out_->import.add_households();
    out->set_number(household.number);
    out->set_address(first.address);
    AddPerson(*head, out);
    for (const Row& row : household.rows) {
      if (&row != head) AddPerson(row, out);
    }
  }

  void CheckHeadNames(const Pending& household, const Row& head) {
    for (const Row& row : household.rows) {
      if (!row.head_name.empty() && row.head_name != head.person.full_name()) {
        Add(Problem(row.row, index_[kHeadName],
                    errors::HeadNameDiffers(head.person.full_name())));
      }
    }
  }

  static void AddPerson(const Row& row, storage::ImportedHousehold* out) {
    storage::ImportedPerson* person = out->add_people();
    *person->mutable_person() = row.person;
    person->set_relation(row.relation);
    person->set_row(row.row);
  }

  // `column`: its index in the file.
  ImportProblem Problem(uint32_t row, int column, absl::Status problem) const {
    const size_t i = static_cast<size_t>(column);
    return {row,
            i < headers_.size() ? headers_[i] : absl::StrCat("column ", i + 1),
            std::move(problem)};
  }

  void Add(ImportProblem problem) {
    ++out_->problem_count;
    if (out_->problems.size() < kMaxListedProblems) {
      out_->problems.push_back(std::move(problem));
    }
  }

  const CsvFile& file_;
  const absl::CivilDay today_;
  ImportRows* const out_;
  std::vector<std::string> headers_;
  std::array<int, kColumnCount> index_;
  std::optional<Pending> pending_;
  // Of the row being read: the cells refused (too long, not UTF-8).
  std::vector<bool> bad_cells_;
};

}  // namespace

void ImportRows::AddConflicts(
    const std::vector<storage::ImportConflict>& conflicts) {
  std::vector<ImportProblem> merged;
  for (const storage::ImportConflict& c : conflicts) {
    const bool number = c.field == storage::ImportField::kNumber;
    merged.push_back(
        {c.row, number ? number_header : resident_id_header, c.refusal});
  }
  problem_count += merged.size();
  merged.insert(merged.end(), std::make_move_iterator(problems.begin()),
                std::make_move_iterator(problems.end()));
  std::stable_sort(merged.begin(), merged.end(),
                   [](const ImportProblem& a, const ImportProblem& b) {
                     return a.row < b.row;
                   });
  if (merged.size() > kMaxListedProblems) merged.resize(kMaxListedProblems);
  problems = std::move(merged);
}

absl::StatusOr<ImportRows> ReadImportRows(const CsvFile& file,
                                          absl::CivilDay today) {
  ImportRows rows;
  Reader reader(file, today, &rows);
  RETURN_IF_ERROR(reader.Header());
  reader.Rows();
  if (rows.people == 0) return errors::ImportNoPeople();
  return rows;
}

}  // namespace jiamei::services
