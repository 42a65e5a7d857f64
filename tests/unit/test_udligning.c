/* Equalisation: hand-worked cases on three municipalities (working in the
 * comments), the parameter reader's errors, and properties on the 98
 * municipalities of the synthetic demo: transfers net to zero, total need is
 * U, scaling U scales the need kroner, the what-if derivative agrees with a
 * finite difference. The parameters here are test values, not law. */
#include <math.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/udligning.h"
#include "indeks/udligning_compare.h"

#define NUM(v) "{\"value\": " #v ", \"source\": \"test\", \"confirmed\": true}"

/* Under AddressSanitizer an impossible allocation must return NULL (as
 * malloc does without it) so the out-of-memory path can be tested. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static const char params_2021[] =
    "{\"name\": \"hand\", \"year\": 2021,\n"
    " \"samlet_udgift\": " NUM(4000) ",\n"
    " \"socio_andel\": " NUM(0.5) ",\n"
    " \"gennemsnitlig_skatteprocent\": " NUM(0.5) ",\n"
    " \"aldersgrupper\": [{\"kolonne\": \"a\", \"enhedsbeloeb\": " NUM(1) "}],\n"
    " \"udgiftsudligning\": {\"sats\": " NUM(0.9) ", \"tillaeg_over_gennemsnit\": " NUM(0.1) "},\n"
    " \"skatteudligning\": {\"sats\": " NUM(0.5) ", \"tillaeg_under_graense\": " NUM(0.2) ",\n"
    "   \"nedre_graense\": " NUM(0.9) ", \"ekstra_bidrag_over_graense\": " NUM(0.1) ",\n"
    "   \"oevre_graense\": " NUM(1.25) "}}\n";

static const char params_2020[] =
    "{\"name\": \"hand old\", \"year\": 2020,\n"
    " \"samlet_udgift\": " NUM(4000) ", \"socio_andel\": " NUM(0.5) ",\n"
    " \"gennemsnitlig_skatteprocent\": " NUM(0.2) ",\n"
    " \"aldersgrupper\": [{\"kolonne\": \"a\", \"enhedsbeloeb\": " NUM(1) "}],\n"
    " \"landsudligning\": {\"sats\": " NUM(0.6) "},\n"
    " \"hovedstadsudligning\": {\"sats\": " NUM(0.3) ", \"regionskoder\": "
    "{\"value\": [1084], \"source\": \"test\", \"confirmed\": false}},\n"
    " \"hoejt_strukturelt_underskud\": {\"sats\": " NUM(0.5) ", \"graense\": " NUM(0.4) "}}\n";

static ix_udl_params *parse(const char *json)
{
    ix_udl_params *p = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_udl_params_parse(json, strlen(json), "p.json", &p, &d);
    if (st)
        fprintf(stderr, "parse: %s:%ld: %s: %s\n", d.file, d.line, d.field, d.message);
    assert_int_equal(st, IX_OK);
    return p;
}

/* N = 100, 200, 100; one age group = the population; share 0.5, 0.25, 0.25;
 * tax base 2000, 6000, 4000 (20, 30, 40 per inhabitant; average 30). */
static ix_udl_data *hand_data(int with_decline)
{
    ix_udl_data *data = NULL;
    ix_diag d;
    assert_int_equal(ix_udl_data_new(3, 1, with_decline, 0, &data, &d), IX_OK);
    const double pop[3] = {100, 200, 100}, base[3] = {2000, 6000, 4000}, share[3] = {0.5, 0.25, 0.25};
    const int codes[3] = {101, 147, 461};
    for (int k = 0; k < 3; k++) {
        data->codes[k] = codes[k];
        data->population[k] = data->ages[k] = pop[k];
        data->tax_base[k] = base[k];
        data->share[k] = share[k];
    }
    return data;
}

static ix_udl_result *compute(const ix_udl_params *p, const ix_udl_data *data)
{
    ix_udl_result *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_udl_compute(p, data, &r, &d);
    if (st)
        fprintf(stderr, "compute: %s\n", d.message);
    assert_int_equal(st, IX_OK);
    return r;
}

#define NEAR(a, b) near((a), (b), __LINE__)

