#include "core/time.h"

#include <gtest/gtest.h>

namespace loka {
namespace {

// 2024-06-01T00:00:00Z. Days from 1970-01-01: 54 years of 365 days plus 13 leap days
// (1972..2020) = 19723, then Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 = 152: day 19875.
constexpr int64_t kJune1Day = 19875;
constexpr int64_t kJune1S = kJune1Day * 86400;  // 1717200000
constexpr int64_t kJune1Ms = kJune1S * 1000;

TEST(TimeTest, DurationsAgreeWithTheirUnits) {
  EXPECT_EQ(kMsPerMinute, 60000);
  EXPECT_EQ(kMsPerHour, 3600000);
  EXPECT_EQ(kMsPerDay, 86400000);
  EXPECT_EQ(kSecondsPerDay, 24 * 60 * 60);
}

TEST(TimeTest, FloorDivRoundsTowardMinusInfinity) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);  // C++'s -7 / 2 is -3
  EXPECT_EQ(FloorDiv(-8, 2), -4);
  EXPECT_EQ(FloorDiv(0, 5), 0);
  EXPECT_EQ(FloorMod(-7, 2), 1);
  EXPECT_EQ(FloorMod(-8, 2), 0);
  EXPECT_EQ(FloorMod(7, 3), 1);
}

TEST(TimeTest, UnixDayAtTheEpochAndBeforeIt) {
  EXPECT_EQ(UnixDayFromSeconds(0), 0);
  EXPECT_EQ(UnixDayFromSeconds(86399), 0);    // 1970-01-01T23:59:59Z
  EXPECT_EQ(UnixDayFromSeconds(86400), 1);    // 1970-01-02T00:00:00Z
  EXPECT_EQ(UnixDayFromSeconds(-1), -1);      // 1969-12-31T23:59:59Z
  EXPECT_EQ(UnixDayFromSeconds(-86400), -1);  // 1969-12-31T00:00:00Z
  EXPECT_EQ(UnixDayFromSeconds(-86401), -2);  // 1969-12-30T23:59:59Z
  EXPECT_EQ(UnixDayFromMs(-1), -1);
  EXPECT_EQ(UnixDayFromMs(0), 0);
  EXPECT_EQ(UnixDayFromMs(86399999), 0);
  EXPECT_EQ(UnixDayFromMs(-86400001), -2);
}

TEST(TimeTest, UnixDayAroundMidnight) {
  EXPECT_EQ(UnixDayFromSeconds(kJune1S), kJune1Day);
  EXPECT_EQ(UnixDayFromSeconds(kJune1S - 1), kJune1Day - 1);
  EXPECT_EQ(UnixDayFromMs(kJune1Ms), kJune1Day);
  EXPECT_EQ(UnixDayFromMs(kJune1Ms - 1), kJune1Day - 1);
  EXPECT_EQ(UnixDayFromMs(kJune1Ms + kMsPerDay - 1), kJune1Day);
}

TEST(TimeTest, SecondOfDayIsNeverNegative) {
  EXPECT_EQ(SecondOfDay(kJune1S + 3661), 3661);  // 01:01:01
  EXPECT_EQ(SecondOfDay(-1), 86399);             // 23:59:59 the day before the epoch
  EXPECT_EQ(SecondOfDay(-86400), 0);
  EXPECT_EQ(SecondOfDay(-43200), 43200);  // 1969-12-31T12:00:00Z
}

TEST(TimeTest, LocalDayShiftsByTheOffset) {
  EXPECT_EQ(LocalDayFromMs(kJune1Ms, 0), kJune1Day);
  // 2024-06-01T00:00Z is 19:00 on 31 May in UTC-5.
  EXPECT_EQ(LocalDayFromMs(kJune1Ms, -300), kJune1Day - 1);
  // 2024-05-31T21:00Z is midnight of 1 June in UTC+3; a millisecond earlier is still 31 May.
  EXPECT_EQ(LocalDayFromMs(kJune1Ms - 3 * kMsPerHour, 180), kJune1Day);
  EXPECT_EQ(LocalDayFromMs(kJune1Ms - 3 * kMsPerHour - 1, 180), kJune1Day - 1);
  // 2024-06-01T23:59:59Z is 05:29:59 on 2 June in UTC+5:30.
  EXPECT_EQ(LocalDayFromSeconds(kJune1S + 86399, 330), kJune1Day + 1);
  // 1970-01-01T02:00Z is 23:00 on 31 December 1969 in UTC-3: day -1.
  EXPECT_EQ(LocalDayFromSeconds(2 * 3600, -180), -1);
  EXPECT_EQ(LocalDayFromMs(2 * kMsPerHour, -180), -1);
  // 1969-12-31T23:00Z is 01:00 on 1 January 1970 in UTC+2: day 0.
  EXPECT_EQ(LocalDayFromSeconds(-3600, 120), 0);
}

TEST(TimeTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(kJune1Ms, 500);
  EXPECT_EQ(clock.NowMs(), kJune1Ms);
  EXPECT_EQ(clock.SteadyMs(), 500);
  clock.AdvanceMs(kMsPerDay + 250);
  EXPECT_EQ(clock.NowMs(), kJune1Ms + 86400250);
  EXPECT_EQ(clock.SteadyMs(), 86400750);
  EXPECT_EQ(UnixDayFromMs(clock.NowMs()), kJune1Day + 1);
  // Setting the wall clock back (as an operator might) leaves steady time where it was.
  clock.SetNowMs(kJune1Ms - 1);
  EXPECT_EQ(clock.NowMs(), kJune1Ms - 1);
  EXPECT_EQ(clock.SteadyMs(), 86400750);
}

TEST(TimeTest, SystemClockIsNearTheDateAndSteady) {
  const Clock& clock = DefaultClock();
  // After 2024-06-01 and before 2200-01-01 (7258118400000 ms).
  EXPECT_GT(clock.NowMs(), kJune1Ms);
  EXPECT_LT(clock.NowMs(), 7258118400000);
  const int64_t a = clock.SteadyMs();
  const int64_t b = clock.SteadyMs();
  EXPECT_LE(a, b);
}

}  // namespace
}  // namespace loka
