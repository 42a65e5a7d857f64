/* Synthetic inputs for the equalisation demo: the index demo's criteria
 * (demo.h) plus folketal, tax base, age groups, population decline and the
 * § 16 key-figure columns, for the 98 municipalities.
 *
 * SYNTHETIC: only codes, names and population sizes (FOLK1A 2020K1) are
 * real. Age groups split the population by a smooth Danish-like age profile
 * (younger in towns, older in the country); the tax base per inhabitant is
 * about 190,000 kr, lower where unemployment is higher; about 40 % of the
 * municipalities have a population decline of up to 3 %. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/demo.h"
#include "indeks/udligning.h"

enum { CELL = 64 };

/* Share of the population aged exactly `age` (before normalising). */
static double age_density(int age, double rural)
{
    if (age < 20)
        return 0.0112;
    if (age < 30)
        return 0.0130 * (1 - 0.6 * (rural - 0.5));
    if (age < 65)
        return 0.0125;
    if (age < 80)
        return 0.0105 * (1 + 0.4 * (rural - 0.5));
    return age < 90 ? 0.0045 * (1 + 0.4 * (rural - 0.5)) : 0.0008;
}

/* Ages lo..hi from a column named like "alder_25_34" or "alder_85_plus";
 * returns 0 when the name says nothing. */
static int age_range(const char *name, int *lo, int *hi)
{
    const char *last = strrchr(name, '_');
    if (!last || last == name)
        return 0;
    const char *prev = last - 1;
    while (prev > name && *prev != '_')
        prev--;
    if (*prev != '_')
        return 0;
    char *end = NULL;
    long a = strtol(prev + 1, &end, 10);
    if (end != last || a < 0 || a > 110)
        return 0;
    long b = strcmp(last + 1, "plus") == 0 ? 99 : strtol(last + 1, &end, 10);
    if ((strcmp(last + 1, "plus") != 0 && *end) || b < a || b > 110)
        return 0;
    *lo = (int)a;
    *hi = (int)b;
    return 1;
}

static double group_weight(const char *column, double rural)
{
    int lo = 0, hi = 0;
    if (!age_range(column, &lo, &hi))
        return 1.0;
    double w = 0;
    for (int a = lo; a <= hi; a++)
        w += age_density(a, rural);
    return w;
}

static void put_count(double v, char *buf)
{
    snprintf(buf, CELL, "%.0f", floor(v + 0.5));
}

/* A § 16 key-figure column that is not already a column of the demo (the
 * decline criterion's column may also be a key figure): written once. */
static int figure_is_new(const ix_udl_params *p, size_t i)
{
    const char *col = p->figures[i].column;
    if (!col)
        return 0;
    if (p->decline_column && strcmp(col, p->decline_column) == 0)
        return 0;
    for (size_t a = 0; a < p->nages; a++)
        if (strcmp(col, p->ages[a].column) == 0)
            return 0;
    for (size_t j = 0; j < i; j++)
        if (p->figures[j].column && strcmp(col, p->figures[j].column) == 0)
            return 0;
    return 1;
}

/* The columns added to the index demo, in order. */
static size_t added_columns(const ix_udl_params *p, const char **names)
{
    size_t n = 0;
    names[n++] = "folketal";
    names[n++] = "beskatningsgrundlag";
    for (size_t a = 0; a < p->nages; a++)
        names[n++] = p->ages[a].column;
    if (p->decline_column)
        names[n++] = p->decline_column;
    if (p->tax_pct_column && !p->old_system)
        names[n++] = p->tax_pct_column;
    for (size_t i = 0; p->has_grant && i < p->nfigures; i++)
        if (figure_is_new(p, i))
            names[n++] = p->figures[i].column;
    return n;
}

static void ages_row(const ix_udl_params *p, double rural, double pop, char (*cells)[CELL])
{
    double total = 0, given = 0;
    for (size_t a = 0; a < p->nages; a++)
        total += group_weight(p->ages[a].column, rural);
    for (size_t a = 0; a < p->nages; a++) {
        double v = a + 1 < p->nages ? floor(pop * group_weight(p->ages[a].column, rural) / total + 0.5)
                                    : pop - given;
        given += v;
        put_count(v > 0 ? v : 0, cells[a]);
    }
}

