// Tests for core/status.h: codes, messages, Result, and the propagation macros.
#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace loka {
namespace {

TEST(StatusTest, DefaultIsOk) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  const struct {
    Status status;
    StatusCode code;
    const char* text;
  } cases[] = {
      {InvalidArgument("train.tsv line 12: malformed UTF-8 at byte 7"),
       StatusCode::kInvalidArgument,
       "invalid_argument: train.tsv line 12: malformed UTF-8 at byte 7"},
      {NotFound("model.bin"), StatusCode::kNotFound, "not_found: model.bin"},
      {Corrupt("model.bin: checksum mismatch"), StatusCode::kCorrupt,
       "corrupt: model.bin: checksum mismatch"},
      {IoError("disk full"), StatusCode::kIoError, "io_error: disk full"},
      {FailedPrecondition("not trained"), StatusCode::kFailedPrecondition,
       "failed_precondition: not trained"},
      {ResourceExhausted("body over 1 MiB"), StatusCode::kResourceExhausted,
       "resource_exhausted: body over 1 MiB"},
      {Internal("broken invariant"), StatusCode::kInternal, "internal: broken invariant"},
      {Status(StatusCode::kUnimplemented, "later"), StatusCode::kUnimplemented,
       "unimplemented: later"},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.ToString(), c.text);
  }
}

TEST(StatusTest, CodeNamesAreStable) {
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "ok");
  EXPECT_EQ(StatusCodeName(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(StatusCodeName(StatusCode::kNotFound), "not_found");
  EXPECT_EQ(StatusCodeName(StatusCode::kCorrupt), "corrupt");
  EXPECT_EQ(StatusCodeName(StatusCode::kIoError), "io_error");
  EXPECT_EQ(StatusCodeName(StatusCode::kFailedPrecondition), "failed_precondition");
  EXPECT_EQ(StatusCodeName(StatusCode::kResourceExhausted), "resource_exhausted");
  EXPECT_EQ(StatusCodeName(StatusCode::kUnimplemented), "unimplemented");
  EXPECT_EQ(StatusCodeName(StatusCode::kInternal), "internal");
}

TEST(StatusTest, WithPrefixNamesThePlace) {
  const Status s = InvalidArgument("malformed UTF-8 at byte 7").WithPrefix("train.tsv line 12");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "train.tsv line 12: malformed UTF-8 at byte 7");
  EXPECT_TRUE(Status::Ok().WithPrefix("anything").ok());
  EXPECT_EQ(Status::Ok().WithPrefix("anything").message(), "");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> v = 42;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 42);
  EXPECT_EQ(v.value(), 42);
  EXPECT_TRUE(v.status().ok());

  Result<int> e = NotFound("x.bin");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.status().message(), "x.bin");

  Result<std::string> s = std::string("abc");
  EXPECT_EQ(s->size(), 3u);
}

TEST(ResultTest, OkStatusBecomesInternalError) {
  Result<int> r = Status::Ok();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  EXPECT_EQ(r.status().message(), "Result from OK status");
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

Status FailIf(bool fail) { return fail ? Corrupt("bad") : Status::Ok(); }

Status Chain(bool fail, int* reached) {
  LOKA_RETURN_IF_ERROR(FailIf(fail));
  *reached = 1;
  return Status::Ok();
}

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  LOKA_ASSIGN_OR_RETURN(const int h, Half(x));
  LOKA_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(MacroTest, ReturnIfErrorPropagates) {
  int reached = 0;
  EXPECT_TRUE(Chain(false, &reached).ok());
  EXPECT_EQ(reached, 1);
  reached = 0;
  const Status s = Chain(true, &reached);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_EQ(s.message(), "bad");
  EXPECT_EQ(reached, 0);
}

TEST(MacroTest, AssignOrReturnAssignsOrPropagates) {
  Result<int> ok = Quarter(12);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 3);
  Result<int> first = Quarter(7);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().message(), "7 is odd");
  Result<int> second = Quarter(6);  // 6 -> 3, then 3 is odd
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(second.status().message(), "3 is odd");
}

}  // namespace
}  // namespace loka
