// Comparison of computed values with numbers printed in FAO-56 (Allen et al. 1998).
//
// Tolerance: one unit in the last digit the paper prints. FAO-56 rounds each intermediate it
// prints and often computes the next line from the rounded value, so an exact computation can
// differ from a printed number by up to one unit in its last digit (e.g. Example 18 prints
// n/N = 0.57 and computes Rs = 22.07 from it, where 9.25 / 16.09 gives 22.09). Where a test
// needs more than that, it says why next to the value.
#ifndef LOKA_TESTS_AGRI_FAO56_PRINTED_H_
#define LOKA_TESTS_AGRI_FAO56_PRINTED_H_

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <string_view>

namespace loka::agri {

struct Printed {
  std::string_view what;  // the symbol and where it is printed
  double actual;          // what loka computes
  double paper;           // what FAO-56 prints
  int decimals;           // how many decimals FAO-56 prints
};

inline double PrintedTolerance(int decimals) { return std::pow(10.0, -decimals) + 1e-9; }

inline void ExpectAsPrinted(std::initializer_list<Printed> rows) {
  for (const Printed& r : rows) {
    EXPECT_NEAR(r.actual, r.paper, PrintedTolerance(r.decimals)) << r.what;
  }
}

}  // namespace loka::agri

#endif  // LOKA_TESTS_AGRI_FAO56_PRINTED_H_
