#include "text/names.h"

#include "text/utf8.h"

namespace loka::text {

Status ValidateName(std::string_view name, std::string_view what) {
  bool ok = !name.empty() && name.size() <= 64 && name[0] != '.';
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.');
  }
  if (ok) return Status::Ok();
  std::string shown(name.substr(0, 64));
  if (!ValidateUtf8(shown).ok()) shown = "<not UTF-8>";
  return InvalidArgument(std::string(what) + " name \"" + shown +
                         "\": use 1 to 64 letters, digits, '_', '-' or '.'");
}

}  // namespace loka::text
