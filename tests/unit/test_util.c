/* The core's small helpers (util.h): ix_strdup, ix_cmp_double, and the name
 * index that made reading 20,000 indicators linear. Expected values by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/util.h"

static void test_name_index_finds_first(void **state)
{
    (void)state;
    /* positions:             0     1     2     3     4     5 */
    const char *names[] = {"b", "a", NULL, "c", "a", "æø"};
    ix_name_index ix = {0, NULL};
    assert_int_equal(ix_name_index_build(&ix, names, 6), 0);
    assert_int_equal(ix.n, 5);                            /* the NULL is left out */
    assert_int_equal(ix_name_index_find(&ix, "a"), 1);    /* first of 1 and 4 */
    assert_int_equal(ix_name_index_find(&ix, "b"), 0);
    assert_int_equal(ix_name_index_find(&ix, "c"), 3);
    assert_int_equal(ix_name_index_find(&ix, "æø"), 5);
    assert_int_equal(ix_name_index_find(&ix, "d"), -1);   /* after the last */
    assert_int_equal(ix_name_index_find(&ix, ""), -1);    /* before the first */
    assert_int_equal(ix_name_index_find(&ix, "aa"), -1);  /* between */
    ix_name_index_free(&ix);
    assert_int_equal(ix.n, 0);
    ix_name_index_free(&ix); /* twice is harmless */
}

static void test_name_index_empty(void **state)
{
    (void)state;
    ix_name_index zero = {0, NULL};
    assert_int_equal(ix_name_index_find(&zero, "a"), -1); /* zeroed: finds nothing */
    ix_name_index ix = {0, NULL};
    assert_int_equal(ix_name_index_build(&ix, NULL, 0), 0);
    assert_int_equal(ix_name_index_find(&ix, "a"), -1);
    ix_name_index_free(&ix);
}

/* Against a scan, on 2,000 names with repeats: the same first position. */
static void test_name_index_agrees_with_scan(void **state)
{
    (void)state;
    enum { N = 2000 };
    char (*text)[8] = malloc(N * sizeof *text);
    const char **names = malloc(N * sizeof *names);
    assert_non_null(text);
    assert_non_null(names);
    uint32_t seed = 2026;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(text[i], sizeof text[i], "k%u", (unsigned)((seed >> 16) % 700)); /* repeats */
        names[i] = text[i];
    }
    ix_name_index ix = {0, NULL};
    assert_int_equal(ix_name_index_build(&ix, names, N), 0);
    for (unsigned k = 0; k < 800; k++) {
        char want[8];
        snprintf(want, sizeof want, "k%u", k);
        long scan = -1;
        for (size_t i = 0; i < N && scan < 0; i++)
            if (strcmp(names[i], want) == 0)
                scan = (long)i;
        assert_int_equal(ix_name_index_find(&ix, want), scan);
    }
    ix_name_index_free(&ix);
    free(names);
    free(text);
}

static void test_strdup_and_cmp(void **state)
{
    (void)state;
    char *c = ix_strdup("Ærø");
    assert_string_equal(c, "Ærø");
    free(c);
    c = ix_strdup(NULL);
    assert_string_equal(c, "");
    free(c);
    double a = 1.5, b = 2.5;
    assert_int_equal(ix_cmp_double(&a, &b), -1);
    assert_int_equal(ix_cmp_double(&b, &a), 1);
    assert_int_equal(ix_cmp_double(&a, &a), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_index_finds_first),
        cmocka_unit_test(test_name_index_empty),
        cmocka_unit_test(test_name_index_agrees_with_scan),
        cmocka_unit_test(test_strdup_and_cmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
