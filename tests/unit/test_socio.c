/* The socio-economic index (lib/core/socio/socio.c, lib/core/socio/socio_data.c, lib/io/socio/model_json.c)
 * against numbers worked out by hand, the properties the law's formula
 * guarantees, and every bad input of issue 2 with the place its diagnostic
 * must name.
 *
 * The hand example (used by several tests below). Model: scale 100, three
 * criteria
 *   a  weight 0.5, count column a
 *   b  weight 0.3, count column b
 *   c  weight 0.2, threshold criterion: ledige above 5 % of personer, the
 *      larger of now and three years earlier (ledige_t3, personer_t3), >= 0
 * Data (4 municipalities):
 *   code  N_k   a    b    personer ledige personer_t3 ledige_t3
 *   101   1000  40   0    500      40     500         30
 *   147   2000  20   50   1000     40     800         50
 *   153   3000  30   150  1500     100    1500        90
 *   376   4000  10   50   2000     90     2000        95
 *
 * Threshold rule, c = max(ledige - 0.05 personer, ledige_t3 - 0.05 personer_t3, 0):
 *   101: max(40-25=15,  30-25=5,   0) = 15  (the calculation year is larger)
 *   147: max(40-50=-10, 50-40=10,  0) = 10  (three years earlier is larger;
 *                                            note it uses the earlier base 800)
 *   153: max(100-75=25, 90-75=15,  0) = 25  (the calculation year)
 *   376: max(90-100=-10, 95-100=-5, 0) = 0  (the floor at 0)
 * National totals: N = 10000; C_a = 100, C_b = 250, C_c = 15+10+25+0 = 50.
 * Population shares N_k/N: 0.1, 0.2, 0.3, 0.4.
 * Shares c_jk/C_j and relative rates (share / population share):
 *   a: .4 .2 .3 .1  -> 4, 1, 1, 0.25
 *   b: 0  .2 .6 .2  -> 0, 1, 2, 0.5
 *   c: .3 .2 .5 0   -> 3, 1, 5/3, 0
 * Contributions 100 * w_j * relative rate:
 *   101: a 200,  b 0,  c 60          index 260
 *   147: a 50,   b 30, c 20          index 100
 *   153: a 50,   b 60, c 100/3       index 430/3 = 143.333...
 *   376: a 12.5, b 15, c 0           index 27.5
 * Check: 0.1*260 + 0.2*100 + 0.3*430/3 + 0.4*27.5 = 26 + 20 + 43 + 11 = 100.
 * Ranks: 101 -> 1, 153 -> 2, 147 -> 3, 376 -> 4. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/kommuner.h"
#include "indeks/socio.h"

/* |got - want| <= rel * max(1, |want|), printing both on failure. */
#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), #got, __FILE__, __LINE__)

static void assert_close_at(double got, double want, double rel, const char *what, const char *file,
                            int line)
{
    double tol = rel * (fabs(want) > 1 ? fabs(want) : 1);
    if (!(fabs(got - want) <= tol)) {
        print_error("%s = %.17g, expected %.17g (tolerance %.3g)\n", what, got, want, tol);
        _fail(file, line);
    }
}

/* The diag names file:line:column and field; field NULL means "no field". */
#define assert_diag(d, f, l, c, fld) assert_diag_at((d), (f), (l), (c), (fld), __FILE__, __LINE__)

static void assert_diag_at(const ix_diag *d, const char *file, long line, long column,
                           const char *field, const char *src, int at)
{
    if (strcmp(d->file, file) != 0 || d->line != line || d->column != column ||
        strcmp(d->field, field ? field : "") != 0) {
        print_error("diag %s:%ld:%ld field \"%s\" (%s), expected %s:%ld:%ld field \"%s\"\n", d->file,
                    d->line, d->column, d->field, d->message, file, line, column, field ? field : "");
        _fail(src, at);
    }
}

