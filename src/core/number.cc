#include "core/number.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

#include "core/ascii.h"

namespace loka {
namespace {

constexpr size_t kQuotedBytes = 64;  // of the text quoted in an error

Status NotANumber(std::string_view text, std::string_view why) {
  std::string m = "\"";
  m.append(text.substr(0, kQuotedBytes)).append("\" is not a decimal number (");
  m.append(why).append(")");
  return InvalidArgument(std::move(m));
}

}  // namespace

Result<double> ParseDecimal(std::string_view text, NonFinite non_finite) {
  if (text.empty()) return NotANumber(text, "empty");
  std::string_view body = text;
  const bool negative = body.front() == '-';
  if (body.front() == '+' || body.front() == '-') body.remove_prefix(1);
  if (AsciiEqualsIgnoringCase(body, "nan") || AsciiEqualsIgnoringCase(body, "inf") ||
      AsciiEqualsIgnoringCase(body, "infinity")) {
    if (non_finite == NonFinite::kRefuse) return NotANumber(text, "not finite");
    if (body.size() == 3 && (body[0] == 'n' || body[0] == 'N')) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  // Only the plain decimal form: std::from_chars would also take "inf" and "nan", which are
  // handled above, and never hexadecimal without chars_format::hex.
  if (body.empty() || !((body.front() >= '0' && body.front() <= '9') || body.front() == '.')) {
    return NotANumber(text, "expected digits");
  }
  double v = 0;
  const std::from_chars_result r =
      std::from_chars(body.data(), body.data() + body.size(), v, std::chars_format::general);
  if (r.ec == std::errc::invalid_argument) return NotANumber(text, "expected digits");
  if (r.ptr != body.data() + body.size()) {
    const size_t at = static_cast<size_t>(r.ptr - body.data());
    std::string why = "unexpected \"";
    why.append(body.substr(at, kQuotedBytes)).append("\"");
    return NotANumber(text, why);
  }
  if (r.ec == std::errc::result_out_of_range) {
    // The text is a well-formed decimal: strtod tells an overflow (±HUGE_VAL) from an
    // underflow (0 or a subnormal, which any reading may round to).
    const double near = std::strtod(std::string(body).c_str(), nullptr);
    if (!std::isinf(near)) return negative ? -near : near;
    if (non_finite == NonFinite::kRefuse) return NotANumber(text, "beyond the double range");
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  return negative ? -v : v;
}

}  // namespace loka
