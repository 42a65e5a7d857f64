/* IDATA/IMETA of the GUSA indicators and the concentration tables
 * (gusa_indicators_write.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/gusa_indicators_write.h"
#include "indeks/escape.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"

void ix_gusa_write_idata(ix_sink *s, const ix_gusa_indicators *r)
{
    ix_sink_puts(s, "uCode,uName");
    for (size_t i = 0; i < ix_gusa_indicator_count(); i++)
        ix_sink_printf(s, ",%s", ix_gusa_indicator_at(i)->code);
    ix_sink_puts(s, "\n");
    const int *codes = NULL;
    size_t n = ix_gusa_indicators_kommuner(r, &codes);
    for (size_t k = 0; k < n; k++) {
        const ix_kommune *km = ix_kommune_find(codes[k]);
        ix_sink_printf(s, "%d,", codes[k]);
        ix_csv_write_field(s, km ? km->name : "", ',');
        for (size_t i = 0; i < ix_gusa_indicator_count(); i++) {
            double v = ix_gusa_indicator_value(r, codes[k], i);
            ix_sink_puts(s, ",");
            if (isnan(v))
                ix_sink_puts(s, "NA");
            else
                ix_csv_write_number(s, v, '.');
        }
        ix_sink_puts(s, "\n");
    }
}

static void meta_row(ix_sink *s, const char *level, const char *code, const char *name,
                     int direction, const char *weight, const char *parent, const char *type,
                     const char *unit, const char *rec, const char *def)
{
    ix_sink_printf(s, "%s,%s,", level, code);
    ix_csv_write_field(s, name, ',');
    ix_sink_printf(s, ",%d,%s,%s,%s,", direction, weight, parent, type);
    ix_csv_write_field(s, unit, ',');
    ix_sink_puts(s, ",");
    ix_csv_write_field(s, rec, ',');
    ix_sink_puts(s, ",");
    ix_csv_write_field(s, def, ',');
    ix_sink_puts(s, "\n");
}

void ix_gusa_write_imeta(ix_sink *s)
{
    static const char *const domains[] = {"TRAPPE", "TVAERS", "ETIK"};
    ix_sink_puts(s, "Level,iCode,iName,Direction,Weight,Parent,Type,Unit,Recommendation,Definition\n");
    for (size_t i = 0; i < ix_gusa_indicator_count(); i++) {
        const ix_gusa_indicator_def *g = ix_gusa_indicator_at(i);
        if (g->domain)
            meta_row(s, "1", g->code, g->name, g->direction, "1", g->domain, "Indicator", g->unit,
                     g->recommendation, g->definition);
        else
            meta_row(s, "NA", g->code, g->name, g->direction, "", "", "Other", g->unit,
                     g->recommendation, g->definition);
    }
    for (size_t k = 0; k < 3; k++)
        meta_row(s, "2", domains[k], ix_gusa_domain_name(domains[k]), 1, "1", "GUSA", "Aggregate",
                 "", "", "");
    meta_row(s, "3", "GUSA", "GUSA: samarbejde om udsatte børn og familier", 1, "", "", "Aggregate",
             "", "", "");
}

/* ---- concentration ------------------------------------------------------------ */

