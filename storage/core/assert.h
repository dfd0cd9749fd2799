// JIAMEI_ASSERT(condition, message): states an invariant the code relies
// on. A broken invariant is a bug, never bad input (input is refused with a
// Status long before): when `condition` is false the process prints
// file:line, the condition and `message` to stderr and aborts.
//
// Compiled in when JIAMEI_ASSERTIONS is defined (the CMake option
// JIAMEI_ASSERTIONS, ON by default and in every test build); otherwise the
// condition is not evaluated, so it must have no side effects.
#ifndef JIAMEI_STORAGE_CORE_ASSERT_H_
#define JIAMEI_STORAGE_CORE_ASSERT_H_

namespace jiamei::internal {

// Prints the failure and aborts.
[[noreturn]] void AssertionFailed(const char* file, int line,
                                  const char* condition, const char* message);

}  // namespace jiamei::internal

#ifdef JIAMEI_ASSERTIONS
#define JIAMEI_ASSERT(condition, message)                                 \
  do {                                                                    \
    if (!(condition)) {                                                   \
      ::jiamei::internal::AssertionFailed(__FILE__, __LINE__, #condition, \
                                          message);                       \
    }                                                                     \
  } while (false)
#else
#define JIAMEI_ASSERT(condition, message) \
  do {                                    \
    if (false && (condition)) {           \
    }                                     \
  } while (false)
#endif

#endif  // JIAMEI_STORAGE_CORE_ASSERT_H_
