// The golden test: pins every stored byte and every answer.
//
// It applies tests/golden/script.txt (a fixed script of every kind of
// command, with fixed times; its format is described at its top) to a fresh
// Store through storage::StateMachine, as the sequencer does, and renders
// what came out as lines of text: per step its fingerprint and its outcome
// (sequence and entry hash, or code, reason and message); the head; per
// column family the record count and the SHA-256 of its raw (key, value)
// pairs; and the audit's deterministic fields. The text is compared with
// tests/golden/values.txt line by line.
//
// Neither file changes through a refactoring: a failing line means a stored
// byte or an answer changed. values.txt is made by running the test with
// JIAMEI_GOLDEN_WRITE naming the file to write the current text to (only
// for a change MEANT to change stored bytes or answers):
//   JIAMEI_GOLDEN_WRITE=$PWD/tests/golden/values.txt
//       build/tests/golden_test --gtest_filter=GoldenTest.Every*
//
// The only input that is not fixed, the store's random page token secret,
// is replaced by a fixed one before the first command (it is an input of
// the store, read back when it opens, not a value the script produces).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "storage/audit/audit.h"
#include "storage/core/canonical.h"
#include "storage/core/commands.h"
#include "storage/core/keys.h"
#include "storage/core/records.pb.h"
#include "storage/core/refusal.h"
#include "storage/core/state_machine.h"
#include "storage/core/store.h"

