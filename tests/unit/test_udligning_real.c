/* Real values for the equalisation (--real, lib/core/udligning/udligning_real.c): a
 * hand-made series of three municipalities, worked out by hand in the
 * comments. The parameters and the data are test values, not law.
 *
 * Series (kommunekode, aar, indbyggere_1jan, udskrivningsprocent):
 *   101 2020  990 23.0    101 2021 1000 24.0
 *   147 2020  490 24.0    147 2021  500 25.0
 *   461 2020  480 25.0    461 2021  500 26.0
 * Data (before): folketal 900, 400, 300; age groups a, b, c
 *   101: 200 300 400   147: 100 100 200   461: 100 100 100
 *   beskatningsgrundlag 1000, 3000, 6000. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/series.h"
#include "indeks/sink.h"
#include "indeks/udligning.h"

#define NUM(v) "{\"value\": " #v ", \"source\": \"test\", \"confirmed\": true}"
#define GUESS(v) "{\"value\": " #v ", \"source\": \"test guess\", \"confirmed\": false}"

static const char params_2021[] =
    "{\"name\": \"hand real\", \"year\": 2021,\n"
    " \"samlet_udgift\": " NUM(4000) ",\n"
    " \"socio_andel\": " NUM(0.5) ",\n"
    " \"gennemsnitlig_skatteprocent\": " GUESS(0.5) ",\n"
    " \"aldersgrupper\": [{\"kolonne\": \"a\", \"enhedsbeloeb\": " NUM(1) "},\n"
    "                   {\"kolonne\": \"b\", \"enhedsbeloeb\": " NUM(1) "},\n"
    "                   {\"kolonne\": \"c\", \"enhedsbeloeb\": " NUM(1) "}],\n"
    " \"udgiftsudligning\": {\"sats\": " NUM(0.9) ", \"tillaeg_over_gennemsnit\": " NUM(0) "},\n"
    " \"skatteudligning\": {\"sats\": " NUM(0.5) ", \"tillaeg_under_graense\": " NUM(0) ",\n"
    "   \"nedre_graense\": " NUM(0.9) ", \"ekstra_bidrag_over_graense\": " NUM(0) ",\n"
    "   \"oevre_graense\": " NUM(1.25) "}}\n";

static ix_udl_params *parse(void)
{
    ix_udl_params *p = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_udl_params_parse(params_2021, strlen(params_2021), "p.json", &p, &d);
    if (st)
        fprintf(stderr, "parse: %s:%ld: %s: %s\n", d.file, d.line, d.field, d.message);
    assert_int_equal(st, IX_OK);
    return p;
}

static ix_table *table(const char *const *head, size_t ncols, const char *rows[][6], size_t nrows,
                       const char *source)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_table_new(head, ncols, source, ',', '.', &t, &d), IX_OK);
    for (size_t r = 0; r < nrows; r++)
        assert_int_equal(ix_table_add_row(t, rows[r], (long)r + 2, &d), IX_OK);
    return t;
}

/* The series; without_461: 461 has no 2021 row. */
static ix_udl_real *real_2021(int without_461, int year, ix_status want, ix_diag *d)
{
    static const char *const head[] = {"kommunekode", "aar", "indbyggere_1jan",
                                       "udskrivningsprocent"};
    const char *rows[][6] = {
        {"101", "2020", "990", "23.0"}, {"101", "2021", "1000", "24.0"},
        {"147", "2020", "490", "24.0"}, {"147", "2021", "500", "25.0"},
        {"461", "2020", "480", "25.0"}, {"461", "2021", "500", "26.0"},
    };
    ix_table *t = table(head, 4, rows, without_461 ? 5 : 6, "serie.csv");
    ix_series *pop = NULL, *tax = NULL;
    ix_udl_real *r = NULL;
    ix_diag_clear(d);
    assert_int_equal(ix_series_from_table(t, "indbyggere_1jan", &pop, d), IX_OK);
    assert_int_equal(ix_series_from_table(t, "udskrivningsprocent", &tax, d), IX_OK);
    assert_int_equal(ix_udl_real_from_series(pop, tax, year, &r, d), want);
    ix_series_free(pop);
    ix_series_free(tax);
    ix_table_free(t);
    return r;
}