static void num(ix_sink *s, double v, char decimal)
{
    char buf[64];
    ix_format_exact(v, decimal, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

void ix_gusa_write_concentration_csv(ix_sink *s, const ix_gusa_concentration *c, char sep,
                                     char decimal)
{
    ix_sink_printf(s, "dimension%ckey%cfamilies%csuppressed%ctotal_dkk%cgini%ctop1%ctop20%ctop50",
                   sep, sep, sep, sep, sep, sep, sep, sep);
    for (int k = 0; k <= 10; k++)
        ix_sink_printf(s, "%cL%d", sep, k * 10);
    ix_sink_puts(s, "\n");
    for (size_t i = 0; i < ix_gusa_concentration_groups(c); i++) {
        const ix_gusa_conc_group *g = ix_gusa_concentration_group(c, i);
        ix_sink_printf(s, "%s%c", g->dimension, sep);
        ix_csv_write_field(s, g->key, sep);
        if (g->suppressed) {
            ix_sink_printf(s, "%c%c1", sep, sep);
            for (int k = 0; k < 5 + 11; k++)
                ix_sink_printf(s, "%c", sep);
            ix_sink_puts(s, "\n");
            continue;
        }
        ix_sink_printf(s, "%c%zu%c0%c", sep, g->families, sep, sep);
        const ix_lorenz *l = &g->lorenz;
        double v[5] = {l->total, l->gini, l->top1, l->top20, l->top50};
        for (int k = 0; k < 5; k++) {
            if (k)
                ix_sink_printf(s, "%c", sep);
            num(s, v[k], decimal);
        }
        for (int k = 0; k <= 10; k++) {
            ix_sink_printf(s, "%c", sep);
            num(s, l->curve[k], decimal);
        }
        ix_sink_puts(s, "\n");
    }
}

void ix_gusa_write_concentration_json(ix_sink *s, const ix_gusa_concentration *c)
{
    ix_sink_puts(s, "{\"groups\":[");
    for (size_t i = 0; i < ix_gusa_concentration_groups(c); i++) {
        const ix_gusa_conc_group *g = ix_gusa_concentration_group(c, i);
        ix_sink_printf(s, "%s{\"dimension\":\"%s\",\"key\":", i ? "," : "", g->dimension);
        ix_json_string(s, g->key);
        if (g->suppressed) {
            ix_sink_puts(s, ",\"families\":null,\"suppressed\":true}");
            continue;
        }
        const ix_lorenz *l = &g->lorenz;
        ix_sink_printf(s, ",\"families\":%zu,\"suppressed\":false,\"total_dkk\":", g->families);
        num(s, l->total, '.');
        ix_sink_puts(s, ",\"gini\":");
        num(s, l->gini, '.');
        ix_sink_puts(s, ",\"top1\":");
        num(s, l->top1, '.');
        ix_sink_puts(s, ",\"top20\":");
        num(s, l->top20, '.');
        ix_sink_puts(s, ",\"top50\":");
        num(s, l->top50, '.');
        ix_sink_puts(s, ",\"lorenz\":[");
        for (int k = 0; k <= 10; k++) {
            if (k)
                ix_sink_puts(s, ",");
            num(s, l->curve[k], '.');
        }
        ix_sink_puts(s, "]}");
    }
    ix_sink_puts(s, "]}\n");
}

static void pct(ix_sink *s, double v, char decimal)
{
    char buf[64];
    ix_format_fixed(100 * v, 1, decimal, 0, buf, sizeof buf);
    ix_sink_printf(s, "%7s", buf);
}

void ix_gusa_write_concentration_table(ix_sink *s, const ix_gusa_concentration *c, char decimal)
{
    ix_sink_puts(s, "Cost per family (DKK): how concentrated (Lorenz, Gini; top shares in %)\n\n");
    ix_sink_printf(s, "%-12s %-22s %8s %7s %7s %7s %7s  %s\n", "dimension", "key", "families",
                   "gini", "top1", "top20", "top50", "L10 L20 ... L90 (%)");
    for (size_t i = 0; i < ix_gusa_concentration_groups(c); i++) {
        const ix_gusa_conc_group *g = ix_gusa_concentration_group(c, i);
        ix_sink_printf(s, "%-12s %-22s ", g->dimension, g->key[0] ? g->key : "-");
        if (g->suppressed) {
            ix_sink_printf(s, "%8s  (suppressed: fewer than %d families)\n", "<5",
                           IX_GUSA_MIN_CASES);
            continue;
        }
        const ix_lorenz *l = &g->lorenz;
        char gini[32];
        ix_format_fixed(l->gini, 3, decimal, 0, gini, sizeof gini);
        ix_sink_printf(s, "%8zu %7s", g->families, gini);
        pct(s, l->top1, decimal);
        pct(s, l->top20, decimal);
        pct(s, l->top50, decimal);
        ix_sink_puts(s, " ");
        for (int k = 1; k <= 9; k++) {
            char b[32];
            ix_format_fixed(100 * l->curve[k], 0, decimal, 0, b, sizeof b);
            ix_sink_printf(s, " %s", b);
        }
        ix_sink_puts(s, "\n");
    }
}