#define assert_message_has(d, text)                                                                \
    do {                                                                                           \
        if (!strstr((d)->message, (text))) {                                                       \
            print_error("message \"%s\" lacks \"%s\"\n", (d)->message, (text));                    \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static const char hand_model_json[] =
    "{\"name\": \"hand\", \"source\": \"test_socio.c\", \"population\": \"indbyggere\",\n"
    " \"scale\": 100,\n"
    " \"criteria\": [\n"
    "  {\"id\": \"a\", \"name\": \"A\", \"weight\": 0.5, \"count\": \"a\"},\n"
    "  {\"id\": \"b\", \"name\": \"B\", \"weight\": 0.3, \"count\": \"b\"},\n"
    "  {\"id\": \"c\", \"name\": \"C\", \"weight\": 0.2, \"count\": \"ledige\",\n"
    "   \"excess\": {\"share\": 0.05, \"of\": \"personer\",\n"
    "              \"earlier_count\": \"ledige_t3\", \"earlier_of\": \"personer_t3\"}}]}\n";

static const char hand_header[] =
    "kommunekode,kommune,indbyggere,a,b,personer,ledige,personer_t3,ledige_t3\n";
static const char hand_row101[] = "101,København,1000,40,0,500,40,500,30\n";
static const char hand_row147[] = "147,Frederiksberg,2000,20,50,1000,40,800,50\n";
static const char hand_row153[] = "153,Brøndby,3000,30,150,1500,100,1500,90\n";
static const char hand_row376[] = "376,Guldborgsund,4000,10,50,2000,90,2000,95\n";

static ix_socio_model *parse_model(const char *json, const char *source)
{
    ix_socio_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_socio_model_parse(json, strlen(json), source, &m, &d);
    if (st != IX_OK)
        print_error("model: %s\n", d.message);
    assert_int_equal(st, IX_OK);
    assert_non_null(m);
    return m;
}

static ix_table *parse_csv(const char *text, const char *source)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_csv_parse(text, strlen(text), source, &t, &d);
    if (st != IX_OK)
        print_error("csv: %s:%ld:%ld %s\n", d.file, d.line, d.column, d.message);
    assert_int_equal(st, IX_OK);
    return t;
}

/* The hand data with rows replaced where given (NULL: the hand row). */
static char *hand_csv(const char *header, const char *r1, const char *r2, const char *r3,
                      const char *r4)
{
    const char *parts[5] = {header ? header : hand_header, r1 ? r1 : hand_row101,
                            r2 ? r2 : hand_row147, r3 ? r3 : hand_row153, r4 ? r4 : hand_row376};
    size_t len = 1;
    for (int i = 0; i < 5; i++)
        len += strlen(parts[i]);
    char *text = malloc(len);
    assert_non_null(text);
    size_t used = 0;
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(parts[i]);
        memcpy(text + used, parts[i], n);
        used += n;
    }
    text[used] = '\0';
    return text;
}

/* Reads data from CSV text with the hand model; returns the status, d filled. */
static ix_status load(const ix_socio_model *m, const char *text, ix_socio_data **data, ix_diag *d)
{
    ix_table *t = parse_csv(text, "data.csv");
    ix_diag_clear(d);
    *data = NULL;
    ix_status st = ix_socio_data_from_table(m, t, data, d);
    ix_table_free(t);
    return st;
}

static void test_hand_example(void **state)
{
    (void)state;
    ix_socio_model *m = parse_model(hand_model_json, "hand.json");
    ix_diag d;
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);
    assert_int_equal(m->renormalised, 0);
    char *text = hand_csv(NULL, NULL, NULL, NULL, NULL);
    ix_socio_data *data = NULL;
    assert_int_equal(load(m, text, &data, &d), IX_OK);
    assert_int_equal(data->nunits, 4);
    assert_int_equal(data->ncriteria, 3);
    /* threshold criterion after the rule (see the comment at the top) */
    const double want_c[4] = {15, 10, 25, 0}, want_raw_c[4] = {40, 40, 100, 90};
    for (size_t k = 0; k < 4; k++) {
        assert_close(data->counts[k * 3 + 2], want_c[k], 1e-12);
        assert_close(data->raw[k * 3 + 2], want_raw_c[k], 1e-12);
    }
    assert_close(data->raw[0 * 3 + 0], 40, 0); /* non-excess: raw = count */
    assert_close(data->counts[2 * 3 + 1], 150, 0);

    ix_socio_result *r = NULL;
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_OK);
    assert_close(r->population, 10000, 0);
    assert_close(r->national[0], 100, 0);
    assert_close(r->national[1], 250, 0);
    assert_close(r->national[2], 50, 1e-12);

    const int codes[4] = {101, 147, 153, 376};
    const double want_contrib[4][3] = {
        {200, 0, 60}, {50, 30, 20}, {50, 60, 100.0 / 3.0}, {12.5, 15, 0}};
    const double want_index[4] = {260, 100, 430.0 / 3.0, 27.5};
    const long want_rank[4] = {1, 3, 2, 4};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(data->codes[k], codes[k]);
        for (size_t j = 0; j < 3; j++)
            assert_close(r->contrib[k * 3 + j], want_contrib[k][j], 1e-12);
        assert_close(r->index[k], want_index[k], 1e-12);
        assert_int_equal(r->rank[k], want_rank[k]);
    }
    /* order by rank: 101, 153, 147, 376 = rows 0, 2, 1, 3 */
    assert_int_equal(r->order[0], 0);
    assert_int_equal(r->order[1], 2);
    assert_int_equal(r->order[2], 1);
    assert_int_equal(r->order[3], 3);
    /* names come from the reference table */
    assert_string_equal(data->names[2], "Brøndby");
    assert_int_equal(data->lines[3], 5);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    free(text);
}

/* Σ_k N_k index_k / N, accumulated in long double so the check adds no
 * error of its own worth speaking of. */