namespace jiamei::storage {
namespace {

#ifndef JIAMEI_GOLDEN_DIR
#define JIAMEI_GOLDEN_DIR "tests/golden"
#endif

constexpr char kFixedSecret[] = "golden-page-token-secret-32bytes";

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

template <typename Message>
bool ParseText(absl::string_view text, Message* message) {
  return google::protobuf::TextFormat::ParseFromString(std::string(text),
                                                       message);
}

// One step's command from "<kind> [password_hash=<s>] <text proto>", or
// false. OpenAccount is written as an AccountOpening (kind, display_name,
// unit), MakeTransfer as a TransferBody (debit_account, credit_account,
// amount, reason_code, memo) and ReverseTransfer as a TransferBody
// (reverses: the original's sequence, memo).
bool ParseOp(absl::string_view kind, absl::string_view text, Command* command) {
  if (absl::ConsumePrefix(&text, "password_hash=")) {
    const size_t end = text.find(' ');
    command->password_hash = std::string(text.substr(0, end));
    text = end == absl::string_view::npos ? "" : text.substr(end + 1);
  }
  if (kind == "OpenAccount") {
    AccountOpening o;
    if (!ParseText(text, &o) || o.account_id() != 0 || o.household() != 0) {
      return false;
    }
    command->op = OpenAccount{o.kind(), o.display_name(), o.unit()};
    return true;
  }
  if (kind == "MakeTransfer" || kind == "ReverseTransfer") {
    TransferBody t;
    if (!ParseText(text, &t)) return false;
    if (kind == "MakeTransfer") {
      command->op = MakeTransfer{t.debit_account(), t.credit_account(),
                                 t.amount(), t.reason_code(), t.memo()};
      return t.reverses() == 0;
    }
    command->op = ReverseTransfer{t.reverses(), t.memo()};
    return t.debit_account() == 0 && t.credit_account() == 0 &&
           t.amount() == 0 && t.reason_code().empty();
  }
  auto parse = [&](auto message) {
    if (!ParseText(text, &message)) return false;
    command->op = std::move(message);
    return true;
  };
  if (kind == "RegistryChange") return parse(RegistryChange());
  if (kind == "MarketChange") return parse(MarketChange());
  if (kind == "ActivityChange") return parse(ActivityChange());
  if (kind == "PolicyChange") return parse(PolicyChange());
  if (kind == "CardChange") return parse(CardChange());
  if (kind == "LossAccepted") return parse(LossAccepted());
  return false;
}

std::string OutcomeText(const Outcome& outcome) {
  if (outcome.ok()) {
    return absl::StrCat("ok ", outcome->sequence(), " ", Hex(outcome->hash()));
  }
  return absl::StrCat(
      "refused ", absl::StatusCodeToString(outcome.status().code()), " ",
      RefusalReason(outcome.status()), " ", outcome.status().message());
}

// Count and SHA-256 of every (key, value) of one column family, raw.
std::string FamilyText(absl::string_view name, rocksdb::Iterator* it) {
  std::string pairs;
  uint64_t count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++count;
    absl::StrAppend(&pairs, it->key().size(), ":", View(it->key()),
                    it->value().size(), ":", View(it->value()));
  }
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  return absl::StrCat("cf ", name, " ", count, " ", Hex(Sha256(pairs)));
}

// Runs the script and renders what it produced.
class GoldenRun {
 public:
  GoldenRun() {
    const std::string pattern =
        (std::filesystem::temp_directory_path() / "jiamei-golden-XXXXXX")
            .string();
    std::string dir = pattern;
    dir_ = mkdtemp(dir.data());
    Open();
    // The fixed secret, then a reopen so that the store reads it back.
    rocksdb::WriteBatch batch;
    batch.Put(store_->handle(Cf::kMeta), std::string(kPageTokenSecretKey),
              kFixedSecret);
    EXPECT_TRUE(store_->Write(&batch).ok());
    Open();
  }
  ~GoldenRun() {
    state_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Applies the script's lines; returns false at the first it cannot read.
  bool Run(const std::vector<std::string>& script) {
    for (size_t i = 0; i < script.size(); ++i) {
      const std::string line(absl::StripAsciiWhitespace(script[i]));
      const std::string where = absl::StrCat("script line ", i + 1);
      if (line.empty() || line[0] == '#') continue;
      if (line == "batch") {
        if (in_batch_) return Fail(where, "batch inside a batch");
        Begin();
        in_batch_ = true;
      } else if (line == "end") {
        if (!in_batch_) return Fail(where, "end without batch");
        Finish();
        in_batch_ = false;
      } else if (line == "write" || line == "reopen") {
        if (in_batch_) return Fail(where, "write inside a batch");
        WriteAll();
        if (line == "reopen") Open();
      } else if (!Step(line, where)) {
        return false;
      }
    }
    if (in_batch_) return Fail("end of script", "batch not ended");
    WriteAll();
    return true;
  }

  // The head, every column family and the audit.
  void Summarize() {
    const HeadRecord& head = state_->head();
    Emit(absl::StrCat("head ", head.last_sequence(), " ",
                      Hex(head.head_hash())));
    std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(
        rocksdb::ReadOptions(), store_->db()->DefaultColumnFamily()));
    Emit(FamilyText("default", it.get()));
    for (int i = 0; i < kCfCount; ++i) {
      const Cf cf = static_cast<Cf>(i);
      it = store_->NewIterator(cf);
      Emit(FamilyText(CfName(cf), it.get()));
    }
    absl::StatusOr<jiamei::v1::AuditReport> audit = RunAudit(*store_);
    ASSERT_TRUE(audit.ok()) << audit.status();
    EXPECT_TRUE(audit->clean());
    Emit(absl::StrCat("audit clean ", audit->clean()));
    Emit(absl::StrCat("audit entries_checked ", audit->entries_checked()));
    Emit(absl::StrCat("audit accounts_checked ", audit->accounts_checked()));
    Emit(absl::StrCat("audit transfers_checked ", audit->transfers_checked()));
    Emit(absl::StrCat("audit history_records_checked ",
                      audit->history_records_checked()));
    Emit(absl::StrCat("audit idempotency_records_checked ",
                      audit->idempotency_records_checked()));
    Emit(absl::StrCat("audit registry_records_checked ",
                      audit->registry_records_checked()));
    Emit(absl::StrCat("audit last_sequence ", audit->last_sequence()));
    Emit(absl::StrCat("audit head_hash ", audit->head_hash()));
    Emit(absl::StrCat("audit balance_sum ", audit->balance_sum()));
    Emit(absl::StrCat("audit discrepancy_count ", audit->discrepancy_count()));
    for (const auto& d : audit->discrepancies()) {
      Emit(absl::StrCat("audit discrepancy ", d.ShortDebugString()));
    }
    for (const auto& loss : audit->accepted_losses()) {
      Emit(absl::StrCat("audit accepted_loss ", loss.ShortDebugString()));
    }
  }

  const std::vector<std::string>& values() const { return values_; }
  // "EntryRecord.opening", "MarketChange.redeemed", ...: every oneof case
  // set in an entry the script wrote, also inside an EntryDecided.
  const std::set<std::string>& kinds() const { return kinds_; }

 private:
  bool Fail(const std::string& where, const std::string& what) {
    ADD_FAILURE() << where << ": " << what;
    return false;
  }
  void Emit(std::string line) { values_.push_back(std::move(line)); }

  // Notes the oneof cases `message` and the messages in them have set.
  void NoteKinds(const google::protobuf::Message& message) {
    const google::protobuf::Descriptor* d = message.GetDescriptor();
    const google::protobuf::Reflection* r = message.GetReflection();
    for (int i = 0; i < d->oneof_decl_count(); ++i) {
      const google::protobuf::FieldDescriptor* f =
          r->GetOneofFieldDescriptor(message, d->oneof_decl(i));
      if (f == nullptr) continue;
      kinds_.insert(absl::StrCat(d->name(), ".", f->name()));
    }
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    r->ListFields(message, &fields);
    for (const auto* f : fields) {
      if (f->message_type() != nullptr && !f->is_repeated()) {
        NoteKinds(r->GetMessage(message, f));
      }
    }
  }

