#include "storage/core/keys.h"

#include <cstdint>
#include <random>

#include "gtest/gtest.h"

namespace jiamei::storage {
namespace {

TEST(KeysTest, IdKeysSortBytewiseInNumericOrder) {
  std::mt19937_64 random(42);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t a = random() >> (random() % 64);
    const uint64_t b = random() >> (random() % 64);
    EXPECT_EQ(a < b, IdKey(a) < IdKey(b)) << a << " vs " << b;
  }
  EXPECT_LT(IdKey(255), IdKey(256));
  EXPECT_LT(IdKey(0), IdKey(UINT64_MAX));
}

TEST(KeysTest, IdKeyRoundTripsAndRejectsWrongLength) {
  for (uint64_t id :
       {uint64_t{0}, uint64_t{1}, uint64_t{1} << 40, UINT64_MAX}) {
    EXPECT_EQ(ParseIdKey(IdKey(id)), id);
  }
  EXPECT_FALSE(ParseIdKey("short").has_value());
  EXPECT_FALSE(ParseIdKey(IdKey(1) + "x").has_value());
}

TEST(KeysTest, HistoryKeysGroupByAccountThenSequence) {
  EXPECT_LT(HistoryKey(1, UINT64_MAX), HistoryKey(2, 0));
  EXPECT_LT(HistoryKey(7, 9), HistoryKey(7, 10));
  std::optional<HistoryKeyParts> parts = ParseHistoryKey(HistoryKey(7, 300));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->account_id, 7u);
  EXPECT_EQ(parts->sequence, 300u);
  EXPECT_FALSE(ParseHistoryKey(IdKey(7)).has_value());
}

TEST(KeysTest, HistoryValueKeepsNegativeAndExtremeNumbers) {
  for (HistoryValue v :
       {HistoryValue{-5, 0}, HistoryValue{INT64_MIN, INT64_MAX},
        HistoryValue{INT64_MAX, INT64_MIN}}) {
    std::optional<HistoryValue> back =
        DecodeHistoryValue(EncodeHistoryValue(v));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->change, v.change);
    EXPECT_EQ(back->balance_after, v.balance_after);
  }
  EXPECT_FALSE(DecodeHistoryValue("not sixteen").has_value());
}

TEST(KeysTest, Uint32RoundTripsBigEndian) {
  EXPECT_EQ(EncodeUint32(1), std::string("\0\0\0\1", 4));
  EXPECT_EQ(DecodeUint32(EncodeUint32(0xDEADBEEF)), 0xDEADBEEFu);
  EXPECT_FALSE(DecodeUint32("abc").has_value());
}

}  // namespace
}  // namespace jiamei::storage
