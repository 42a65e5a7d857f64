/* /edition/<a>/vs/<b>: two editions compared (site.h, edition_diff.h): the
 * rank changes and the indicators added, removed or changed, each with the
 * stakeholder proposals behind it, linked to /forslag when the site runs
 * with GUSA. Danish; every stored text escaped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "site_internal.h"

static const char *kind_da(ix_ediff_kind k)
{
    return k == IX_EDIFF_ADDED ? "Tilføjet" : k == IX_EDIFF_REMOVED ? "Fjernet" : "Ændret";
}

static void rank_cell(ix_sink *s, long r)
{
    if (r)
        ix_html_printf(s, "<td class=\"num\">%ld</td>", r);
    else
        ix_html_raw(s, "<td class=\"num\">–</td>");
}

static void ranks(ix_sink *s, const ix_ediff *e)
{
    ix_html_raw(s, "<h2 id=\"rang\">Rangændringer</h2><p>Ændring = rang i A minus rang i B: et "
                   "positivt tal er en kommune, der er rykket op. Størst ændring først.</p>"
                   "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\""
                   "Rangændringer\"><table><thead><tr><th scope=\"col\">Kode</th><th scope=\""
                   "col\">Kommune</th><th scope=\"col\">Rang A</th><th scope=\"col\">Rang B</th>"
                   "<th scope=\"col\">Ændring</th><th scope=\"col\">Værdi A</th><th scope=\""
                   "col\">Værdi B</th></tr></thead><tbody>");
    for (size_t i = 0; i < e->nranks; i++) {
        const ix_ediff_rank *r = &e->ranks[i];
        ix_html_printf(s, "<tr><td>%s</td><td>%s</td>", r->code, r->name);
        rank_cell(s, r->rank_a);
        rank_cell(s, r->rank_b);
        if (r->rank_a && r->rank_b)
            ix_html_printf(s, r->change ? "<td class=\"num\">%+ld</td>" : "<td class=\"num\">%ld"
                                                                          "</td>",
                           r->change);
        else
            ix_html_printf(s, "<td>kun i %s</td>", r->rank_a ? "A" : "B");
        ix_html_raw(s, "<td class=\"num\">");
        ix__site_put_num(s, r->value_a);
        ix_html_raw(s, "</td><td class=\"num\">");
        ix__site_put_num(s, r->value_b);
        ix_html_raw(s, "</td></tr>");
    }
    ix_html_raw(s, "</tbody></table></div>");
}

/* "F3 F7" as links to the proposals (when the site has them). */
static void proposal_links(ix_sink *s, const char *list, int linked)
{
    int any = 0;
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n > 1 && n < 20 && p[0] == 'F') {
            char id[20];
            memcpy(id, p + 1, n - 1);
            id[n - 1] = '\0';
            ix_html_raw(s, any ? ", " : "");
            if (linked && strspn(id, "0123456789") == n - 1)
                ix_html_printf(s, "<a href=\"/forslag/%s\">F%s</a>", id, id);
            else
                ix_html_printf(s, "F%s", id);
            any = 1;
        }
        p += n;
    }
    if (!any)
        ix_html_raw(s, "–");
}

static void indicators(ix_sink *s, const ix_ediff *e, int linked)
{
    ix_html_raw(s, "<h2 id=\"indikatorer\">Indikatorer</h2>");
    if (!e->have_meta) {
        ix_html_raw(s, "<p>Udgaverne har ingen indikatorer at sammenligne (kun et sammensat "
                       "indeks gemmer sin IMETA).</p>");
        return;
    }
    if (e->nindicators == 0) {
        ix_html_raw(s, "<p>Ingen indikatorer er tilføjet, fjernet eller ændret.</p>");
        return;
    }
    ix_html_raw(s, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\""
                   "Indikatorer\"><table><thead><tr><th scope=\"col\">Indikator</th><th scope=\""
                   "col\">Hvad</th><th scope=\"col\">Felt</th><th scope=\"col\">Før</th><th "
                   "scope=\"col\">Efter</th><th scope=\"col\">Forslag</th></tr></thead><tbody>");
    for (size_t i = 0; i < e->nindicators; i++) {
        const ix_ediff_indicator *x = &e->indicators[i];
        size_t n = x->nfields ? x->nfields : 1;
        for (size_t f = 0; f < n; f++) {
            const ix_ediff_field *fd = x->nfields ? &x->fields[f] : NULL;
            ix_html_printf(s, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
                           f ? "" : x->icode, f ? "" : x->name, f ? "" : kind_da(x->kind),
                           fd ? fd->field : "", fd ? fd->before : "", fd ? fd->after : "");
            if (!f)
                proposal_links(s, x->proposals, linked);
            ix_html_raw(s, "</td></tr>");
        }
    }
    ix_html_raw(s, "</tbody></table></div>");
}

ix_status ix_site_diff_page(const ix_edition *a, const ix_edition *b, const ix_ediff *e,
                            int proposals_linked, ix_sink *s, ix_diag *d)
{
    (void)d;
    char title[300];
    snprintf(title, sizeof title, "Udgave %ld mod udgave %ld", a->info.id, b->info.id);
    ix__site_page_begin(s, title);
    ix_html_printf(s,
                   "<p>A: <a href=\"/edition/%ld\">%s</a> (%d) · B: <a href=\"/edition/%ld\">%s"
                   "</a> (%d) · %s</p>",
                   a->info.id, a->info.name, a->info.year, b->info.id, b->info.name,
                   b->info.year, ix__site_kind_label(a->info.kind));
    ix_html_printf(s,
                   "<p>Som data: <a href=\"/edition/%ld/vs/%ld.csv\">CSV</a> · <a "
                   "href=\"/api/v1/editions/%ld/vs/%ld\">JSON</a></p>",
                   a->info.id, b->info.id, a->info.id, b->info.id);
    indicators(s, e, proposals_linked);
    ranks(s, e);
    ix__site_page_end(s);
    return s->failed ? ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot write the page")
                     : IX_OK;
}
