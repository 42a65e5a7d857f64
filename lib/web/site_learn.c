/* "Lær af" on a municipality's page (learn.h): the ten municipalities with
 * the nearest socio-economic index, per domain of the newest Socialt Indeks
 * those that score higher, and the recommendations they meet and this one
 * does not. The burden is the newest series edition's index (the official
 * index), else the newest socio edition's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"
#include "indeks/learn.h"
#include "indeks/route.h"
#include "site_internal.h"

typedef struct {
    const ix_comp_model *cm; /* the page's run (borrowed) */
    const ix_comp_plan *cp;
    size_t nunits;
    int *kommune;
    double *burden;
    size_t ndomains;
    ix_learn_domain *domains;
    ix_learn_indicator *indicators; /* all, domain by domain */
    double *values;                 /* their shown values, nunits each */
} learn_data;

static void data_free(learn_data *x)
{
    free(x->kommune);
    free(x->burden);
    free(x->domains);
    free(x->indicators);
    free(x->values);
}


static void burden_of(learn_data *x, const ix_edition *b)
{
    int year = ix_edition_display_year(b);
    for (size_t u = 0; u < x->nunits; u++) {
        long r = x->kommune[u] ? ix_edition_find(b, x->kommune[u], year) : -1;
        x->burden[u] = r >= 0 ? b->rows[r].value : NAN;
    }
}

/* The domains (level 2) and their indicators (level 1 nodes under them). */
static int domains_of(learn_data *x)
{
    size_t nn = ix_comp_model_nnodes(x->cm), ni = ix_comp_model_nindicators(x->cm);
    x->domains = calloc(nn + 1, sizeof *x->domains);
    x->indicators = calloc(ni + 1, sizeof *x->indicators);
    x->values = calloc(ni * x->nunits + 1, sizeof *x->values);
    if (!x->domains || !x->indicators || !x->values)
        return -1;
    size_t k = 0;
    for (size_t node = 0; node < nn; node++) {
        if (ix_comp_node_level(x->cm, node) != 2)
            continue;
        ix_learn_domain *dom = &x->domains[x->ndomains++];
        *dom = (ix_learn_domain){ix_comp_node_code(x->cm, node), ix_comp_node_name(x->cm, node),
                                 ix_comp_plan_scores(x->cp, node), 0, &x->indicators[k]};
        for (size_t i = 0; i < ni; i++) {
            if (ix_comp_node_parent(x->cm, i) != (long)node || !ix_comp_node_raw(x->cm, i))
                continue;
            const char *rec = ix_comp_node_recommendation(x->cm, i);
            double *v = &x->values[i * x->nunits]; /* as the profile shows it: per 1,000 */
            for (size_t u = 0; u < x->nunits; u++)
                v[u] = ix_comp_unit_value(x->cm, i, u);
            x->indicators[k++] = (ix_learn_indicator){
                ix_comp_node_code(x->cm, i), ix_comp_node_name(x->cm, i), rec ? rec : "",
                ix_comp_node_direction(x->cm, i), ix_comp_node_target(x->cm, i), v};
            dom->nindicators++;
        }
        if (!dom->score)
            x->ndomains--;
    }
    return 0;
}

static int load(learn_data *x, const ix__site_run *run, const ix_edition *burden)
{
    if (!run || !run->cm || !run->cp)
        return -1;
    x->cm = run->cm;
    x->cp = run->cp;
    x->nunits = ix_comp_model_nunits(x->cm);
    x->kommune = calloc(x->nunits + 1, sizeof *x->kommune);
    x->burden = calloc(x->nunits + 1, sizeof *x->burden);
    if (!x->kommune || !x->burden)
        return -1;
    for (size_t u = 0; u < x->nunits; u++)
        x->kommune[u] = ix_route_parse_kommune(ix_comp_unit_code(x->cm, u), ""); /* 0: not one of the 98 */
    burden_of(x, burden);
    return domains_of(x);
}

static const char *unit_name(const learn_data *x, size_t u)
{
    const ix_kommune *k = ix_kommune_find(x->kommune[u]);
    return k ? k->name : ix_comp_unit_code(x->cm, u);
}