static double weighted_mean(const ix_socio_data *data, const ix_socio_result *r)
{
    long double num = 0, den = 0;
    for (size_t k = 0; k < data->nunits; k++) {
        num += (long double)data->population[k] * r->index[k];
        den += data->population[k];
    }
    return (double)(num / den);
}

/* Contributions add up to the index: re-added here in long double. */
static void check_contributions(const ix_socio_result *r)
{
    for (size_t k = 0; k < r->nunits; k++) {
        long double sum = 0;
        for (size_t j = 0; j < r->ncriteria; j++)
            sum += r->contrib[k * r->ncriteria + j];
        assert_close((double)sum, r->index[k], 1e-12);
    }
}

/* The build embeds models/socio_2021.json (cmake/embed.cmake). */
const char *ix__embedded(const char *name, size_t *len);

static char *shipped_model(size_t *len)
{
    const char *text = ix__embedded("models/socio_2021.json", len);
    assert_non_null(text);
    char *copy = malloc(*len + 1);
    assert_non_null(copy);
    memcpy(copy, text, *len);
    copy[*len] = '\0';
    return copy;
}

/* The derived kinds, by hand. Three units, N = 100, 200, 100 (N = 400),
 * four criteria of weight 1/4:
 *   mean of a, b, c:     (3+6+9)/3 = 6, (10+10+10)/3 = 10, (0+0+3)/3 = 1; C = 17
 *   product dist * p:    2.0*50 = 100, 0.5*100 = 50, 5.0*10 = 50;        C = 200
 *   rate % / 100 * lf:   4*50/100 = 2, 4*100/100 = 4, 2*100/100 = 2;     C = 8
 *   gap (max life - life) * old, max 82:
 *                        (82-80)*20 = 40, 0*50 = 0, (82-81)*30 = 30;     C = 70
 * index_1 = 100 * 1/4 * (6/17 + 100/200 + 2/8 + 40/70) / (100/400)
 *         = 100 * (6/17 + 1/2 + 1/4 + 4/7)
 * index_2 = 100 * 1/4 * (10/17 + 50/200 + 4/8 + 0) / (200/400) = 50 * (10/17 + 3/4)
 * index_3 = 100 * (1/17 + 1/4 + 1/4 + 3/7)
 * Weighted mean: (100 i_1 + 200 i_2 + 100 i_3) / 400
 *   = 100 * (6/17 + 10/17 + 1/17 + 3/4 + 3/4 + 1/2 + 4/7 + 3/7) / 4 = 100. */
static void test_kinds_by_hand(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"kinds\", \"source\": \"test\", \"population\": \"n\", \"criteria\": [\n"
        " {\"id\": \"mean\", \"name\": \"M\", \"weight\": 0.25, \"kind\": \"mean\",\n"
        "  \"columns\": [\"a\", \"b\", \"c\"]},\n"
        " {\"id\": \"dist\", \"name\": \"D\", \"weight\": 0.25, \"kind\": \"product\",\n"
        "  \"measure\": {\"column\": \"dist\", \"unit\": \"km\", \"min\": 0}, \"times\": \"p\"},\n"
        " {\"id\": \"rate\", \"name\": \"R\", \"weight\": 0.25, \"kind\": \"product\", \"factor\": 0.01,\n"
        "  \"measure\": {\"column\": \"rate\", \"min\": 0, \"max\": 100}, \"times\": \"lf\"},\n"
        " {\"id\": \"gap\", \"name\": \"G\", \"weight\": 0.25, \"kind\": \"gap_to_max\",\n"
        "  \"measure\": {\"column\": \"life\", \"min\": 40, \"max\": 100}, \"times\": \"old\"}]}";
    static const char csv[] =
        "kommunekode,n,a,b,c,dist,p,rate,lf,life,old\n"
        "101,100,3,6,9,2.0,50,4,50,80,20\n"
        "147,200,10,10,10,0.5,100,4,100,82,50\n"
        "151,100,0,0,3,5.0,10,2,100,81,30\n";
    ix_socio_model *m = parse_model(json, "kinds.json");
    assert_int_equal(m->criteria[0].kind, IX_SOCIO_MEAN);
    assert_int_equal(m->criteria[1].kind, IX_SOCIO_PRODUCT);
    assert_int_equal(m->criteria[3].kind, IX_SOCIO_GAP_TO_MAX);
    assert_string_equal(m->criteria[1].count, "p"); /* the primary column: times */
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);
    ix_table *t = parse_csv(csv, "kinds.csv");
    ix_socio_data *data = NULL;
    assert_int_equal(ix_socio_data_from_table(m, t, &data, &d), IX_OK);
    const double want[3][4] = {{6, 100, 2, 40}, {10, 50, 4, 0}, {1, 50, 2, 30}};
    for (size_t k = 0; k < 3; k++)
        for (size_t j = 0; j < 4; j++)
            assert_close(data->counts[k * 4 + j], want[k][j], 1e-12);
    assert_close(data->gap_max[3], 82, 0);
    ix_socio_result *r = NULL;
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_OK);
    assert_close(r->index[0], 100 * (6.0 / 17 + 0.5 + 0.25 + 4.0 / 7), 1e-12);
    assert_close(r->index[1], 50 * (10.0 / 17 + 0.75), 1e-12);
    assert_close(r->index[2], 100 * (1.0 / 17 + 0.5 + 3.0 / 7), 1e-12);
    assert_close(weighted_mean(data, r), 100.0, 1e-12);
    /* Slopes per unit of the primary input: 1/3 for the mean, the distance
     * for the product, 4 % = 0.04 for the rate, the gap for the gap. */
    const double *in0 = &data->inputs[0];
    assert_close(ix_socio_derive_slope(&m->criteria[0], in0, 0), 1.0 / 3, 1e-15);
    assert_close(ix_socio_derive_slope(&m->criteria[1], in0 + IX_SOCIO_MAX_INPUTS, 0), 2.0, 0);
    assert_close(ix_socio_derive_slope(&m->criteria[2], in0 + (size_t)2 * IX_SOCIO_MAX_INPUTS, 0), 0.04,
                 1e-15);
    assert_close(ix_socio_derive_slope(&m->criteria[3], in0 + (size_t)3 * IX_SOCIO_MAX_INPUTS, 82), 2.0, 0);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_table_free(t);

    /* A measure outside its range: file, line, column and criterion named. */
    static const char bad[] =
        "kommunekode,n,a,b,c,dist,p,rate,lf,life,old\n"
        "101,100,3,6,9,2.0,50,4,50,80,20\n"
        "147,200,10,10,10,0.5,100,100.5,100,82,50\n";
    t = parse_csv(bad, "bad.csv");
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_data_from_table(m, t, &data, &d), IX_ERR_INPUT);
    assert_diag(&d, "bad.csv", 3, 8, "rate");
    assert_message_has(&d, "criterion rate");
    assert_message_has(&d, "100.5");
    ix_table_free(t);
    ix_socio_model_free(m);
}