static void near(double a, double b, int line)
{
    if (!(fabs(a - b) <= 1e-9 * (1 + fabs(b))))
        fail_msg("line %d: %.17g, expected %.17g", line, a, b);
}

/* Need: age 2000 split 1:2:1 = 500, 1000, 500; socio 2000 * share = 1000,
 * 500, 500; need 1500, 1500, 1000 (15, 7.5, 10 per inhabitant; average 10).
 * Need equalisation: gap = need - 10 N = 500, -500, 0; 0.9 gap = 450, -450,
 * 0; the first is above average: + 0.1 * 500 = 50, financed at 50/400 =
 * 0.125 per inhabitant: 487.5, -475, -12.5.
 * Tax: 0.5 (30 - b) 0.5 N = 250, 0, -250; below 27: 0.2 (27-20) 0.5 100 = 70;
 * above 37.5: -0.1 (40-37.5) 0.5 100 = -12.5; net extras 57.5 / 400 =
 * 0.14375 per inhabitant: 305.625, -28.75, -276.875. */
static void test_hand_2021(void **state)
{
    (void)state;
    ix_udl_params *p = parse(params_2021);
    ix_udl_data *data = hand_data(0);
    ix_udl_result *r = compute(p, data);
    const double need[3] = {1500, 1500, 1000}, need_eq[3] = {487.5, -475, -12.5};
    const double tax_eq[3] = {305.625, -28.75, -276.875};
    for (int k = 0; k < 3; k++) {
        NEAR(r->need[k], need[k]);
        NEAR(r->need_eq[k], need_eq[k]);
        NEAR(r->tax_eq[k], tax_eq[k]);
        NEAR(r->net[k], need_eq[k] + tax_eq[k]);
    }
    NEAR(r->need_fin_pi, 0.125);
    NEAR(r->tax_fin_pi, 0.14375);
    /* Without the extras, the municipality at average need (461) and the one
     * at average tax base (147) get exactly nothing from that scheme. */
    p->p[IX_UDL_NEED_EXTRA].value = 0;
    p->p[IX_UDL_TAX_LOW_EXTRA].value = p->p[IX_UDL_TAX_HIGH_EXTRA].value = 0;
    ix_udl_result_free(r);
    r = compute(p, data);
    assert_true(r->need_eq[2] == 0);
    assert_true(r->tax_eq[1] == 0);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

/* Decline (LBK 63/2021 § 4 stk. 1 nr. 2): the unit amount is a share a of
 * the age-determined part (1 - s) U divided by the total units D. Here
 * (1 - s) U = 0.5 * 4000 = 2000; 100 units in the first (b 20 < 1.25 * 30),
 * the third's 50 do not count (b 40 >= 37.5), so D = 100. With a = 0.1:
 * u = 0.1 * 2000 / 100 = 2, decline need 200, the age groups get
 * 2000 - 200 = 1800 split 1:2:1 = 450, 900, 450. With a cap of 1 per unit:
 * u = 1, decline 100, age 1900: 475, 950, 475. (The old code divided by the
 * population, 400, instead of the units: u would have been 0.5.) */
static void test_hand_decline(void **state)
{
    (void)state;
    char json[4096];
    snprintf(json, sizeof json, "%.*s, \"befolkningsnedgang\": {\"kolonne\": \"fald\", "
             "\"andel_pr_enhed\": " NUM(0.1) ", \"loft\": " NUM(1000) ", "
             "\"skattegrundlag_graense\": " NUM(1.25) "}}",
             (int)(strrchr(params_2021, '}') - params_2021), params_2021);
    ix_udl_params *p = parse(json);
    ix_udl_data *data = hand_data(1);
    data->decline[0] = 100;
    data->decline[2] = 50; /* b = 40 >= 37.5: not eligible */
    ix_udl_result *r = compute(p, data);
    NEAR(r->decline_unit, 2);
    NEAR(r->decline_units, 100);
    NEAR(r->need_decline[0], 200);
    assert_true(r->need_decline[2] == 0);
    NEAR(r->need_age[0], 450);
    NEAR(r->need_age[1], 900);
    NEAR(r->age_total + r->decline_total, 2000);
    NEAR(r->total_need, 4000);
    ix_udl_result_free(r);
    p->p[IX_UDL_DECLINE_CAP].value = 1;
    r = compute(p, data);
    NEAR(r->decline_unit, 1);
    NEAR(r->need_decline[0], 100);
    NEAR(r->need_age[1], 950);
    NEAR(r->total_need, 4000);
    ix_udl_result_free(r);
    /* At the law's scale: U = 280 bn, 67 % age-determined = 187.6 bn; 0.62 %
     * of it = 1,163,120,000 kr. Over D = 20,000 units: 58,156 kr a unit,
     * under the 100,000 kr cap; over D = 5,000: 232,624 kr, capped at 100,000. */
    p->p[IX_UDL_TOTAL].value = 280e9;
    p->p[IX_UDL_SOCIO_SHARE].value = 0.33;
    p->p[IX_UDL_DECLINE_SHARE].value = 0.0062;
    p->p[IX_UDL_DECLINE_CAP].value = 100000;
    data->decline[0] = 20000;
    r = compute(p, data);
    NEAR(r->decline_unit, 58156);
    ix_udl_result_free(r);
    data->decline[0] = 5000;
    r = compute(p, data);
    NEAR(r->decline_unit, 100000);
    NEAR(r->decline_total, 5e8);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

/* § 13 (LBK 63/2021): the rate above 125 % is capped at the municipality's
 * tax rate (at least 23.25 %) * 93 % / the average tax level, minus the 75 %
 * (here the test's 0.5). The third (b 40 > 37.5) has udskrivningsprocent 30:
 * 0.30 * 0.93 / 0.5 - 0.5 = 0.058 < 0.1, so its extra is -0.058 * 2.5 * 0.5 *
 * 100 = -7.25 (not -12.5); the cap's correction 0.042 * 2.5 * 0.5 * 100 =
 * 5.25. Net extras 70 - 7.25 = 62.75, 0.156875 per inhabitant: tax_eq
 * 250 + 70 - 15.6875 = 304.3125, -31.375, -250 - 7.25 - 15.6875 = -272.9375.
 * At 20 % the floor 23.25 % applies: 0.2325 * 0.93 / 0.5 - 0.5 < 0, so no
 * extra contribution at all. */
static void test_hand_cap_13(void **state)
{
    (void)state;
    char json[4096];
    snprintf(json, sizeof json, "%.*s, \"maks_udligningsprocent\": {\"kolonne\": \"pct\", "
             "\"gulv_udskrivningsprocent\": " NUM(0.2325) ", \"faktor\": " NUM(0.93) "}}",
             (int)(strrchr(params_2021, '}') - params_2021), params_2021);
    ix_udl_params *p = parse(json);
    ix_udl_data *data = hand_data(0);
    data->tax_pct = calloc(3, sizeof *data->tax_pct);
    assert_non_null(data->tax_pct);
    data->tax_pct[0] = data->tax_pct[1] = 0.25;
    data->tax_pct[2] = 0.30;
    ix_udl_result *r = compute(p, data);
    NEAR(r->high_rate[2], 0.058);
    NEAR(r->cap_correction, 5.25);
    assert_int_equal((int)r->ncapped, 1);
    NEAR(r->tax_eq[0], 304.3125);
    NEAR(r->tax_eq[1], -31.375);
    NEAR(r->tax_eq[2], -272.9375);
    ix_udl_result_free(r);
    data->tax_pct[2] = 0.20;
    r = compute(p, data);
    NEAR(r->high_rate[2], 0);
    NEAR(r->tax_eq[2], -250 - 70.0 / 400 * 100);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

/* Before 2021, t = 0.2; need 15, 7.5, 10 per inhabitant (average 10), b 20,
 * 30, 40 (average 30). Land 0.6: need 300, -300, 0; tax -0.12 (b-30) N =
 * 120, 0, -120. Capital (101, 147; N 300, need 10, b 80/3): need 0.3 (n-10) N
 * = 150, -150; tax -0.06 (b - 80/3) N = 40, -40. Supplement outside (461):
 * sd = 10 - 8 = 2 > 0.4 * (10 - 6) = 1.6: need 0.5 (10 - 4) 100 = 300, tax
 * -0.5 * 0.2 (40 - 12) 100 = -280; financed 0.75 and -0.7 per inhabitant.
 * need_eq 375, -600, 225; tax_eq 230, 100, -330. */
static void test_hand_old(void **state)
{
    (void)state;
    ix_udl_params *p = parse(params_2020);
    ix_udl_data *data = hand_data(0);
    ix_udl_result *r = compute(p, data);
    const double need_eq[3] = {375, -600, 225}, tax_eq[3] = {230, 100, -330};
    for (int k = 0; k < 3; k++) {
        NEAR(r->need_eq[k], need_eq[k]);
        NEAR(r->tax_eq[k], tax_eq[k]);
    }
    assert_int_equal(r->capital[0] + r->capital[1] + r->capital[2], 2);
    assert_int_equal(r->above[2], 1);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

/* The slope matrix against a finite difference of the need (total fixed). */
static void test_slope(void **state)
{
    (void)state;
    ix_udl_params *p = parse(params_2020);
    ix_udl_data *data = hand_data(0);
    ix_udl_result *r = compute(p, data);
    /* move need from 461 to 101 through the shares */
    double h = 1e-4, slope = ix_udl_net_slope(p, data, r, 0, 0) - ix_udl_net_slope(p, data, r, 0, 2);
    data->share[0] += h;
    data->share[2] -= h;
    ix_udl_result *r2 = compute(p, data);
    double fd = (r2->net[0] - r->net[0]) / (h * 2000);
    assert_true(fabs(fd - slope) < 1e-6);
    ix_udl_result_free(r2);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

static void expect_error(const char *json, const char *field, const char *words, long line)
{
    ix_udl_params *p = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_not_equal(ix_udl_params_parse(json, strlen(json), "p.json", &p, &d), IX_OK);
    assert_null(p);
    assert_string_equal(d.file, "p.json");
    if (field)
        assert_string_equal(d.field, field);
    if (!strstr(d.message, words))
        fail_msg("message \"%s\" lacks \"%s\"", d.message, words);
    if (line >= 0)
        assert_int_equal(d.line, line);
}

static void replace(char *buf, size_t size, const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    snprintf(buf, size, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static void test_params_errors(void **state)
{
    (void)state;
    char buf[4096];
    replace(buf, sizeof buf, params_2021, "\"sats\": " NUM(0.9), "\"sats\": " NUM(1.5));
    expect_error(buf, "udgiftsudligning.sats", "outside [0, 1]", 6);
    replace(buf, sizeof buf, params_2021, "\"year\": 2021", "\"year\": 1999");
    expect_error(buf, "year", "unknown year 1999", 1);
    replace(buf, sizeof buf, params_2021, "\"socio_andel\"", "\"socio_andel_x\"");
    expect_error(buf, "socio_andel_x", "unknown key", 3);
    replace(buf, sizeof buf, params_2021, "\"tillaeg_over_gennemsnit\": " NUM(0.1) "",
            "\"tillaeg_over_gennemsnit\": {\"value\": 0.1, \"source\": \"x\"}");
    expect_error(buf, "udgiftsudligning.tillaeg_over_gennemsnit", "confirmed", 6);
    replace(buf, sizeof buf, params_2021, "\"aldersgrupper\": [{\"kolonne\": \"a\", \"enhedsbeloeb\": " NUM(1) "}],\n", "");
    expect_error(buf, "aldersgrupper", "non-empty list", -1);
    replace(buf, sizeof buf, params_2021, "\"year\": 2021", "\"year\": 2020");
    expect_error(buf, "udgiftsudligning", "scheme from 2021", -1);
    replace(buf, sizeof buf, params_2021, "\"samlet_udgift\": " NUM(4000), "\"samlet_udgift\": 4000");
    expect_error(buf, "samlet_udgift", "must be an object", 2);
    expect_error("{\"name\": \"x\",", NULL, "malformed JSON", -1);
}

/* The 98 of the synthetic demo with the shipped 2021 parameters. */
static void load_demo(ix_udl_setup *s)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_udl_setup_load("models/udligning_2021.json", NULL, NULL, 1, s, &d);
    if (st)
        fprintf(stderr, "setup: %s: %s\n", d.file, d.message);
    assert_int_equal(st, IX_OK);
}

static void test_properties_98(void **state)
{
    (void)state;
    ix_udl_setup s;
    load_demo(&s);
    const ix_udl_result *r = s.result;
    const double u = s.params->p[IX_UDL_TOTAL].value;
    double need = 0, ne = 0, te = 0, scale = 0;
    assert_int_equal(s.data->n, 98);
    for (size_t k = 0; k < r->n; k++) {
        need += r->need[k];
        ne += r->need_eq[k];
        te += r->tax_eq[k];
        scale += fabs(r->net[k]);
    }
    assert_true(fabs(need - u) <= 1e-9 * u);
    assert_true(fabs(ne) <= 1e-9 * scale);
    assert_true(fabs(te) <= 1e-9 * scale);
    /* Scaling U scales need and need equalisation; tax equalisation stays
     * (with the decline cap out of reach: a capped unit amount does not scale). */
    s.params->p[IX_UDL_DECLINE_CAP].value = 1e9;
    ix_udl_result *r1 = compute(s.params, s.data);
    r = r1;
    s.params->p[IX_UDL_TOTAL].value = 3 * u;
    ix_udl_result *r3 = compute(s.params, s.data);
    for (size_t k = 0; k < r->n; k++) {
        NEAR(r3->need[k], 3 * r->need[k]);
        assert_true(fabs(r3->need_eq[k] - 3 * r->need_eq[k]) <= 1e-6 * (1 + fabs(r->need_eq[k])));
        NEAR(r3->tax_eq[k], r->tax_eq[k]);
    }
    ix_udl_result_free(r3);
    ix_udl_result_free(r1);
    ix_udl_setup_free(&s);
}

/* A municipality at exactly the average need and tax base, among the 98:
 * set 101's need and base to the averages by hand. With the extras at 0 it
 * gets exactly nothing; with them, exactly the per-inhabitant financing. */
static void test_average_gets_nothing(void **state)
{
    (void)state;
    ix_udl_setup s;
    load_demo(&s);
    ix_udl_data *data = s.data;
    ix_udl_params *p = s.params;
    for (size_t k = 0; k < data->n; k++)
        data->decline[k] = 0; /* so moving tax base cannot move decline need */
    ix_udl_result *r = compute(p, data);
    /* Make 101 average: its share so its need per inhabitant is the average. */
    double nk = data->population[0];
    double gap = r->need[0] - r->avg_need_pi * nk;
    data->share[0] -= gap / (p->p[IX_UDL_SOCIO_SHARE].value * p->p[IX_UDL_TOTAL].value);
    data->share[1] += gap / (p->p[IX_UDL_SOCIO_SHARE].value * p->p[IX_UDL_TOTAL].value);
    double bgap = data->tax_base[0] - r->avg_base_pi * nk;
    data->tax_base[0] -= bgap;
    data->tax_base[1] += bgap;
    ix_udl_result_free(r);
    r = compute(p, data);
    assert_true(fabs(r->need_eq[0] + r->need_fin_pi * nk) <= 1e-6);
    assert_true(fabs(r->tax_eq[0] + r->tax_fin_pi * nk) <= 1e-6);
    p->p[IX_UDL_NEED_EXTRA].value = 0;
    p->p[IX_UDL_TAX_LOW_EXTRA].value = p->p[IX_UDL_TAX_HIGH_EXTRA].value = 0;
    ix_udl_result_free(r);
    r = compute(p, data);
    assert_true(fabs(r->need_eq[0]) <= 1e-6 && fabs(r->tax_eq[0]) <= 1e-6);
    ix_udl_result_free(r);
    ix_udl_setup_free(&s);
}

/* netto of unit k with criterion j's count of k moved by h. */
static double net_with(ix_udl_setup *s, size_t k, size_t j, double h)
{
    ix_udl_data *data = s->data;
    const size_t nc = s->model->ncriteria;
    double keep = data->socio->counts[k * nc + j];
    data->socio->counts[k * nc + j] = keep + h;
    ix_socio_result *sr = NULL;
    ix_diag d;
    assert_int_equal(ix_socio_compute(s->model, data->socio, &sr, &d), IX_OK);
    double *share = data->share, saved[98];
    memcpy(saved, share, sizeof saved);
    for (size_t m = 0; m < data->n; m++)
        share[m] = sr->index[m] * (data->population[m] / sr->population) / s->model->scale;
    ix_udl_result *r = compute(s->params, data);
    double net = r->net[k];
    ix_udl_result_free(r);
    ix_socio_result_free(sr);
    memcpy(share, saved, sizeof saved);
    data->socio->counts[k * nc + j] = keep;
    return net;
}

static void test_derivative_matches_difference(void **state)
{
    (void)state;
    ix_udl_setup s;
    load_demo(&s);
    const size_t nc = s.model->ncriteria, units[3] = {0, 40, 97};
    double dindex[32], dneed[32], dnet[32];
    assert_true(nc <= 32);
    for (size_t u = 0; u < 3; u++) {
        size_t k = units[u];
        ix_udl_marginal(s.params, s.model, s.data, s.result, k, dindex, dneed, dnet);
        for (size_t j = 1; j < nc; j++) {
            /* net_with moves the criterion's value; dnet is per unit of its
             * primary input, whose slope is dexcess (1 for a count). */
            double h = 0.5, fd = (net_with(&s, k, j, h) - net_with(&s, k, j, -h)) / (2 * h) *
                                 s.data->dexcess[k * nc + j];
            if (fabs(fd - dnet[j]) > 1e-4 * (1 + fabs(dnet[j])))
                fail_msg("unit %zu criterion %zu: derivative %.10g, difference %.10g", k, j,
                         dnet[j], fd);
        }
    }
    ix_udl_setup_free(&s);
}

/* Criterion 1 through the what-if table change: +-1 person in the raw count
 * where the current year's excess binds. */
static void test_derivative_threshold(void **state)
{
    (void)state;
    ix_udl_setup s;
    load_demo(&s);
    const size_t nc = s.model->ncriteria;
    size_t k = 0;
    while (k < s.data->n && s.data->dexcess[k * nc] == 0)
        k++;
    assert_true(k < s.data->n);
    double dindex[32], dneed[32], dnet[32], net[2];
    ix_udl_marginal(s.params, s.model, s.data, s.result, k, dindex, dneed, dnet);
    int code = s.data->codes[k];
    ix_table *base = s.table;
    for (int i = 0; i < 2; i++) {
        ix_udl_change c = {s.model->criteria[0].id, i ? -1.0 : 1.0, 1};
        ix_table *t = NULL;
        ix_diag d;
        assert_int_equal(ix_udl_table_change(base, s.model, code, &c, 1, &t, &d), IX_OK);
        s.table = t;
        assert_int_equal(ix_udl_setup_run(&s, &d), IX_OK);
        net[i] = s.result->net[k];
        ix_table_free(t);
    }
    s.table = base;
    double fd = (net[0] - net[1]) / 2;
    if (fabs(fd - dnet[0]) > 1e-3 * (1 + fabs(dnet[0])))
        fail_msg("criterion 1: derivative %.10g, difference %.10g", dnet[0], fd);
    ix_udl_setup_free(&s);
}

static void test_grant(void **state)
{
    (void)state;
    ix_udl_setup s;
    load_demo(&s);
    ix_udl_grant *g = NULL;
    ix_diag d;
    assert_int_equal(ix_udl_grant_compute(s.params, s.data, s.result, &g, &d), IX_OK);
    double total = 0;
    size_t given = 0;
    for (size_t k = 0; k < g->n; k++) {
        total += g->grant[k];
        given += g->grant[k] > 0;
    }
    NEAR(total, s.params->p[IX_UDL_GRANT_POOL].value);
    assert_true(given <= (size_t)s.params->grant_count);
    assert_true(g->score[g->order[0]] >= g->score[g->order[1]]);
    ix_udl_grant_free(g);
    ix_udl_setup_free(&s);
}

/* § 2 stk. 6: with the revenue columns the average tax level is computed,
 * t = sum (income tax + land tax) / sum tax base, and the parameter (0.5 in
 * the hand parameters) is not used. Revenues 450 + 50, 1400 + 100, 900 + 100
 * over tax bases 2000 + 6000 + 4000: t = 3000 / 12000 = 0.25. The tax
 * equalisation is then the hand case's at t = 0.25, half of the values at
 * t = 0.5 (it is linear in t): 152.8125, -14.375, -138.4375. */
static void test_tax_level_section_2_6(void **state)
{
    (void)state;
    char json[4096];
    snprintf(json, sizeof json, "%.*s, \"beskatningsniveau\": {\"indkomstskat\": \"i\", "
             "\"grundskyld\": \"g\"}}",
             (int)(strrchr(params_2021, '}') - params_2021), params_2021);
    ix_udl_params *p = parse(json);
    assert_string_equal(p->income_tax_column, "i");
    ix_udl_data *data = hand_data(0);
    data->income_tax = calloc(3, sizeof *data->income_tax);
    data->land_tax = calloc(3, sizeof *data->land_tax);
    assert_true(data->income_tax && data->land_tax);
    const double inc[3] = {450, 1400, 900}, land[3] = {50, 100, 100};
    for (int k = 0; k < 3; k++) {
        data->income_tax[k] = inc[k];
        data->land_tax[k] = land[k];
    }
    ix_udl_result *r = compute(p, data);
    NEAR(r->avg_tax, 0.25);
    NEAR(r->tax_eq[0], 305.625 / 2);
    NEAR(r->tax_eq[1], -28.75 / 2);
    NEAR(r->tax_eq[2], -276.875 / 2);
    ix_udl_result_free(r);
    /* A level outside (0, 1) is refused, naming the column. */
    data->income_tax[1] = 20000;
    ix_diag d;
    ix_diag_clear(&d);
    ix_udl_result *bad = NULL;
    assert_int_equal(ix_udl_compute(p, data, &bad, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "i");
    assert_null(bad);
    ix_udl_data_free(data);
    ix_udl_params_free(p);
}

/* The what-if rows report running out of memory (the command used to print
 * a list without the marginal rows and exit 0). A model claiming 2^44
 * criteria needs about 8e14 bytes, which no allocator gives; and one past
 * the overflow guard is refused before any allocation. */
static void test_whatif_out_of_memory(void **state)
{
    (void)state;
    ix_socio_model m;
    memset(&m, 0, sizeof m);
    ix_udl_whatif w = {7, NULL};
    ix_diag d;
    const size_t sizes[2] = {(size_t)1 << 44, SIZE_MAX / 4};
    for (int i = 0; i < 2; i++) {
        m.ncriteria = sizes[i];
        ix_diag_clear(&d);
        assert_int_equal(ix_udl_whatif_rows(&m, NULL, NULL, NULL, 0, NULL, NULL, 0, &w, &d),
                         IX_ERR_NOMEM);
        assert_int_equal(w.n, 0);
        assert_null(w.rows);
        assert_non_null(strstr(d.message, "out of memory"));
    }
    /* The normal case: 7 rows and 3 per criterion, on the demo. */
    ix_udl_setup s;
    load_demo(&s);
    assert_int_equal(ix_udl_whatif_rows(s.model, s.params, s.data, s.result, 0, s.data, s.result,
                                        0, &w, &d), IX_OK);
    assert_int_equal(w.n, 7 + 3 * s.model->ncriteria);
    assert_string_equal(w.rows[5].post, "netto");
    assert_true(w.rows[5].now == s.result->net[0] && w.rows[5].changed == s.result->net[0]);
    ix_udl_whatif_free(&w);
    ix_udl_setup_free(&s);
}

int main(void)
{
    FILE *f = fopen("models/udligning_2021.json", "r");
    if (!f) {
        fprintf(stderr, "skipped: run from the repository root\n");
        return 77;
    }
    fclose(f);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_2021),
        cmocka_unit_test(test_hand_decline),
        cmocka_unit_test(test_hand_cap_13),
        cmocka_unit_test(test_whatif_out_of_memory),
        cmocka_unit_test(test_tax_level_section_2_6),
        cmocka_unit_test(test_hand_old),
        cmocka_unit_test(test_slope),
        cmocka_unit_test(test_params_errors),
        cmocka_unit_test(test_properties_98),
        cmocka_unit_test(test_average_gets_nothing),
        cmocka_unit_test(test_derivative_matches_difference),
        cmocka_unit_test(test_derivative_threshold),
        cmocka_unit_test(test_grant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
