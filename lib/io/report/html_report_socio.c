/* The HTML report of the socio-economic index (see include/indeks/report.h).
 * A municipality's profile is its index criterion by criterion with the
 * numbers `indeks socio --explain` prints (lib/io/socio/socio_explain.c): weight,
 * count, share of the nation, rate per 1000 inhabitants against the
 * nation's, contribution, and contribution over scale x weight. */
#include <stdio.h>
#include <string.h>

#include "html_report.h"
#include "indeks/kommuner.h"
#include "indeks/socio_write.h"

typedef struct {
    double weight, count, share, rate, national_rate, contrib, over;
} crit_row;

/* The same arithmetic as socio_explain.c's explain_criterion. */
static crit_row criterion(const ix_socio_model *m, const ix_socio_data *data,
                          const ix_socio_result *r, size_t k, size_t j)
{
    const size_t nc = r->ncriteria;
    crit_row e;
    e.weight = m->criteria[j].weight;
    e.count = data->counts[k * nc + j];
    e.share = e.count / r->national[j];
    e.rate = e.count / data->population[k] * 1000.0;
    e.national_rate = r->national[j] / r->population * 1000.0;
    e.contrib = r->contrib[k * nc + j];
    e.over = e.contrib - m->scale * e.weight;
    return e;
}

static const char *name_of(const ix_socio_data *data, size_t k)
{
    return data->names[k] ? data->names[k] : "";
}