static void test_weighted_mean_demo(void **state)
{
    (void)state;
    size_t len = 0;
    char *json = shipped_model(&len);
    ix_socio_model *m = NULL;
    ix_diag d;
    assert_int_equal(ix_socio_model_parse(json, len, "models/socio_2021.json", &m, &d), IX_OK);
    free(json);
    /* The shipped model is complete: its weights are the law's and sum to 1. */
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);
    assert_int_equal(m->renormalised, 0);
    assert_int_equal(ix_socio_model_is_partial(m), 0);
    ix_table *t = NULL;
    assert_int_equal(ix_demo_socio_table(IX_DEMO_SEED, &t, &d), IX_OK);
    ix_socio_data *data = NULL;
    assert_int_equal(ix_socio_data_from_table(m, t, &data, &d), IX_OK);
    assert_int_equal(data->nunits, 98);
    ix_socio_result *r = NULL;
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_OK);
    assert_close(weighted_mean(data, r), 100.0, 1e-12);
    check_contributions(r);
    /* ranks: 1 + the number of strictly larger indices */
    for (size_t k = 0; k < 98; k++) {
        long above = 0;
        for (size_t i = 0; i < 98; i++)
            above += r->index[i] > r->index[k];
        assert_int_equal(r->rank[k], above + 1);
    }
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_table_free(t);
    ix_socio_model_free(m);
}

/* A model with nc criteria of random weights (to be normalised) and scale. */
static ix_socio_model *random_model(ix_rng *rng, size_t nc, double scale)
{
    char json[4096];
    size_t used = (size_t)snprintf(json, sizeof json,
                                   "{\"name\": \"random\", \"source\": \"test\", "
                                   "\"population\": \"n\", \"scale\": %.17g, \"criteria\": [",
                                   scale);
    for (size_t j = 0; j < nc; j++)
        used += (size_t)snprintf(json + used, sizeof json - used,
                                 "%s{\"id\": \"k%zu\", \"name\": \"K\", \"weight\": %.17g, "
                                 "\"count\": \"c%zu\"}",
                                 j ? ", " : "", j, 0.01 + ix_rng_uniform(rng), j);
    snprintf(json + used, sizeof json - used, "]}");
    return parse_model(json, "random.json");
}