static ix_table *data_table(void)
{
    static const char *const head[] = {"kommunekode", "folketal", "beskatningsgrundlag",
                                       "a", "b", "c"};
    const char *rows[][6] = {
        {"101", "900", "1000", "200", "300", "400"},
        {"147", "400", "3000", "100", "100", "200"},
        {"461", "300", "6000", "100", "100", "100"},
    };
    return table(head, 6, rows, 3, "data.csv");
}

static double cell(const ix_table *t, size_t row, const char *column)
{
    double v = NAN;
    ix_diag d;
    assert_int_equal(ix_table_number(t, row, (size_t)ix_table_find(t, column), &v, &d), IX_OK);
    return v;
}

/* folketal := indbyggere_1jan 2021 = 1000, 500, 500. Age groups, each
 * a_i * N' / sum a, floored, the persons still missing one each to the
 * largest fractional parts (ties: the earlier group):
 *   101: 200, 300, 400 * 1000/900 = 222.22, 333.33, 444.44 -> 222, 333, 444
 *        (999); 1 missing -> c (.44): 222, 333, 445 (sum 1000)
 *   147: 100, 100, 200 * 500/400 = 125, 125, 250 exactly (sum 500)
 *   461: 100, 100, 100 * 500/300 = 166.67 each -> 166 * 3 = 498; 2 missing,
 *        all tied -> a and b: 167, 167, 166 (sum 500)
 * Other columns (beskatningsgrundlag) unchanged. */
static void test_rescale(void **state)
{
    (void)state;
    ix_diag d;
    ix_udl_params *p = parse();
    ix_udl_real *r = real_2021(0, 2021, IX_OK, &d);
    ix_table *t = data_table(), *out = NULL;
    assert_int_equal(r->n, 3);
    assert_int_equal(ix_udl_real_apply_table(r, p, t, NULL, &out, &d), IX_OK);
    assert_int_equal(r->npopulation, 3);
    const double pop[3] = {1000, 500, 500}, base[3] = {1000, 3000, 6000};
    const double ages[3][3] = {{222, 333, 445}, {125, 125, 250}, {167, 167, 166}};
    static const char *const groups[3] = {"a", "b", "c"};
    for (size_t k = 0; k < 3; k++) {
        assert_true(cell(out, k, "folketal") == pop[k]);
        assert_true(cell(out, k, "beskatningsgrundlag") == base[k]);
        double sum = 0;
        for (size_t a = 0; a < 3; a++) {
            assert_true(cell(out, k, groups[a]) == ages[k][a]);
            sum += ages[k][a];
        }
        assert_true(sum == pop[k]);
    }
    /* the input table is not changed */
    assert_true(cell(t, 0, "folketal") == 900);
    ix_table_free(out);
    ix_table_free(t);
    ix_udl_real_free(r);
    ix_udl_params_free(p);
}

/* Weighted mean: B = 1000, 3000, 6000 (sum 10000), t = 24, 25, 26 %:
 * (1000*24 + 3000*25 + 6000*26) / 10000 = (24000 + 75000 + 156000) / 10000
 * = 25.5 % -> 0.255 (the plain mean would be 25.0, the population-weighted
 * 24.75). With the extras 0, tax-base equalisation is
 * 0.5 (bbar - b_k) 0.255 N_k, N = 1000, 500, 500 (2000), b = 1, 6, 12,
 * bbar = 10000/2000 = 5:
 *   101: 0.5 *  4 * 0.255 * 1000 =  510
 *   147: 0.5 * -1 * 0.255 *  500 =  -63.75
 *   461: 0.5 * -7 * 0.255 *  500 = -446.25   (sum 0) */
