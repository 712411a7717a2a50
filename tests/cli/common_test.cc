// The verb runner: a verb's Status becomes the exit code, and the error reaches stderr once.
#include "cli/common.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "cli/commands.h"

namespace loka::cli {
namespace {

using ::testing::HasSubstr;

TEST(RunVerbTest, OkIsExitCodeZeroAndSilent) {
  int exit_code = 7;
  ::testing::internal::CaptureStderr();
  RunVerb(&exit_code, [] { return Status::Ok(); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(exit_code, 0);
}

TEST(RunVerbTest, AnErrorIsPrintedAndExitCodeOne) {
  int exit_code = 0;
  ::testing::internal::CaptureStderr();
  RunVerb(&exit_code, [] { return NotFound("model.bin: cannot open"); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "loka: not_found: model.bin: cannot open\n");
  EXPECT_EQ(exit_code, 1);
}

TEST(RunVerbTest, AnEscapingExceptionIsAnInternalError) {
  int exit_code = 0;
  ::testing::internal::CaptureStderr();
  RunVerb(&exit_code, []() -> Status { throw std::out_of_range("vector index 9"); });
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, HasSubstr("loka: internal: vector index 9"));
  EXPECT_EQ(exit_code, 1);
}

}  // namespace
}  // namespace loka::cli