static void test_weighted_mean_random(void **state)
{
    (void)state;
    ix_rng rng;
    ix_rng_seed(&rng, 12345);
    const size_t sizes[3] = {3, 98, 5000};
    for (int trial = 0; trial < 3; trial++) {
        const size_t n = sizes[trial], nc = 8;
        double scale = trial == 1 ? 1.0 : 100.0;
        ix_socio_model *m = random_model(&rng, nc, scale);
        ix_diag d;
        assert_int_equal(ix_socio_model_check_weights(m, 1, &d), IX_OK);
        ix_socio_data *data = NULL;
        assert_int_equal(ix_socio_data_new(n, nc, &data, &d), IX_OK);
        for (size_t k = 0; k < n; k++) {
            data->population[k] = floor(500 + 600000 * pow(ix_rng_uniform(&rng), 3));
            for (size_t j = 0; j < nc; j++) {
                double rate = 0.3 * ix_rng_uniform(&rng);
                data->counts[k * nc + j] = data->raw[k * nc + j] = floor(rate * data->population[k]);
            }
        }
        ix_socio_result *r = NULL;
        assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_OK);
        assert_close(weighted_mean(data, r), scale, 1e-12);
        check_contributions(r);
        ix_socio_result_free(r);
        ix_socio_data_free(data);
        ix_socio_model_free(m);
    }
}

static void test_threshold_rule(void **state)
{
    (void)state;
    /* now 100 - 0.05*1000 = 50, earlier 80 - 0.05*800 = 40: the calculation year */
    assert_close(ix_socio_excess(100, 1000, 0.05, 1, 80, 800), 50, 1e-12);
    /* now 50, earlier 120 - 0.05*900 = 75: three years earlier */
    assert_close(ix_socio_excess(100, 1000, 0.05, 1, 120, 900), 75, 1e-12);
    /* now 10 - 50 = -40, earlier 20 - 50 = -30: the floor at 0 */
    assert_close(ix_socio_excess(10, 1000, 0.05, 1, 20, 1000), 0, 0);
    /* without earlier values the earlier numbers are ignored: 50 */
    assert_close(ix_socio_excess(100, 1000, 0.05, 0, 999, 0), 50, 1e-12);
    /* without earlier values, below the threshold: 0, not negative */
    assert_close(ix_socio_excess(40, 1000, 0.05, 0, 0, 0), 0, 0);

    /* The same rule through a model without earlier_* columns: c = max(ledige
     * - 0.05 personer, 0) = 15, 0 (not 10: no earlier branch), 25, 0. */
    static const char json[] =
        "{\"name\": \"no earlier\", \"source\": \"t\", \"population\": \"indbyggere\",\n"
        " \"criteria\": [{\"id\": \"a\", \"name\": \"A\", \"weight\": 0.5, \"count\": \"a\"},\n"
        "  {\"id\": \"c\", \"name\": \"C\", \"weight\": 0.5, \"count\": \"ledige\",\n"
        "   \"excess\": {\"share\": 0.05, \"of\": \"personer\"}}]}";
    ix_socio_model *m = parse_model(json, "noearlier.json");
    assert_null(m->criteria[1].earlier_count);
    assert_int_equal(m->criteria[1].has_excess, 1);
    assert_close(m->scale, 100, 0); /* the default scale */
    char *text = hand_csv(NULL, NULL, NULL, NULL, NULL);
    ix_socio_data *data = NULL;
    ix_diag d;
    assert_int_equal(load(m, text, &data, &d), IX_OK);
    const double want[4] = {15, 0, 25, 0};
    for (size_t k = 0; k < 4; k++)
        assert_close(data->counts[k * 2 + 1], want[k], 1e-12);
    /* C_c = 40; 101: 100*0.5*(15/40)/0.1 = 187.5 and a: 100*0.5*4 = 200 -> 387.5 */
    ix_socio_result *r = NULL;
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_OK);
    assert_close(r->national[1], 40, 1e-12);
    assert_close(r->index[0], 387.5, 1e-12);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    free(text);
}

