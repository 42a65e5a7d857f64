/* Synthetic socio-economic counts for the 98 municipalities.
 *
 * Each municipality gets a latent "deprivation" z ~ N(0,1) and a rurality
 * r ~ U(0,1); each criterion's rate per inhabitant is a typical Danish level
 * times exp(loading * z + noise), so criteria correlate as real ones do and
 * the index spreads over roughly 60-170 like the published one. Population
 * sizes are real (FOLK1A 2020K1); everything else is SYNTHETIC. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "indeks/demo.h"
#include "indeks/kommuner.h"

void ix_rng_seed(ix_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t ix_rng_next(ix_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double ix_rng_uniform(ix_rng *r)
{
    return (double)(ix_rng_next(r) >> 11) * 0x1.0p-53;
}

double ix_rng_normal(ix_rng *r)
{
    double u1 = ix_rng_uniform(r), u2 = ix_rng_uniform(r);
    return sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
}

enum { DEMO_COLS = 14 };

static const char *const demo_header[DEMO_COLS] = {
    "kommunekode", "kommune", "indbyggere",
    "personer_20_59", "uden_beskaeftigelse_20_59",
    "personer_20_59_t3", "uden_beskaeftigelse_20_59_t3",
    "uden_erhvervsuddannelse_25_49", "billige_private_boliger", "psykiatriske_patienter",
    "almene_familieboliger", "boern_forsoergere_kort_uddannelse", "enlige_65_plus",
    "lavindkomst"};

/* Rate per inhabitant of criteria 2-8: typical level, loading on z, on
 * rurality, and noise. */
typedef struct {
    double level, on_z, on_rural, noise;
} rate_shape;

static const rate_shape demo_rates[7] = {
    {0.060, 0.20, 0.10, 0.06},  /* 25-49 without vocational education */
    {0.040, 0.15, 0.50, 0.15},  /* cheap private rentals, summer houses */
    {0.025, 0.12, 0.00, 0.08},  /* psychiatric patients */
    {0.150, 0.35, -0.60, 0.20}, /* almene familieboliger */
    {0.025, 0.30, 0.10, 0.08},  /* children of parents with short education */
    {0.095, 0.08, 0.20, 0.06},  /* single 65+ */
    {0.070, 0.25, 0.10, 0.08},  /* low income */
};

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void format_count(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.0f", floor(v + 0.5));
}

static void demo_row(ix_rng *rng, const ix_kommune *k, char cells[DEMO_COLS][64])
{
    double z = clamp(ix_rng_normal(rng), -2.5, 2.5), rural = ix_rng_uniform(rng), pop = (double)k->population_2020;
    double base = pop * (0.47 + 0.05 * ix_rng_normal(rng) * 0.3);
    double jobless = base * 0.115 * exp(0.18 * z + 0.06 * ix_rng_normal(rng));
    double base_t3 = base * (1.0 + 0.02 * ix_rng_normal(rng));
    double jobless_t3 = base_t3 * (jobless / base) * exp(0.08 * ix_rng_normal(rng));
    snprintf(cells[0], 64, "%03d", k->code);
    snprintf(cells[1], 64, "%s", k->name);
    format_count(pop, cells[2], 64);
    format_count(base, cells[3], 64);
    format_count(jobless, cells[4], 64);
    format_count(base_t3, cells[5], 64);
    format_count(jobless_t3, cells[6], 64);
    for (int j = 0; j < 7; j++) {
        const rate_shape *s = &demo_rates[j];
        double rate = s->level * exp(s->on_z * z + s->on_rural * (rural - 0.5) +
                                     s->noise * ix_rng_normal(rng));
        format_count(pop * rate, cells[7 + j], 64);
    }
}

ix_status ix_demo_socio_table(uint64_t seed, ix_table **out, ix_diag *d)
{
    const char *header[DEMO_COLS + 1];
    for (int j = 0; j < DEMO_COLS; j++)
        header[j] = demo_header[j];
    header[DEMO_COLS] = "datakilde";
    ix_table *t = NULL;
    ix_status st = ix_table_new(header, DEMO_COLS + 1, IX_DEMO_LABEL, ',', '.', &t, d);
    ix_rng rng;
    ix_rng_seed(&rng, seed);
    char cells[DEMO_COLS][64];
    const char *row[DEMO_COLS + 1];
    for (size_t i = 0; !st && i < ix_kommune_count(); i++) {
        demo_row(&rng, ix_kommune_at(i), cells);
        for (int j = 0; j < DEMO_COLS; j++)
            row[j] = cells[j];
        row[DEMO_COLS] = IX_DEMO_LABEL;
        st = ix_table_add_row(t, row, (long)i + 2, d);
    }
    if (st) {
        ix_table_free(t);
        return st;
    }
    *out = t;
    return IX_OK;
}
