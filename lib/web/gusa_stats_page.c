/* The 80/20 part of /gusa/statistik (issue 16): the concentration of cost
 * over families as a Lorenz chart and a table, for managers and auditors
 * (the store refuses anyone else); groups of fewer than five families are
 * not shown. */
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"
#include "indeks/gusa_charts.h"
#include "indeks/gusa_indicators.h"
#include "indeks/number.h"

static void pct_td(ix_sink *s, double v)
{
    char buf[32];
    ix_format_fixed(100 * v, 1, ',', 0, buf, sizeof buf);
    ix_html_printf(s, "<td>%s</td>", buf);
}

static void group_row(ix_sink *s, const ix_gusa_conc_group *g)
{
    const char *dim = g->dimension[0] == 'o'   ? "Alle familier"
                      : g->dimension[0] == 'c' ? "Center"
                                               : "Trin";
    ix_html_printf(s, "<tr><th scope=\"row\">%s %s</th>", dim, g->key);
    if (g->suppressed) {
        ix_html_printf(s, "<td colspan=\"4\">færre end %d familier: ikke vist</td></tr>",
                       IX_GUSA_MIN_CASES);
        return;
    }
    ix_html_printf(s, "<td>%zu</td>", g->families);
    pct_td(s, g->lorenz.top20);
    pct_td(s, g->lorenz.top50);
    char gini[32];
    ix_format_fixed(g->lorenz.gini, 2, ',', 0, gini, sizeof gini);
    ix_html_printf(s, "<td>%s</td></tr>", gini);
}

void ix__gusa_concentration_html(ix_gusa_web *w, ix_gusa_ctx *cx, ix_sink *s)
{
    ix_gusa_facts *f = NULL;
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    ix_html_raw(s, "<section id=\"koncentration\"><h2>Hvor udgifterne går hen (80/20)</h2>");
    if (ix_gusa_facts_for(w->store, &cx->actor, &f, &e) != IX_OK) {
        ix_html_raw(s, "<p>Udgifterne kan ikke vises.</p></section>");
        return;
    }
    ix_gusa_concentration *c = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_gusa_concentration_compute(f, 0, 0, &c, &d) != IX_OK) {
        ix_html_raw(s, "<p>Der er endnu ingen udgifter til indsatser.</p></section>");
        ix_gusa_facts_free(f);
        return;
    }
    const ix_gusa_conc_group *all = ix_gusa_concentration_group(c, 0);
    ix_html_raw(s, "<p>Udgift pr. familie til indsatser i alle sager. Grupper med færre end fem "
                   "familier vises ikke.</p>");
    if (!all->suppressed) {
        ix_html_raw(s, "<figure class=\"chart\">");
        ix_gusa_lorenz_svg(s, &all->lorenz, "Lorenzkurve: udgift pr. familie");
        ix_html_raw(s, "<figcaption>Jo længere kurven ligger under den stiplede linje, jo mere "
                       "samles udgifterne hos få familier.</figcaption></figure>");
    }
    ix_html_raw(s, "<table><thead><tr><th scope=\"col\">Gruppe</th><th scope=\"col\">Familier</th>"
                   "<th scope=\"col\">De 20 % dyreste, andel i %</th><th scope=\"col\">De 50 % "
                   "dyreste, andel i %</th><th scope=\"col\">Gini</th></tr></thead><tbody>");
    for (size_t i = 0; i < ix_gusa_concentration_groups(c); i++)
        group_row(s, ix_gusa_concentration_group(c, i));
    ix_html_raw(s, "</tbody></table></section>");
    ix_gusa_concentration_free(c);
    ix_gusa_facts_free(f);
}