static void test_weights(void **state)
{
    (void)state;
    /* 0.19 + 0.13 = 0.32: refused without normalise */
    static const char json[] =
        "{\"name\": \"w\", \"source\": \"t\", \"population\": \"n\", \"criteria\": [\n"
        " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 0.19, \"count\": \"a\"},\n"
        " {\"id\": \"k2\", \"name\": \"B\", \"weight\": 0.13, \"count\": \"b\"}]}";
    ix_socio_model *m = parse_model(json, "w.json");
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_ERR_MODEL);
    assert_diag(&d, "w.json", 1, 0, "criteria"); /* the line of "criteria" */
    assert_message_has(&d, "0.32");
    assert_message_has(&d, "normalise_weights");
    assert_int_equal(m->renormalised, 0);
    assert_close(m->criteria[0].weight, 0.19, 0); /* untouched */
    assert_int_equal(ix_socio_model_is_partial(m), 0);
    /* with normalise: 0.19/0.32 = 0.59375, 0.13/0.32 = 0.40625 */
    assert_int_equal(ix_socio_model_check_weights(m, 1, &d), IX_OK);
    assert_int_equal(m->renormalised, 1);
    assert_close(m->weight_sum, 0.32, 1e-12);
    assert_close(m->criteria[0].weight, 0.59375, 1e-12);
    assert_close(m->criteria[1].weight, 0.40625, 1e-12);
    assert_int_equal(ix_socio_model_is_partial(m), 1);
    ix_socio_model_free(m);

    /* A negative weight is refused even with normalise, naming the criterion. */
    static const char neg[] =
        "{\"name\": \"w\", \"source\": \"t\", \"population\": \"n\", \"criteria\": [\n"
        " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 1.2, \"count\": \"a\"},\n"
        " {\"id\": \"k2\", \"name\": \"B\", \"weight\": -0.2, \"count\": \"b\"}]}";
    m = parse_model(neg, "neg.json");
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 1, &d), IX_ERR_MODEL);
    assert_diag(&d, "neg.json", 3, 0, "k2"); /* the criterion's line */
    assert_message_has(&d, "-0.2");
    ix_socio_model_free(m);

    /* The shipped model: complete, the 18 criteria of LBK 63/2021 § 5 stk. 2
     * with nr 1-18 and the law's weights 19, 13, 6, 2, 12, 9, 3, 5, 4, 6, 4,
     * 2, 3, 2, 2, 5, 1, 2 % (sum 100 %), accepted without rescaling. */
    static const double law[18] = {19, 13, 6, 2, 12, 9, 3, 5, 4, 6, 4, 2, 3, 2, 2, 5, 1, 2};
    size_t len = 0;
    char *text = shipped_model(&len);
    assert_int_equal(ix_socio_model_parse(text, len, "models/socio_2021.json", &m, &d), IX_OK);
    free(text);
    assert_int_equal(m->ncriteria, 18);
    assert_int_equal(ix_socio_model_is_partial(m), 0);
    for (size_t j = 0; j < 18; j++) {
        assert_int_equal(m->criteria[j].nr, (int)j + 1);
        assert_close(m->criteria[j].weight, law[j] / 100.0, 1e-15);
    }
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);
    assert_int_equal(m->renormalised, 0);
    /* Claims complete with a weight not the law's: refused naming it, even
     * with normalise; marked incomplete, the same weights are the user's. */
    m->criteria[13].weight = 0.03;
    m->criteria[15].weight = 0.04;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 1, &d), IX_ERR_MODEL);
    assert_string_equal(d.field, "k14_afstand_arbejdspladser");
    assert_message_has(&d, "nr 14");
    assert_message_has(&d, "0.02");
    free(m->status);
    m->status = strdup("incomplete");
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);
    assert_int_equal(ix_socio_model_is_partial(m), 1);
    /* Complete but a criterion of the law missing: refused naming its nr. */
    free(m->status);
    m->status = strdup("complete");
    m->criteria[13].weight = 0.02;
    m->criteria[15].weight = 0.05;
    m->ncriteria = 17; /* nr 18 left out */
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_law(m, &d), IX_ERR_MODEL);
    assert_message_has(&d, "nr 18");
    m->ncriteria = 18;
    m->criteria[17].nr = 0; /* no longer says which it is */
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_check_law(m, &d), IX_ERR_MODEL);
    assert_string_equal(d.field, "k18_lav_middellevetid");
    ix_socio_model_free(m);

    /* The law's tables: 2013-2020 has 14 criteria (nr 12 the decline, 2 %),
     * 2021 on 18; none before 2013. */
    int n = 0;
    assert_close(ix_socio_law_weight(2015, 12, &n), 0.02, 0);
    assert_int_equal(n, 14);
    assert_close(ix_socio_law_weight(2020, 7, NULL), 0.025, 0);
    assert_close(ix_socio_law_weight(2021, 17, &n), 0.01, 0);
    assert_int_equal(n, 18);
    assert_true(ix_socio_law_weight(2012, 1, &n) < 0);
    assert_int_equal(n, 0);
    assert_true(ix_socio_law_weight(2021, 19, NULL) < 0);
}

/* Weights whose sum overflows: each weight is finite, their sum is not. With
 * normalise, dividing by an infinite sum would make every weight 0 and every
 * index 0 (weighted mean 0, not the scale); the model must be refused. */
static void test_weights_overflow(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"w\", \"source\": \"t\", \"population\": \"n\", \"criteria\": [\n"
        " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 1e308, \"count\": \"a\"},\n"
        " {\"id\": \"k2\", \"name\": \"B\", \"weight\": 1e308, \"count\": \"b\"}]}";
    ix_socio_model *m = parse_model(json, "big.json");
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_socio_model_check_weights(m, 1, &d);
    if (st == IX_OK)
        print_error("accepted; weights now %g and %g\n", m->criteria[0].weight, m->criteria[1].weight);
    assert_int_equal(st, IX_ERR_MODEL);
    assert_string_equal(d.file, "big.json");
    ix_socio_model_free(m);
}

/* Bad data: each refused with status and place. Columns: kommunekode 1,
 * kommune 2, indbyggere 3, a 4, b 5, personer 6, ledige 7, personer_t3 8,
 * ledige_t3 9; data rows are lines 2-5. */