static void test_weighted_tax(void **state)
{
    (void)state;
    ix_diag d;
    ix_udl_params *p = parse();
    ix_udl_real *r = real_2021(0, 2021, IX_OK, &d);
    ix_udl_data *data = NULL;
    assert_int_equal(ix_udl_data_new(3, 3, 0, 0, &data, &d), IX_OK);
    const int codes[3] = {101, 147, 461};
    const double pop[3] = {1000, 500, 500}, base[3] = {1000, 3000, 6000};
    const double share[3] = {0.5, 0.25, 0.25}, tax_eq[3] = {510, -63.75, -446.25};
    for (int k = 0; k < 3; k++) {
        data->codes[k] = codes[k];
        data->population[k] = pop[k];
        data->tax_base[k] = base[k];
        data->share[k] = share[k];
        for (int a = 0; a < 3; a++)
            data->ages[k * 3 + a] = pop[k] / 3;
    }
    assert_int_equal(ix_udl_real_apply_tax(r, p, data, &d), IX_OK);
    assert_true(fabs(p->p[IX_UDL_AVG_TAX].value - 0.255) < 1e-15);
    assert_true(fabs(r->avg_tax - 0.255) < 1e-15);
    assert_true(r->avg_tax_given == 0.5);
    assert_ptr_equal(p->real, r);
    ix_udl_result *res = NULL;
    assert_int_equal(ix_udl_compute(p, data, &res, &d), IX_OK);
    double sum = 0;
    for (int k = 0; k < 3; k++) {
        assert_true(fabs(res->tax_eq[k] - tax_eq[k]) < 1e-9);
        sum += res->net[k];
    }
    assert_true(fabs(sum) < 1e-9);

    /* The notes: the computed value and its source replace NOT CONFIRMED. */
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    r->npopulation = 3;
    ix_udl_write_notes(p, NULL, data, 0, "", &s);
    assert_non_null(b.data);
    assert_non_null(strstr(b.data, "Parameter gennemsnitlig_skatteprocent = 0.255 was computed "
                                   "from the data"));
    assert_non_null(strstr(b.data, "udskrivningsprocent 2021 from serie.csv (source: De Kommunale "
                                   "Nøgletal, noegletal.dk)"));
    assert_non_null(strstr(b.data, "replaces the parameter file's value 0.5."));
    assert_non_null(strstr(b.data, "folketal of the 3 municipalities is indbyggere_1jan 2021"));
    assert_null(strstr(b.data, "gennemsnitlig_skatteprocent = 0.5 is NOT CONFIRMED"));
    assert_null(strstr(b.data, "NOT CONFIRMED"));
    ix_buf_free(&b);
    ix_udl_result_free(res);
    ix_udl_data_free(data);
    ix_udl_real_free(r);
    ix_udl_params_free(p);
}

/* Errors name the file and the year or the code. */
static void test_errors(void **state)
{
    (void)state;
    ix_diag d;
    assert_null(real_2021(0, 2019, IX_ERR_INPUT, &d));
    assert_string_equal(d.file, "serie.csv");
    assert_non_null(strstr(d.message, "the year 2019 is not in the file (it has 2020-2021)"));

    ix_udl_params *p = parse();
    ix_udl_real *r = real_2021(1, 2021, IX_OK, &d);
    ix_table *t = data_table(), *out = NULL;
    assert_int_equal(ix_udl_real_apply_table(r, p, t, NULL, &out, &d), IX_ERR_INPUT);
    assert_null(out);
    assert_string_equal(d.file, "serie.csv");
    assert_string_equal(d.field, "indbyggere_1jan");
    assert_non_null(strstr(d.message, "municipality 461"));
    assert_non_null(strstr(d.message, "for the year 2021"));

    ix_udl_data *data = NULL;
    assert_int_equal(ix_udl_data_new(3, 3, 0, 0, &data, &d), IX_OK);
    data->codes[0] = 101;
    data->codes[1] = 147;
    data->codes[2] = 461;
    data->tax_base[0] = data->tax_base[1] = data->tax_base[2] = 1;
    assert_int_equal(ix_udl_real_apply_tax(r, p, data, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "udskrivningsprocent");
    assert_non_null(strstr(d.message, "municipality 461"));
    assert_true(p->p[IX_UDL_AVG_TAX].value == 0.5); /* unchanged */
    assert_null(p->real);
    ix_udl_data_free(data);
    ix_table_free(t);
    ix_udl_real_free(r);
    ix_udl_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rescale),
        cmocka_unit_test(test_weighted_tax),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
