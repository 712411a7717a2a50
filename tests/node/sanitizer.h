// LOKA_TEST_ASAN is 1 in AddressSanitizer builds, with either compiler: g++ defines
// __SANITIZE_ADDRESS__, clang answers __has_feature(address_sanitizer). Tests that bound the
// node's resident set check the bound in plain builds only: the sanitizer's shadow memory and
// quarantine inflate it.
#ifndef LOKA_TESTS_NODE_SANITIZER_H_
#define LOKA_TESTS_NODE_SANITIZER_H_

#if defined(__SANITIZE_ADDRESS__)
#define LOKA_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOKA_TEST_ASAN 1
#endif
#endif
#ifndef LOKA_TEST_ASAN
#define LOKA_TEST_ASAN 0
#endif

#endif  // LOKA_TESTS_NODE_SANITIZER_H_