static void expect_bad(const char *text, ix_status want, long line, long column, const char *field,
                       const char *message_part)
{
    ix_socio_model *m = parse_model(hand_model_json, "hand.json");
    ix_socio_data *data = NULL;
    ix_diag d;
    ix_status st = load(m, text, &data, &d);
    assert_int_equal(st, want);
    assert_null(data);
    assert_diag(&d, "data.csv", line, column, field);
    assert_message_has(&d, message_part);
    ix_socio_model_free(m);
}

static void test_bad_data(void **state)
{
    (void)state;
    char *text;
    /* population 0 on Brøndby's line (4) */
    text = hand_csv(NULL, NULL, NULL, "153,Brøndby,0,30,150,1500,100,1500,90\n", NULL);
    expect_bad(text, IX_ERR_INPUT, 4, 3, "indbyggere", "population");
    free(text);
    /* negative count: b = -5 on line 3 */
    text = hand_csv(NULL, NULL, "147,Frederiksberg,2000,20,-5,1000,40,800,50\n", NULL, NULL);
    expect_bad(text, IX_ERR_INPUT, 3, 5, "b", "-5");
    free(text);
    /* non-numeric count: a = "1O" (letter O) on line 5 */
    text = hand_csv(NULL, NULL, NULL, NULL, "376,Guldborgsund,4000,1O,50,2000,90,2000,95\n");
    expect_bad(text, IX_ERR_INPUT, 5, 4, "a", "1O");
    free(text);
    /* negative count in the threshold's base three years earlier: line 2 col 8 */
    text = hand_csv(NULL, "101,København,1000,40,0,500,40,-500,30\n", NULL, NULL, NULL);
    expect_bad(text, IX_ERR_INPUT, 2, 8, "personer_t3", "-500");
    free(text);
    /* unknown municipality code 999 on line 4 */
    text = hand_csv(NULL, NULL, NULL, "999,Nowhere,3000,30,150,1500,100,1500,90\n", NULL);
    expect_bad(text, IX_ERR_INPUT, 4, 1, "kommunekode", "999");
    free(text);
    /* duplicate: 147 again on line 5 (first on line 3) */
    text = hand_csv(NULL, NULL, NULL, NULL, "0147,Frederiksberg,4000,10,50,2000,90,2000,95\n");
    expect_bad(text, IX_ERR_INPUT, 5, 1, "kommunekode", "lines 3 and 5");
    free(text);
    /* missing column: ledige_t3, named by the model, not in the header (line 1) */
    text = hand_csv("kommunekode,kommune,indbyggere,a,b,personer,ledige,personer_t3,ledige_t4\n",
                    NULL, NULL, NULL, NULL);
    expect_bad(text, IX_ERR_INPUT, 1, 0, "ledige_t3", "hand.json");
    free(text);
    /* missing population column */
    text = hand_csv("kommunekode,kommune,befolkning,a,b,personer,ledige,personer_t3,ledige_t3\n",
                    NULL, NULL, NULL, NULL);
    expect_bad(text, IX_ERR_INPUT, 1, 0, "indbyggere", "indbyggere");
    free(text);
}

/* A criterion whose national total is 0: every b is 0. Refused when
 * computing, naming the data file and the column (there is no one line). */
static void test_national_total_zero(void **state)
{
    (void)state;
    ix_socio_model *m = parse_model(hand_model_json, "hand.json");
    char *text = hand_csv(NULL, NULL, "147,Frederiksberg,2000,20,0,1000,40,800,50\n",
                          "153,Brøndby,3000,30,0,1500,100,1500,90\n",
                          "376,Guldborgsund,4000,10,0,2000,90,2000,95\n");
    ix_socio_data *data = NULL;
    ix_diag d;
    assert_int_equal(load(m, text, &data, &d), IX_OK);
    ix_socio_result *r = NULL;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_ERR_INPUT);
    assert_null(r);
    assert_string_equal(d.file, "data.csv");
    assert_string_equal(d.field, "b");
    assert_message_has(&d, "national total of 0");
    ix_socio_data_free(data);
    free(text);

    /* The threshold criterion below its threshold everywhere: C_c = 0 too.
     * ledige 20 < 0.05 personer in all four and in the earlier year. */
    text = hand_csv(NULL, "101,København,1000,40,0,500,20,500,20\n",
                    "147,Frederiksberg,2000,20,50,1000,40,800,40\n",
                    "153,Brøndby,3000,30,150,1500,70,1500,70\n",
                    "376,Guldborgsund,4000,10,50,2000,90,2000,95\n");
    assert_int_equal(load(m, text, &data, &d), IX_OK);
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_compute(m, data, &r, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "ledige");
    assert_message_has(&d, "\"c\"");
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    free(text);
}

