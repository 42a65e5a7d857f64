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

enum { BASE_COLS = 14, EXTRA_COLS = 18, DEMO_COLS = BASE_COLS + EXTRA_COLS };

/* The first 14 columns (criteria 1-8) come from the first random stream as
 * they always did; the others (criteria 9-18 of LBK 63/2021 and the three
 * counts only the 2013-2020 model reads) from a second stream, so adding
 * them left the first 14 unchanged. */
static const char *const demo_header[DEMO_COLS] = {
    "kommunekode", "kommune", "indbyggere",
    "personer_20_59", "uden_beskaeftigelse_20_59",
    "personer_20_59_t3", "uden_beskaeftigelse_20_59_t3",
    "uden_erhvervsuddannelse_25_49", "billige_private_boliger", "psykiatriske_patienter",
    "almene_familieboliger", "boern_forsoergere_kort_uddannelse", "enlige_65_plus",
    "lavindkomst",
    "udviklingshaemmede_handicap", "indvandrere_efterkommere", "grundniveau_20_59",
    "boern_enlige_forsoergere", "boern_enlige_forsoergere_t1", "boern_enlige_forsoergere_t2",
    "boern_flyttet_3_gange", "afstand_500_arbejdspladser", "personer_18_64",
    "regional_ledighedsprocent", "arbejdsstyrke", "begraenset_erhvervserfaring_45_64",
    "afstand_2000_indbyggere", "middellevetid", "personer_65_plus",
    "udlejede_beboelseslejligheder", "familier_bestemte_boligtyper", "befolkningsnedgang_stk3"};

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

static void demo_row(ix_rng *rng, const ix_kommune *k, char cells[DEMO_COLS][64], double *zout,
                     double *rout)
{
    double z = clamp(ix_rng_normal(rng), -2.5, 2.5), rural = ix_rng_uniform(rng), pop = (double)k->population_2020;
    *zout = z;
    *rout = rural;
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

/* Rate per inhabitant of the counts of criteria 9-13 and 16 (and the three
 * 2013-2020 counts): level, loading on z, on rurality, noise. */
static const rate_shape extra_rates[6] = {
    {0.012, 0.15, 0.00, 0.10},  /* 9: developmentally disabled, other handicap */
    {0.090, 0.30, -0.80, 0.30}, /* 10: immigrants and descendants */
    {0.100, 0.15, 0.10, 0.06},  /* 11: 20-59 in work at basic skill level */
    {0.035, 0.25, 0.00, 0.08},  /* 12: children 0-15 of single providers */
    {0.006, 0.30, 0.00, 0.15},  /* 13: children who moved 3+ times */
    {0.020, 0.30, 0.10, 0.10},  /* 16: 45-64 with limited work experience */
};

/* Synthetic regional unemployment rate (per cent) of each region: fixed,
 * so every municipality of a region has the same rate, as the law's
 * regional rate has (the law uses 8 areas; the demo uses the 5 regions). */
static double region_rate(int region)
{
    switch (region) {
    case 1081: return 4.1; /* Nordjylland */
    case 1082: return 3.2; /* Midtjylland */
    case 1083: return 3.5; /* Syddanmark */
    case 1084: return 3.7; /* Hovedstaden */
    case 1085: return 3.9; /* Sjælland */
    default: return 3.6;
    }
}

static double shaped(ix_rng *rng, const rate_shape *s, double z, double rural)
{
    return s->level * exp(s->on_z * z + s->on_rural * (rural - 0.5) + s->noise * ix_rng_normal(rng));
}

/* Columns 14.. from the second stream, given the row's z and rurality. */
static void demo_extra(ix_rng *rng, const ix_kommune *k, double z, double rural,
                       char cells[DEMO_COLS][64])
{
    const double pop = (double)k->population_2020;
    char(*c)[64] = cells + BASE_COLS;
    format_count(pop * shaped(rng, &extra_rates[0], z, rural), c[0], 64);
    format_count(pop * shaped(rng, &extra_rates[1], z, rural), c[1], 64);
    format_count(pop * shaped(rng, &extra_rates[2], z, rural), c[2], 64);
    double single = pop * shaped(rng, &extra_rates[3], z, rural);
    format_count(single, c[3], 64);
    format_count(single * exp(0.03 * ix_rng_normal(rng)), c[4], 64);
    format_count(single * exp(0.03 * ix_rng_normal(rng)), c[5], 64);
    format_count(pop * shaped(rng, &extra_rates[4], z, rural), c[6], 64);
    snprintf(c[7], 64, "%.2f", 1.5 * exp(2.2 * rural + 0.3 * ix_rng_normal(rng)));
    format_count(pop * (0.61 + 0.015 * ix_rng_normal(rng)), c[8], 64);
    snprintf(c[9], 64, "%.1f", region_rate(k->region_code));
    format_count(pop * 0.50 * exp(-0.05 * z + 0.02 * ix_rng_normal(rng)), c[10], 64);
    format_count(pop * shaped(rng, &extra_rates[5], z, rural), c[11], 64);
    snprintf(c[12], 64, "%.2f", 0.8 * exp(2.5 * rural + 0.3 * ix_rng_normal(rng)));
    snprintf(c[13], 64, "%.2f", clamp(81.0 - 1.0 * z + 0.4 * ix_rng_normal(rng), 76.0, 85.0));
    format_count(pop * 0.20 * exp(0.3 * (rural - 0.5) + 0.05 * ix_rng_normal(rng)), c[14], 64);
    format_count(pop * 0.10 * exp(0.3 * z - 0.8 * (rural - 0.5) + 0.1 * ix_rng_normal(rng)), c[15], 64);
    format_count(pop * 0.07 * exp(0.35 * z + 0.1 * ix_rng_normal(rng)), c[16], 64);
    double u = ix_rng_uniform(rng);
    format_count(rural > 0.55 ? pop * 0.012 * rural * u : 0, c[17], 64);
}

ix_status ix_demo_socio_table(uint64_t seed, ix_table **out, ix_diag *d)
{
    const char *header[DEMO_COLS + 1];
    for (int j = 0; j < DEMO_COLS; j++)
        header[j] = demo_header[j];
    header[DEMO_COLS] = "datakilde";
    ix_table *t = NULL;
    ix_status st = ix_table_new(header, DEMO_COLS + 1, IX_DEMO_LABEL, ',', '.', &t, d);
    ix_rng rng, rng2;
    ix_rng_seed(&rng, seed);
    ix_rng_seed(&rng2, seed ^ 0x3133u);
    char cells[DEMO_COLS][64];
    const char *row[DEMO_COLS + 1];
    for (size_t i = 0; !st && i < ix_kommune_count(); i++) {
        double z = 0, rural = 0;
        demo_row(&rng, ix_kommune_at(i), cells, &z, &rural);
        demo_extra(&rng2, ix_kommune_at(i), z, rural, cells);
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