/* One row's added cells; socio is the index demo's row. */
static void added_row(const ix_udl_params *p, ix_rng *rng, ix_rng *tax, const ix_table *socio,
                      size_t row, char (*cells)[CELL])
{
    double pop = 0, base = 1, jobless = 0;
    ix_table_number(socio, row, (size_t)ix_table_find(socio, "indbyggere"), &pop, NULL);
    ix_table_number(socio, row, (size_t)ix_table_find(socio, "personer_20_59"), &base, NULL);
    ix_table_number(socio, row, (size_t)ix_table_find(socio, "uden_beskaeftigelse_20_59"), &jobless, NULL);
    /* The same draws for every parameter set, so that two sets compare on the same data. */
    double rural = ix_rng_uniform(rng), noise = ix_rng_normal(rng);
    double falls = ix_rng_uniform(rng), fall = ix_rng_uniform(rng);
    double rate = base > 0 && jobless > 0 ? jobless / base : 0.115;
    double per = 190000.0 * exp(-0.8 * log(rate / 0.115) + 0.12 * noise);
    size_t c = 0;
    put_count(pop, cells[c++]);
    put_count(per * pop, cells[c++]);
    ages_row(p, rural, pop, cells + c);
    c += p->nages;
    if (p->decline_column) {
        put_count((falls < 0.4 ? 0.03 * fall : 0) * pop, cells[c++]);
    }
    /* A synthetic udskrivningsprocent (about 23-26.3 %), lower where the tax
     * base is high; drawn from its own stream so the columns above keep
     * their values. */
    if (p->tax_pct_column && !p->old_system)
        snprintf(cells[c++], CELL, "%.2f",
                 fmin(26.3, fmax(22.8, 25.0 - 4.0 * log(per / 190000.0) + 0.4 * ix_rng_normal(tax))));
    /* Draw for every figure column, written or not, so the other values do
     * not depend on which columns coincide. */
    for (size_t i = 0; p->has_grant && i < p->nfigures; i++)
        if (p->figures[i].column) {
            double v = 100.0 * exp(0.3 * ix_rng_normal(rng));
            if (figure_is_new(p, i))
                put_count(v, cells[c++]);
        }
}

static ix_status build(const ix_udl_params *p, ix_rng *rng, const ix_table *socio,
                       const char **head, size_t nsocio, size_t nadd, ix_table *t, ix_diag *d)
{
    const size_t ncols = nsocio + nadd + 1;
    char(*cells)[CELL] = calloc(nadd ? nadd : 1, sizeof *cells);
    const char **row = calloc(ncols, sizeof *row);
    ix_rng tax;
    ix_rng_seed(&tax, IX_DEMO_SEED_UDL ^ 0x313375u);
    ix_status st = cells && row ? IX_OK
                                : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t r = 0; !st && r < ix_table_nrows(socio); r++) {
        for (size_t c = 0; c < nsocio; c++)
            row[c] = ix_table_cell(socio, r, c);
        added_row(p, rng, &tax, socio, r, cells);
        for (size_t c = 0; c < nadd; c++)
            row[nsocio + c] = cells[c];
        row[ncols - 1] = IX_DEMO_UDL_LABEL;
        st = ix_table_add_row(t, row, (long)r + 2, d);
    }
    (void)head;
    free(cells);
    free((void *)row);
    return st;
}

ix_status ix_demo_udl_table(uint64_t seed, const ix_udl_params *p, ix_table **out, ix_diag *d)
{
    ix_table *socio = NULL, *t = NULL;
    ix_status st = ix_demo_socio_table(seed, &socio, d);
    if (st)
        return st;
    const size_t nsocio = ix_table_ncols(socio) - 1; /* without datakilde */
    const size_t most = nsocio + 4 + p->nages + p->nfigures + 1;
    const char **head = calloc(most, sizeof *head);
    if (!head) {
        ix_table_free(socio);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t c = 0; c < nsocio; c++)
        head[c] = ix_table_header(socio, c);
    size_t nadd = added_columns(p, head + nsocio);
    head[nsocio + nadd] = "datakilde";
    st = ix_table_new(head, nsocio + nadd + 1, IX_DEMO_UDL_LABEL, ',', '.', &t, d);
    ix_rng rng;
    ix_rng_seed(&rng, seed ^ 0x75646c69676eull);
    if (!st)
        st = build(p, &rng, socio, head, nsocio, nadd, t, d);
    free((void *)head);
    ix_table_free(socio);
    if (st) {
        ix_table_free(t);
        return st;
    }
    *out = t;
    return IX_OK;
}
