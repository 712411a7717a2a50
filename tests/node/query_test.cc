// Query-parameter parsing shared by the handlers (node/query.h): one rule for every integer
// parameter, and errors that name the parameter and the range.
#include "node/query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace loka::node {
namespace {

using ::testing::HasSubstr;

Request With(const std::string& name, const std::string& value) {
  Request r;
  r.query[name] = value;
  return r;
}

TEST(IntQueryTest, AbsentOrEmptyGivesTheFallback) {
  EXPECT_EQ(*IntQuery(Request{}, "limit", 1, 100, 42), 42);
  EXPECT_EQ(*IntQuery(With("limit", ""), "limit", 1, 100, 42), 42);
  // The fallback may lie outside the range: it can mean "none" (no `before` id).
  EXPECT_EQ(*IntQuery(Request{}, "before", 1, 100, 0), 0);
}

TEST(IntQueryTest, TakesWholeNumbersWithinTheRange) {
  EXPECT_EQ(*IntQuery(With("k", "1"), "k", 1, 100, 10), 1);
  EXPECT_EQ(*IntQuery(With("k", "100"), "k", 1, 100, 10), 100);
  EXPECT_EQ(*IntQuery(With("k", "007"), "k", 1, 100, 10), 7);
  EXPECT_EQ(*IntQuery(With("d", "-3"), "d", -5, 5, 0), -3);
}

TEST(IntQueryTest, RefusesEverythingElseNamingTheParameterAndTheRange) {
  for (const char* bad : {"0", "101", "-1", "abc", "5x", "1.5", " 5", "+5", "1e2",
                          "99999999999999999999", "-99999999999999999999"}) {
    Result<int64_t> r = IntQuery(With("limit", bad), "limit", 1, 100, 10);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(r.status().message(), HasSubstr("limit = \"" + std::string(bad) + "\""));
    EXPECT_THAT(r.status().message(), HasSubstr("expected 1..100"));
  }
}

}  // namespace
}  // namespace loka::node