  // "<time_micros> <actor> <request_id> <kind> [password_hash=<s>] <text>"
  bool Step(const std::string& line, const std::string& where) {
    std::vector<absl::string_view> f =
        absl::StrSplit(line, absl::MaxSplits(' ', 4));
    int64_t time = 0;
    Command command;
    if (f.size() < 4 || !absl::SimpleAtoi(f[0], &time) ||
        !absl::SimpleAtoi(f[1], &command.actor) ||
        !ParseOp(f[3], f.size() == 5 ? f[4] : "", &command)) {
      return Fail(where, "cannot read the step: " + line);
    }
    command.request_id = std::string(f[2]);
    const bool alone = !in_batch_;
    if (alone) Begin();
    const std::string fingerprint = Fingerprint(command);
    const Outcome outcome = state_->Apply(command, fingerprint, time);
    if (outcome.ok()) NoteKinds(*outcome);
    ++steps_;
    Emit(absl::StrCat("step ", steps_, " ", command.request_id, " ",
                      Hex(fingerprint), " ", OutcomeText(outcome)));
    if (alone) {
      Finish();
      WriteAll();
    }
    return true;
  }

  void Begin() {
    batches_.push_back(std::make_unique<rocksdb::WriteBatch>());
    state_->BeginBatch(batches_.back().get());
  }
  void Finish() { state_->FinishBatch(); }
  void WriteAll() {
    for (const auto& batch : batches_) {
      const absl::Status written = store_->Write(batch.get());
      EXPECT_TRUE(written.ok()) << written;
    }
    if (!batches_.empty()) state_->Retire(batches_.size());
    batches_.clear();
  }
  // Closes what is open and opens the directory again, reading the state
  // back from disk.
  void Open() {
    state_.reset();
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    state_ = std::make_unique<StateMachine>(store_.get());
    const absl::Status loaded = state_->Load();
    ASSERT_TRUE(loaded.ok()) << loaded;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StateMachine> state_;
  std::vector<std::unique_ptr<rocksdb::WriteBatch>> batches_;
  bool in_batch_ = false;
  int steps_ = 0;
  std::vector<std::string> values_;
  std::set<std::string> kinds_;
};

TEST(GoldenTest, EveryKindOfCommandWritesTheCheckedInBytes) {
  GoldenRun run;
  ASSERT_TRUE(run.Run(ReadLines(JIAMEI_GOLDEN_DIR "/script.txt")));
  run.Summarize();
  const std::vector<std::string>& got = run.values();

  if (const char* out = getenv("JIAMEI_GOLDEN_WRITE")) {
    std::ofstream file(out);
    for (const std::string& line : got) file << line << "\n";
    ASSERT_TRUE(file.good()) << "cannot write " << out;
  }
  const std::vector<std::string> want =
      ReadLines(JIAMEI_GOLDEN_DIR "/values.txt");
  EXPECT_EQ(got.size(), want.size()) << "number of lines";
  for (size_t i = 0; i < got.size() || i < want.size(); ++i) {
    EXPECT_EQ(i < got.size() ? got[i] : "(none)",
              i < want.size() ? want[i] : "(none)")
        << "values.txt line " << i + 1;
  }
}

// The script stays a test of every kind: each case of the entry's body and
// of every change's oneof (read from the descriptors, so a kind added to
// records.proto fails here until the script writes one) is in an entry.
TEST(GoldenTest, TheScriptWritesEveryKindOfEntryAndChange) {
  GoldenRun run;
  ASSERT_TRUE(run.Run(ReadLines(JIAMEI_GOLDEN_DIR "/script.txt")));
  for (const google::protobuf::Descriptor* d :
       {EntryRecord::descriptor(), RegistryChange::descriptor(),
        MarketChange::descriptor(), ActivityChange::descriptor(),
        PolicyChange::descriptor(), CardChange::descriptor(),
        EntryProposed::descriptor()}) {
    for (int i = 0; i < d->oneof_decl_count(); ++i) {
      const google::protobuf::OneofDescriptor* oneof = d->oneof_decl(i);
      for (int j = 0; j < oneof->field_count(); ++j) {
        const std::string kind =
            absl::StrCat(d->name(), ".", oneof->field(j)->name());
        EXPECT_TRUE(run.kinds().count(kind)) << kind << " is in no entry";
      }
    }
  }
}

}  // namespace
}  // namespace jiamei::storage
