// Numbered ids for tests ("n3", "row 12"), shared by the layers' tests.
#ifndef LOKA_TESTS_NUMBERED_H_
#define LOKA_TESTS_NUMBERED_H_

#include <cstdint>
#include <string>

namespace loka::testing {

// PREFIX followed by i ("n3"), built by appending: GCC 12 inlines `"n" + std::to_string(i)`
// (operator+(const char*, std::string&&), an insert at 0) into a memcpy it cannot prove free of
// overlap and warns with -Wrestrict, a known false positive of its std::string inlining.
inline std::string Numbered(const char* prefix, int64_t i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

}  // namespace loka::testing

#endif  // LOKA_TESTS_NUMBERED_H_
