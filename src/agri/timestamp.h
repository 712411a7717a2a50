// ISO-8601 timestamps of sensor readings, as seconds since the Unix epoch (UTC). Thread
// contract: plain functions on values.
#ifndef LOKA_AGRI_TIMESTAMP_H_
#define LOKA_AGRI_TIMESTAMP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace loka::agri {

// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" or the same with 'T' for the
// space, optional fractional seconds (".000000", truncated to whole seconds), and an optional
// zone: 'Z' or "+hh:mm" / "-hh:mm" / "+hhmm". Without a zone the time is taken as UTC. Returns
// seconds since 1970-01-01T00:00:00Z (negative before it). Fails with InvalidArgument naming the
// text for anything else: wrong field widths, month 13, 30 February, hour 24, trailing bytes.
Result<int64_t> ParseIso8601(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" for seconds since the epoch.
std::string FormatIso8601(int64_t unix_s);

// Calendar days are counted as days since 1970-01-01 ("unix days", core/time.h), the date of a
// time being UnixDayFromSeconds in the time zone the caller has already applied.

// Parses exactly "YYYY-MM-DD" into a unix day. Fails with InvalidArgument naming the text as a
// date and the reason ("date "2024-02-30": day out of range").
Result<int64_t> ParseDate(std::string_view text);

// "YYYY-MM-DD" for a unix day.
std::string FormatDate(int64_t unix_day);

// Day of the year J, 1..366, of a unix day (FAO-56 Table 2.5 counts the same way).
int DayOfYear(int64_t unix_day);

}  // namespace loka::agri

#endif  // LOKA_AGRI_TIMESTAMP_H_