static void peer_list(const learn_data *x, const ix_learn *l, const ix_edition *b, ix_sink *s)
{
    ix_html_printf(s, "<p>De %zu kommuner med det socioøkonomiske indeks nærmest %s (", l->npeers,
                   unit_name(x, l->unit));
    ix__site_put_num(s, x->burden[l->unit]);
    ix_html_printf(s, " i <a href=\"/edition/%ld\">%s</a>):</p><ul class=\"peers\">", b->info.id,
                   b->info.name);
    for (size_t i = 0; i < l->npeers; i++) {
        size_t u = l->peers[i];
        ix_html_printf(s, "<li><a href=\"/kommune/%d\">%s</a> (", x->kommune[u], unit_name(x, u));
        ix__site_put_num(s, x->burden[u]);
        ix_html_raw(s, ")</li>");
    }
    ix_html_raw(s, "</ul>");
}

static void domain_block(const learn_data *x, const ix_learn *l, size_t k, ix_sink *s)
{
    const ix_learn_domain *dom = &x->domains[k];
    const ix_learn_domain_out *o = &l->domains[k];
    /* one folded block per domain: the page stays short, the summary says
     * how many of the ten do better */
    ix_html_printf(s, "<details class=\"learn\"><summary>%s: %zu af de ti scorer højere"
                      "</summary><p>%s: ",
                   dom->name, o->nbetter, unit_name(x, l->unit));
    ix__site_put_num(s, o->own);
    if (o->nbetter == 0) {
        ix_html_raw(s, ". Ingen af de ti scorer højere.</p></details>");
        return;
    }
    ix_html_raw(s, ". Højere blandt de ti: ");
    for (size_t i = 0; i < o->nbetter; i++) {
        ix_html_printf(s, "%s<a href=\"/kommune/%d\">%s</a> (", i ? ", " : "",
                       x->kommune[o->better[i]], unit_name(x, o->better[i]));
        ix__site_put_num(s, dom->score[o->better[i]]);
        ix_html_raw(s, ")");
    }
    ix_html_raw(s, ".</p>");
    int any = 0;
    for (size_t j = 0; j < dom->nindicators; j++) {
        size_t n = 0;
        for (size_t i = 0; i < o->nbetter; i++)
            n += o->recs[i * dom->nindicators + j];
        if (!n)
            continue;
        if (!any)
            ix_html_raw(s, "<ul class=\"learn\">");
        ix_html_printf(s, "<li><strong>%s</strong>: %s <span class=\"muted\">Opfyldt af ",
                       dom->indicators[j].name, dom->indicators[j].recommendation);
        any = 1;
        for (size_t i = 0, c = 0; i < o->nbetter; i++)
            if (o->recs[i * dom->nindicators + j])
                ix_html_printf(s, "%s%s", c++ ? ", " : "", unit_name(x, o->better[i]));
        ix_html_raw(s, ".</span></li>");
    }
    ix_html_raw(s, any ? "</ul>" : "<p>De opfylder ingen anbefaling, som kommunen ikke også "
                                   "opfylder.</p>");
    ix_html_raw(s, "</details>");
}

void ix__site_learn_section(const ix_kommune *k, const ix_edition *comp,
                            const ix__site_run *run, const ix_edition *burden, ix_sink *s)
{
    ix_html_raw(s, "<section class=\"learn\" id=\"laer-af\"><h2>Lær af kommuner med samme "
                   "sociale byrde</h2>");
    learn_data x;
    memset(&x, 0, sizeof x);
    ix_learn l;
    memset(&l, 0, sizeof l);
    ix_diag d;
    if (!comp || !burden)
        ix_html_raw(s, "<p>Det kræver både et socioøkonomisk indeks og en udgave af Socialt "
                       "Indeks i databasen.</p>");
    else if (load(&x, run, burden) != 0)
        ix_html_raw(s, "<p>Udgaven af Socialt Indeks er gemt uden indikatorernes data (import "
                       "--meta og --data), så der er intet at lære af.</p>");
    else if (ix_learn_compute(&(ix_learn_in){x.nunits, x.kommune, x.burden, x.ndomains,
                                             x.domains},
                              k->code, &l, &d) != IX_OK)
        ix_html_raw(s, "<p>Kommunen har ikke både et socioøkonomisk indeks og en score i "
                       "Socialt Indeks.</p>");
    else {
        peer_list(&x, &l, burden, s);
        ix_html_printf(s, "<p>Pr. område i <a href=\"/edition/%ld\">%s</a>: de af de ti, der "
                          "scorer højere, og de anbefalinger, de opfylder, og som %s ikke "
                          "opfylder (målet, eller uden mål: mindst medianen).</p>",
                       comp->info.id, comp->info.name, k->name);
        for (size_t i = 0; i < x.ndomains; i++)
            domain_block(&x, &l, i, s);
    }
    ix_html_raw(s, "</section>\n");
    ix_learn_free(&l);
    data_free(&x);
}
