/* Allocation failure injection for the unit tests (test-only; lib/ has no
 * hook and no globals for it).
 *
 * Linked into a test executable with
 *   -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup
 *   -Wl,--wrap=_assert_true,--wrap=_assert_int_equal,--wrap=_assert_string_equal, ...
 * every allocation made by the library or the test goes through the
 * __wrap_ functions below, and so do jansson's (json_set_alloc_funcs).
 * With IX_FAIL_ALLOC=k the k-th allocation returns NULL, once; every other
 * allocation succeeds. At exit one line on standard error says what
 * happened ("failalloc: k=K injected, N allocations" or "failalloc: k=K not
 * reached, N allocations"), which tests/alloc/run.sh reads to know when to
 * stop.
 *
 * Leaks. After the failure the library returns an error; a test expecting
 * success then fails an assertion, and cmocka longjmps out of the test,
 * abandoning whatever the test held: LeakSanitizer at exit would blame
 * those on the library. So the leak check is made at the failed assertion,
 * before the longjmp, while the test's frame (and everything it holds) is
 * still live: what is unreachable then was lost by the library. The process
 * then ends at once (_exit), leaving the other tests of that executable to
 * the runs without injection. A run in which no assertion fails ends
 * normally and LeakSanitizer checks at exit as usual. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);

/* Provided by LeakSanitizer when linked with -fsanitize=address; absent in
 * other builds. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

/* Exit statuses run.sh tells apart. */
enum { FA_LEAK = 97, FA_ASSERT = 98 };

static unsigned long fa_count;  /* allocations so far */
static unsigned long fa_target; /* the one to fail; 0 = none */
static int fa_injected;

static int fail_now(void)
{
    fa_count++;
    if (fa_target && fa_count == fa_target) {
        fa_injected = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t size)
{
    return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return fail_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

static void report(void)
{
    if (fa_target)
        fprintf(stderr, "failalloc: k=%lu %s, %lu allocations\n", fa_target,
                fa_injected ? "injected" : "not reached", fa_count);
    else
        fprintf(stderr, "failalloc: %lu allocations\n", fa_count);
}

__attribute__((constructor)) static void fa_init(void)
{
    const char *k = getenv("IX_FAIL_ALLOC");
    if (k) {
        char *end = NULL;
        fa_target = strtoul(k, &end, 10);
        if (!end || *end)
            fa_target = 0;
    }
    json_set_alloc_funcs(__wrap_malloc, free);
    atexit(report);
}

/* A failed assertion after an injected failure: check for leaks now, then
 * stop (see the comment at the top). */
static void assertion_failed(void)
{
    if (!fa_injected)
        return; /* a real test failure: let cmocka report it */
    int leaked = __lsan_do_recoverable_leak_check ? __lsan_do_recoverable_leak_check() : 0;
    fflush(stdout);
    report();
    fprintf(stderr, "failalloc: assertion failed after the injected failure%s\n",
            leaked ? "; LEAK (above)" : ", nothing leaked");
    _exit(leaked ? FA_LEAK : FA_ASSERT);
}

/* cmocka's assertion entry points, as its macros call them (cmocka 1.1). */
void __real__assert_true(const LargestIntegralType result, const char *const expression,
                         const char *const file, const int line);
void __real__assert_int_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                              const int line);
void __real__assert_int_not_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                                  const int line);
void __real__assert_string_equal(const char *a, const char *b, const char *file, const int line);
void __real__assert_return_code(const LargestIntegralType result, size_t rlen, const LargestIntegralType error,
                                const char *const expression, const char *const file,
                                const int line);
void __real__fail(const char *const file, const int line);
void __real__assert_memory_equal(const void *const a, const void *const b, const size_t size,
                                 const char *const file, const int line);
void __wrap__assert_memory_equal(const void *const a, const void *const b, const size_t size,
                                 const char *const file, const int line);
void __wrap__assert_true(const LargestIntegralType result, const char *const expression,
                         const char *const file, const int line);
void __wrap__assert_int_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                              const int line);
void __wrap__assert_int_not_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                                  const int line);
void __wrap__assert_string_equal(const char *a, const char *b, const char *file, const int line);
void __wrap__assert_return_code(const LargestIntegralType result, size_t rlen, const LargestIntegralType error,
                                const char *const expression, const char *const file,
                                const int line);
void __wrap__fail(const char *const file, const int line);

void __wrap__assert_true(const LargestIntegralType result, const char *const expression,
                         const char *const file, const int line)
{
    if (!result)
        assertion_failed();
    __real__assert_true(result, expression, file, line);
}

void __wrap__assert_int_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                              const int line)
{
    if (a != b)
        assertion_failed();
    __real__assert_int_equal(a, b, file, line);
}

void __wrap__assert_int_not_equal(const LargestIntegralType a, const LargestIntegralType b, const char *const file,
                                  const int line)
{
    if (a == b)
        assertion_failed();
    __real__assert_int_not_equal(a, b, file, line);
}

void __wrap__assert_string_equal(const char *a, const char *b, const char *file, const int line)
{
    if (!a || !b || strcmp(a, b) != 0)
        assertion_failed();
    __real__assert_string_equal(a, b, file, line);
}

void __wrap__assert_return_code(const LargestIntegralType result, size_t rlen, const LargestIntegralType error,
                                const char *const expression, const char *const file,
                                const int line)
{
    (void)rlen;
    (void)error;
    /* cmocka fails when the value, read as signed, is negative. */
    if ((intmax_t)result < 0)
        assertion_failed();
    __real__assert_return_code(result, rlen, error, expression, file, line);
}

void __wrap__fail(const char *const file, const int line)
{
    assertion_failed();
    __real__fail(file, line);
}

void __wrap__assert_memory_equal(const void *const a, const void *const b, const size_t size,
                                 const char *const file, const int line)
{
    if (memcmp(a, b, size) != 0)
        assertion_failed();
    __real__assert_memory_equal(a, b, size, file, line);
}