/* "101", "0101", 101 and 101.0 all mean København. */
static void test_codes(void **state)
{
    (void)state;
    ix_socio_model *m = parse_model(hand_model_json, "hand.json");
    const char *rows[4] = {"\"101\",X,1000,40,0,500,40,500,30\n",
                           "0101,X,1000,40,0,500,40,500,30\n",
                           "101,X,1000,40,0,500,40,500,30\n",
                           "101.0,X,1000,40,0,500,40,500,30\n"};
    for (int i = 0; i < 4; i++) {
        char *text = hand_csv(NULL, rows[i], NULL, NULL, NULL);
        ix_socio_data *data = NULL;
        ix_diag d;
        ix_status st = load(m, text, &data, &d);
        if (st)
            print_error("row %s: %s\n", rows[i], d.message);
        assert_int_equal(st, IX_OK);
        assert_int_equal(ix_socio_data_find(data, 101), 0);
        assert_int_equal(data->codes[0], 101);
        assert_string_equal(data->names[0], "København");
        assert_int_equal(ix_socio_data_find(data, 102), -1);
        ix_socio_data_free(data);
        free(text);
    }
    ix_socio_model_free(m);
}

static void expect_model_error(const char *json, ix_status want, long line, long column,
                               const char *field, const char *message_part)
{
    ix_socio_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_parse(json, strlen(json), "model.json", &m, &d), want);
    assert_null(m);
    if (line >= 0)
        assert_diag(&d, "model.json", line, column, field);
    else {
        assert_string_equal(d.file, "model.json");
        assert_string_equal(d.field, field ? field : "");
    }
    assert_message_has(&d, message_part);
}

static void test_model_errors(void **state)
{
    (void)state;
    /* Malformed: line 3 lacks the ':' after "source". jansson reports the
     * position of the last character of the token it could not use: the
     * string "y" on line 3 spans columns 12-14 (two spaces, "source" in
     * columns 3-10, a space in 11), so 3:14. */
    expect_model_error("{\n  \"name\": \"x\",\n  \"source\" \"y\"\n}", IX_ERR_PARSE, 3, 14, NULL,
                       "malformed JSON");
    /* Truncated: the text ends inside the list on line 2, column 14 (the
     * last character read). */
    expect_model_error("{\"name\": \"x\",\n \"criteria\": [", IX_ERR_PARSE, 2, 14, NULL,
                       "malformed JSON");
    /* Unknown key at the top level and in a criterion */
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"populaton\": \"n\", \"criteria\": []}",
                       IX_ERR_MODEL, -1, 0, NULL, "populaton");
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"population\": \"n\", \"criteria\": [\n"
                       " {\"id\": \"k1\", \"name\": \"A\", \"wieght\": 1, \"count\": \"a\"}]}",
                       IX_ERR_MODEL, -1, 0, "criteria[0] (k1)", "wieght");
    /* Missing keys: population, and a criterion's count */
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"criteria\": []}", IX_ERR_MODEL, -1, 0,
                       "population", "population");
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"population\": \"n\", \"criteria\": [\n"
                       " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 1}]}",
                       IX_ERR_MODEL, -1, 0, "criteria[0] (k1)", "\"count\"");
    /* Duplicate criterion id */
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"population\": \"n\", \"criteria\": [\n"
                       " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 0.5, \"count\": \"a\"},\n"
                       " {\"id\": \"k1\", \"name\": \"B\", \"weight\": 0.5, \"count\": \"b\"}]}",
                       IX_ERR_MODEL, -1, 0, "criteria", "\"k1\"");
    /* Excess with only one of earlier_count / earlier_of, each way round */
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"population\": \"n\", \"criteria\": [\n"
                       " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 1, \"count\": \"a\",\n"
                       "  \"excess\": {\"share\": 0.05, \"of\": \"p\", \"earlier_count\": \"a3\"}}]}",
                       IX_ERR_MODEL, -1, 0, "criteria[0] (k1)", "earlier_of");
    expect_model_error("{\"name\": \"x\", \"source\": \"s\", \"population\": \"n\", \"criteria\": [\n"
                       " {\"id\": \"k1\", \"name\": \"A\", \"weight\": 1, \"count\": \"a\",\n"
                       "  \"excess\": {\"share\": 0.05, \"of\": \"p\", \"earlier_of\": \"p3\"}}]}",
                       IX_ERR_MODEL, -1, 0, "criteria[0] (k1)", "earlier_count");
    /* Duplicate key (jansson's JSON_REJECT_DUPLICATES): a parse error */
    expect_model_error("{\"name\": \"x\", \"name\": \"y\"}", IX_ERR_PARSE, -1, 0, NULL, "name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_example),
        cmocka_unit_test(test_weighted_mean_demo),
        cmocka_unit_test(test_kinds_by_hand),
        cmocka_unit_test(test_weighted_mean_random),
        cmocka_unit_test(test_threshold_rule),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_weights_overflow),
        cmocka_unit_test(test_bad_data),
        cmocka_unit_test(test_national_total_zero),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_model_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
