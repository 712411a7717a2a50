// Status and Result<T>: errors as values. Every fallible function in loka returns one of these;
// exceptions never cross a module boundary (see STYLE.md 5-6).
#ifndef LOKA_CORE_STATUS_H_
#define LOKA_CORE_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace loka {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from outside: a malformed line, a bad flag value
  kNotFound,            // a file, a model, a route that does not exist
  kCorrupt,             // bytes that fail a format's checks: bad magic, checksum, truncation
  kIoError,             // the operating system refused: open, read, write, mmap
  kFailedPrecondition,  // the call is valid but not in this state
  kResourceExhausted,   // over a bound: body size, batch size, queue depth
  kUnimplemented,
  kInternal,            // a broken invariant in loka itself
  kUnavailable,         // transient: the database is locked by another writer, the disk is full;
                        // the same call may succeed later
};

// Returns a stable lower-case name ("invalid_argument") for logs, exit codes and JSON errors.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "corrupt: model.bin: checksum mismatch"
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message". OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Unavailable(std::string m) {
  return {StatusCode::kUnavailable, std::move(m)};
}
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or the Status saying why there is none. Never holds an OK status without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {           // NOLINT: implicit by design
    if (std::get<Status>(v_).ok()) v_ = Status(StatusCode::kInternal, "Result from OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace loka

#define LOKA_CONCAT_INNER_(a, b) a##b
#define LOKA_CONCAT_(a, b) LOKA_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define LOKA_RETURN_IF_ERROR(expr)                     \
  do {                                                 \
    ::loka::Status loka_status_ = (expr);              \
    if (!loka_status_.ok()) return loka_status_;       \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define LOKA_ASSIGN_OR_RETURN(lhs, expr) \
  LOKA_ASSIGN_OR_RETURN_IMPL_(LOKA_CONCAT_(loka_result_, __LINE__), lhs, expr)
#define LOKA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#endif  // LOKA_CORE_STATUS_H_