static void ranking(ix_sink *s, const ix_report_options *o, const ix_socio_model *m,
                    const ix_socio_data *data, const ix_socio_result *r)
{
    ix_html_printf(s, "<section id=\"ranking\">\n<h2>%s</h2>\n<p class=\"muted\">%s",
                   IX__L(o, "Landsliste", "National list"),
                   IX__L(o, "Rang 1 = højeste indeks; ", "Rank 1 = highest index; "));
    ix__html_num(s, m->scale, 0, o);
    ix_html_printf(s, "%s", IX__L(o, " = landsgennemsnittet. Klik på et navn for profilen.",
                                  " = the national average. Click a name for its profile."));
    ix_html_printf(s, "</p>\n<div class=\"scroll\">\n<table id=\"ranking-table\" class=\"sortable\">\n"
                      "<thead><tr><th class=\"n\">%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
                      "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
                   IX__L(o, "Rang", "Rank"), IX__L(o, "Kode", "Code"),
                   IX__L(o, "Kommune", "Municipality"), IX__L(o, "Indeks", "Index"),
                   IX__L(o, "Indbyggere", "Population"));
    for (size_t pos = 0; pos < r->nunits; pos++) {
        size_t k = r->order[pos];
        ix_html_printf(s, "<tr data-kommunekode=\"%03d\"><td class=\"n\" data-v=\"%ld\">%ld</td>"
                          "<td>%03d</td><td><a href=\"#k%03d\">%s</a></td>",
                       data->codes[k], r->rank[k], r->rank[k], data->codes[k], data->codes[k],
                       name_of(data, k));
        ix__html_num_td(s, r->index[k], 2, o);
        ix__html_num_td(s, data->population[k], 0, o);
        ix_html_printf(s, "</tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n</div>\n</section>\n");
}

static void profile(ix_sink *s, const ix_report_options *o, const ix_socio_model *m,
                    const ix_socio_data *data, const ix_socio_result *r, size_t k)
{
    ix_html_printf(s, "<details class=\"profile\" id=\"k%03d\">\n<summary>%03d %s <span>– %s",
                   data->codes[k], data->codes[k], name_of(data, k), IX__L(o, "indeks ", "index "));
    ix__html_num(s, r->index[k], 2, o);
    ix_html_printf(s, IX__L(o, ", rang %ld af %zu", ", rank %ld of %zu"), r->rank[k], r->nunits);
    ix_html_printf(s, "</span></summary>\n<p>%s", IX__L(o, "Indbyggere ", "Population "));
    ix__html_num(s, data->population[k], 0, o);
    ix_html_printf(s, " (");
    ix__html_num(s, data->population[k] / r->population * 100.0, 3, o);
    ix_html_printf(s, "%s", IX__L(o, " % af landet). Vægt og andel i procent.",
                                  " % of the nation). Weight and share in per cent."));
    static const char *const head_da[8] = {"Kriterium", "Vægt", "Antal", "Andel af landet",
                                           "Pr. 1000 indb.", "Landet pr. 1000", "Bidrag",
                                           "Over gennemsnit"};
    static const char *const head_en[8] = {"Criterion", "Weight", "Count", "Share of nation",
                                           "Per 1000 inh.", "Nation per 1000", "Contribution",
                                           "Above average"};
    ix_html_printf(s, "</p>\n<table class=\"explain\">\n<thead><tr>");
    for (int c = 0; c < 8; c++)
        ix_html_printf(s, c ? "<th class=\"n\">%s</th>" : "<th>%s</th>",
                       o->danish ? head_da[c] : head_en[c]);
    ix_html_printf(s, "</tr></thead>\n<tbody>\n");
    double sum = 0;
    for (size_t j = 0; j < m->ncriteria; j++) {
        crit_row e = criterion(m, data, r, k, j);
        ix_html_printf(s, "<tr data-criterion=\"%s\"><td title=\"%s\">%s</td>", m->criteria[j].id,
                       m->criteria[j].name, m->criteria[j].id);
        ix__html_num_td(s, e.weight * 100.0, 1, o);
        ix__html_num_td(s, e.count, 0, o);
        ix__html_num_td(s, e.share * 100.0, 3, o);
        ix__html_num_td(s, e.rate, 1, o);
        ix__html_num_td(s, e.national_rate, 1, o);
        ix__html_num_td(s, e.contrib, 2, o);
        ix__html_num_td_class(s, e.over, 2, o, e.over > 0 ? "pos" : e.over < 0 ? "neg" : NULL);
        ix_html_printf(s, "</tr>\n");
        sum += e.contrib;
    }
    ix_html_printf(s, "<tr class=\"sum\"><td>%s</td><td></td><td></td><td></td><td></td><td></td>",
                   IX__L(o, "I alt = indekset", "Total = the index"));
    ix__html_num_td(s, sum, 2, o);
    ix_html_printf(s, "<td></td></tr>\n</tbody>\n</table>\n</details>\n");
}

static void model_section(ix_sink *s, const ix_report_options *o, const ix_socio_model *m)
{
    ix_html_printf(s, "<section id=\"model\">\n<h2>Model</h2>\n<p><strong>%s</strong><br>%s</p>\n"
                      "<p class=\"muted\">",
                   m->name, m->source);
    /* The formula: markup of the program's own (subscripts), so raw. */
    ix_html_raw(s, IX__L(o, "indeks<sub>k</sub> = skala · Σ<sub>j</sub> w<sub>j</sub> "
                            "· (c<sub>jk</sub> / C<sub>j</sub>) / (N<sub>k</sub> / N), skala = ",
                         "index<sub>k</sub> = scale · Σ<sub>j</sub> w<sub>j</sub> "
                         "· (c<sub>jk</sub> / C<sub>j</sub>) / (N<sub>k</sub> / N), scale = "));
    ix__html_num(s, m->scale, 0, o);
    ix_html_printf(s, "; status: %s%s", m->status, IX__L(o, "; vægtene summerer til ",
                                                          "; the weights sum to "));
    ix__html_num(s, m->weight_sum, 4, o);
    if (m->renormalised)
        ix_html_printf(s, "%s", IX__L(o, " (skaleret til 1)", " (rescaled to 1)"));
    ix_html_printf(s, ".</p>\n<table class=\"criteria\">\n<thead><tr><th>Id</th><th>%s</th>"
                      "<th class=\"n\">%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                   IX__L(o, "Kriterium", "Criterion"), IX__L(o, "Vægt %", "Weight %"),
                   IX__L(o, "Kolonne", "Column"));
    for (size_t j = 0; j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        ix_html_printf(s, "<tr><td>%s</td><td>%s</td>", c->id, c->name);
        ix__html_num_td(s, c->weight * 100.0, 1, o);
        ix_html_raw(s, "<td>");
        if (c->kind == IX_SOCIO_MEAN) {
            ix_html_printf(s, "%s", IX__L(o, "gennemsnit af ", "mean of "));
            for (size_t i = 0; i < c->ninputs; i++)
                ix_html_printf(s, "%s%s", i ? ", " : "", c->inputs[i]);
        } else if (c->kind == IX_SOCIO_PRODUCT || c->kind == IX_SOCIO_GAP_TO_MAX) {
            if (c->kind == IX_SOCIO_GAP_TO_MAX)
                ix_html_printf(s, "(max − %s) × %s", c->inputs[0], c->inputs[1]);
            else
                ix_html_printf(s, "%s × %s", c->inputs[0], c->inputs[1]);
        } else
            ix_html_printf(s, "%s", c->count);
        if (c->has_excess) {
            ix_html_printf(s, "%s", IX__L(o, " ud over ", " above "));
            ix__html_num(s, c->excess_share * 100.0, 1, o);
            ix_html_printf(s, "%s%s", IX__L(o, " % af ", " % of "), c->excess_of);
        }
        ix_html_printf(s, "</td></tr>\n");
    }
    ix_html_printf(s, "</tbody>\n</table>\n</section>\n");
}

static void sources(ix_sink *s, const ix_report_options *o, const ix_socio_model *m,
                    const ix_socio_data *data)
{
    ix_html_printf(s, "<section id=\"sources\">\n<h2>%s</h2>\n<ul>\n<li>Data: %s</li>\n"
                      "<li>Model: %s</li>\n<li>%s: %s</li>\n<li>%s: %s</li>\n</ul>\n</section>\n",
                   IX__L(o, "Kilder", "Sources"), ix__html_basename(data->source),
                   ix__html_basename(m->file),
                   IX__L(o, "Kommuner og folketal", "Municipalities and population"),
                   IX_KOMMUNE_SOURCE, IX__L(o, "Kort", "Map"),
                   o->map_credit && o->map_credit[0] ? o->map_credit
                   : o->geometry                    ? ix__html_basename(o->geometry)
                               : IX__L(o, "skematisk sekskantkort (indbygget i indeks), ikke "
                                          "kommunegrænser",
                                       "schematic hexagon tile map (built into indeks), not "
                                       "municipal boundaries"));
}

ix_status ix_report_socio_html(const ix_socio_model *m, const ix_socio_data *data,
                               const ix_socio_result *r, const ix_report_options *o, ix_sink *s,
                               ix_diag *d)
{
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink ns = ix_buf_sink(&notes);
    ix_socio_write_notes_lang(m, data, "", o->danish, &ns);
    char subtitle[160];
    snprintf(subtitle, sizeof subtitle, IX__L(o, "Socioøkonomisk indeks for %zu kommuner",
                                              "Socio-economic index of %zu municipalities"),
             r->nunits);
    ix__html_begin(s, o, o->title ? o->title : m->name, subtitle);
    ix__html_notes(s, o, notes.data);
    ix_buf_free(&notes);
    ix_html_printf(s, "<div class=\"top\">\n");
    ix__html_map(s, o, NULL);
    ranking(s, o, m, data, r);
    ix_html_printf(s, "</div>\n");
    ix_html_printf(s, "<section id=\"profiles\">\n<h2>%s</h2>\n<p class=\"muted\">",
                   IX__L(o, "Kommunernes profiler", "Municipal profiles"));
    /* The program's own text, written as it stands (its apostrophe is not
     * turned into &#39;). */
    ix_html_raw(s, IX__L(o, "Hver kommunes indeks kriterium for kriterium. Ved landets rate bidrager "
                            "et kriterium med vægt × skala; “over "
                            "gennemsnit” viser, hvad der trækker op eller ned. "
                            "Bidragene summerer til indekset.",
                         "Each municipality's index criterion by criterion. At the national rate a "
                         "criterion contributes weight × scale; “above "
                         "average” shows what pulls the index up or down. The "
                         "contributions add up to the index."));
    ix_html_printf(s, "</p>\n");
    for (size_t pos = 0; pos < r->nunits; pos++)
        profile(s, o, m, data, r, r->order[pos]);
    ix_html_printf(s, "</section>\n");
    model_section(s, o, m);
    sources(s, o, m, data);
    ix__html_end(s, o);
    if (s->failed)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the report");
    return IX_OK;
}
