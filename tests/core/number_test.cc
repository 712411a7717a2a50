// ParseDecimal: the decimal forms it reads, the forms strtod would read and it refuses
// (hexadecimal, "inf", leading spaces), and the two ways of treating non-finite values.
#include "core/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace loka {
namespace {

TEST(ParseDecimalTest, ReadsPlainDecimals) {
  const struct {
    const char* text;
    double value;
  } cases[] = {{"0", 0},         {"16", 16},       {"-12.5", -12.5}, {"+3", 3},
               {".5", 0.5},      {"5.", 5},        {"1e-3", 1e-3},   {"2.5E+2", 250},
               {"-0.0001", -1e-4}, {"1e-400", 0}};  // below the smallest subnormal: 0
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Result<double> v = ParseDecimal(c.text);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_DOUBLE_EQ(*v, c.value);
  }
}

TEST(ParseDecimalTest, RefusesWhatIsNoPlainDecimal) {
  for (const char* text : {"", "0x10", "0X1p3", "12,5", " 1", "1 ", "1e", "e5", "-", "+-1",
                           "--1", "1.2.3", "n/a", "inf", "-Infinity", "NaN", "1e999", "-1e999",
                           "１"}) {
    SCOPED_TRACE(text);
    Result<double> v = ParseDecimal(text);
    ASSERT_FALSE(v.ok()) << *v;
    EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(v.status().message().find("is not a decimal number"), std::string::npos)
        << v.status().message();
  }
  EXPECT_NE(ParseDecimal("0x10").status().message().find("unexpected \"x10\""),
            std::string::npos);
}

TEST(ParseDecimalTest, NonFiniteSpellingsReadWhenAccepted) {
  EXPECT_TRUE(std::isnan(*ParseDecimal("NaN", NonFinite::kAccept)));
  EXPECT_TRUE(std::isnan(*ParseDecimal("nan", NonFinite::kAccept)));
  EXPECT_EQ(*ParseDecimal("inf", NonFinite::kAccept), INFINITY);
  EXPECT_EQ(*ParseDecimal("+Infinity", NonFinite::kAccept), INFINITY);
  EXPECT_EQ(*ParseDecimal("-INF", NonFinite::kAccept), -INFINITY);
  EXPECT_EQ(*ParseDecimal("1e999", NonFinite::kAccept), INFINITY);
  EXPECT_EQ(*ParseDecimal("-1e999", NonFinite::kAccept), -INFINITY);
  // Still no hexadecimal or partial numbers.
  EXPECT_FALSE(ParseDecimal("0x10", NonFinite::kAccept).ok());
  EXPECT_FALSE(ParseDecimal("infinite", NonFinite::kAccept).ok());
}

}  // namespace
}  // namespace loka
