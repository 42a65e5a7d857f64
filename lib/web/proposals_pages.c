/* The pages and JSON of /forslag (proposals_web.c has the routes). Public
 * pages name the proposing, supporting and commenting organisations, never
 * a person. Danish; every stored text escaped by ix_html_printf. */
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"
#include "indeks/proposals_store.h"

/* ---- the frame -------------------------------------------------------------------------- */

static void page_start(ix_sink *s, const char *title)
{
    ix_html_printf(s,
                   "<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>%s · Socialt Indeks</title><link rel=\"stylesheet\" "
                   "href=\"/static/app.css\"></head><body class=\"forslag\"><p><a class=\"skip\" "
                   "href=\"#indhold\">Gå til indholdet</a></p><header><p><a href=\"/\">indeks</a> "
                   "· <a href=\"/forslag\">Forslag til Socialt Indeks</a></p></header>"
                   "<main id=\"indhold\"><h1>%s</h1>\n",
                   title, title);
}

static void page_end(ix_sink *s, const ix_gusa_ctx *cx)
{
    if (cx && cx->logged_in)
        ix_html_printf(s,
                       "<form method=\"post\" action=\"/forslag/logout\"><input type=\"hidden\" "
                       "name=\"csrf\" value=\"%s\"><button type=\"submit\">Log ud</button></form>",
                       cx->csrf);
    ix_html_raw(s, "</main></body></html>\n");
}

static ix_sink html(ix_gusa_resp *rs, int status)
{
    rs->status = status;
    rs->type = "text/html; charset=utf-8";
    rs->body.len = 0;
    return ix_buf_sink(&rs->body);
}

static void login_links(ix_sink *s, const char *next)
{
    ix_html_printf(s,
                   "<p>Log ind for din organisation for at foreslå, støtte eller kommentere: "
                   "<a href=\"/gusa/login?idp=medarbejder&amp;for=forslag&amp;next=%s\">"
                   "medarbejderlogin</a> eller <a href=\"/gusa/login?idp=mitid&amp;"
                   "for=forslag&amp;next=%s\">MitID</a>.</p>",
                   next, next);
}

void ix__prop_error_page(ix_gusa_resp *rs, int status)
{
    static const struct {
        int status;
        const char *title, *text;
    } pages[] = {
        {401, "Log ind først", "Log ind for din organisation og prøv igen."},
        {403, "Ingen adgang", "Kun redaktionen kan afgøre forslag."},
        {404, "Ikke fundet", "Forslaget findes ikke."},
        {409, "Kan ikke lade sig gøre",
         "Forslaget er allerede afgjort, din organisation støtter det allerede, eller det er "
         "din organisations eget forslag."},
        {429, "For mange på en time",
         "Din organisation har nået grænsen for forslag eller kommentarer i en time. Prøv igen "
         "senere."},
    };
    const char *title = "Serverfejl", *text = "Det kunne ikke gemmes; fejlen er skrevet i loggen.";
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        if (pages[i].status == status) {
            title = pages[i].title;
            text = pages[i].text;
        }
    ix_sink s = html(rs, status);
    page_start(&s, title);
    ix_html_printf(&s, "<p>%s</p><p><a href=\"/forslag\">Til forslagene</a></p>", text);
    page_end(&s, NULL);
}

/* ---- words ------------------------------------------------------------------------------- */

static const char *status_da(const char *status)
{
    return !status                               ? ""
           : strcmp(status, "accepteret") == 0 ? "Accepteret"
           : strcmp(status, "afvist") == 0     ? "Afvist"
                                                : "Åben";
}

static const char *direction_da(const char *dir)
{
    return !dir ? NULL : strcmp(dir, "1") == 0 ? "højere er bedre" : "lavere er bedre";
}

/* ---- the list ----------------------------------------------------------------------------- */

static int load_list(ix_gusa_web *w, ix_gusa_resp *rs, ix_prop_list **l)
{
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_prop_list_load(w->store, l, &d) == IX_OK)
        return 1;
    fprintf(stderr, "indeks serve: forslag: %s\n", d.message);
    ix__prop_error_page(rs, 500);
    return 0;
}

void ix__prop_list_page(ix_gusa_web *w, const ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_prop_list *l = NULL;
    if (!load_list(w, rs, &l))
        return;
    ix_sink s = html(rs, 200);
    page_start(&s, "Forslag til næste udgave af Socialt Indeks");
    ix_html_raw(&s, "<p>Organisationer foreslår nye indikatorer, ændringer og anbefalinger. "
                    "Forslagene er offentlige, andre organisationer kan støtte og kommentere "
                    "dem, og redaktionen afgør hvert forslag med en skriftlig begrundelse.</p>");
    if (cx->logged_in)
        ix_html_raw(&s, "<p><a class=\"button\" href=\"/forslag/ny\">Nyt forslag</a></p>");
    else
        login_links(&s, "/forslag");
    if (l->n == 0)
        ix_html_raw(&s, "<p>Der er ingen forslag endnu.</p>");
    else {
        ix_html_raw(&s, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Forslag\"><table><caption>Alle forslag, nyeste "
                        "først</caption><thead><tr><th scope=\"col\">Nr.</th><th scope=\"col\">"
                        "Slags</th><th scope=\"col\">Indikator</th><th scope=\"col\">Foreslået "
                        "af</th><th scope=\"col\">Dato</th><th scope=\"col\">Støtter</th>"
                        "<th scope=\"col\">Status</th></tr></thead><tbody>");
        for (size_t i = 0; i < l->n; i++) {
            const ix_prop_view *v = &l->items[i];
            ix_html_printf(&s,
                           "<tr><td><a href=\"/forslag/%lld\">F%lld</a></td><td>%s</td><td>%s"
                           "%s%s</td><td>%s</td><td>%.10s</td><td>%zu</td><td>%s</td></tr>",
                           v->id, v->id, ix_prop_kind_label(v->p.kind), v->p.icode,
                           v->p.name ? " · " : "", v->p.name ? v->p.name : "", v->org,
                           v->created, v->nsupport, status_da(v->status));
        }
        ix_html_raw(&s, "</tbody></table></div>");
    }
    ix_html_raw(&s, "<p>Som data: <a href=\"/api/v1/forslag\">JSON</a>.</p>");
    page_end(&s, cx);
    ix_prop_list_free(l);
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static void jfield(ix_sink *s, const char *key, const char *v, int comma)
{
    ix_sink_printf(s, "%s\"%s\":", comma ? "," : "", key);
    if (v)
        ix_json_string(s, v);
    else
        ix_sink_puts(s, "null");
}

static void view_json(ix_sink *s, const ix_prop_view *v)
{
    ix_sink_printf(s, "{\"id\":%lld,\"ref\":\"F%lld\"", v->id, v->id);
    const char *keys[] = {"kind",      "icode",  "name",   "definition", "unit",
                          "direction", "domain", "source", "frequency",  "recommendation",
                          "why",       "organisation", "created", "status", "decided_at",
                          "decided_by", "reason", "edition"};
    const char *vals[] = {ix_prop_kind_name(v->p.kind), v->p.icode, v->p.name, v->p.definition,
                          v->p.unit, v->p.direction, v->p.domain, v->p.source, v->p.frequency,
                          v->p.recommendation, v->p.why, v->org, v->created, v->status,
                          v->decided_at, v->decided_by, v->reason, v->edition};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        jfield(s, keys[i], vals[i], 1);
    ix_sink_printf(s, ",\"support_count\":%zu", v->nsupport);
}

void ix__prop_list_json(ix_gusa_web *w, ix_gusa_resp *rs)
{
    ix_prop_list *l = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_prop_list_load(w->store, &l, &d) != IX_OK) {
        fprintf(stderr, "indeks serve: forslag: %s\n", d.message);
        ix__gusa_json_error(rs, 500, "the proposals could not be read", NULL);
        return;
    }
    rs->status = 200;
    rs->type = "application/json";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    ix_sink_puts(&s, "{\"proposals\":[");
    for (size_t i = 0; i < l->n; i++) {
        ix_sink_puts(&s, i ? "," : "");
        view_json(&s, &l->items[i]);
        ix_sink_puts(&s, "}");
    }
    ix_sink_puts(&s, "]}\n");
    ix_prop_list_free(l);
}

static int load_one(ix_gusa_web *w, long long id, ix_prop_view **v, int *status)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_prop_get(w->store, id, v, &d);
    *status = st == IX_OK ? 200 : st == IX_ERR_NOTFOUND ? 404 : 500;
    if (*status == 500)
        fprintf(stderr, "indeks serve: forslag: %s\n", d.message);
    return st == IX_OK;
}

void ix__prop_json(ix_gusa_web *w, long long id, ix_gusa_resp *rs)
{
    ix_prop_view *v = NULL;
    int status;
    if (!load_one(w, id, &v, &status)) {
        ix__gusa_json_error(rs, status, status == 404 ? "no such proposal" : "server error", NULL);
        return;
    }
    rs->status = 200;
    rs->type = "application/json";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    view_json(&s, v);
    ix_sink_puts(&s, ",\"support\":[");
    for (size_t i = 0; i < v->nsupport; i++) {
        ix_sink_puts(&s, i ? ",{" : "{");
        jfield(&s, "organisation", v->support[i].org, 0);
        jfield(&s, "at", v->support[i].at, 1);
        ix_sink_puts(&s, "}");
    }
    ix_sink_puts(&s, "],\"comments\":[");
    for (size_t i = 0; i < v->ncomments; i++) {
        ix_sink_puts(&s, i ? ",{" : "{");
        jfield(&s, "organisation", v->comments[i].org, 0);
        jfield(&s, "text", v->comments[i].text, 1);
        jfield(&s, "at", v->comments[i].at, 1);
        ix_sink_puts(&s, "}");
    }
    ix_sink_puts(&s, "]}\n");
    ix_prop_view_free(v);
}

/* ---- one proposal ---------------------------------------------------------------------------- */

static void dl_row(ix_sink *s, const char *term, const char *value)
{
    if (value && *value)
        ix_html_printf(s, "<dt>%s</dt><dd>%s</dd>", term, value);
}

static void proposal_facts(ix_sink *s, const ix_prop_view *v)
{
    ix_html_raw(s, "<dl class=\"facts\">");
    dl_row(s, "Slags", ix_prop_kind_label(v->p.kind));
    dl_row(s, "Indikatorens kode", v->p.icode);
    dl_row(s, "Navn", v->p.name);
    dl_row(s, "Definition", v->p.definition);
    dl_row(s, "Enhed", v->p.unit);
    dl_row(s, "Retning", direction_da(v->p.direction));
    dl_row(s, "Område (domæne)", v->p.domain);
    dl_row(s, "Datakilde", v->p.source);
    dl_row(s, "Hvor ofte offentliggøres data", v->p.frequency);
    dl_row(s, "Anbefaling", v->p.recommendation);
    dl_row(s, "Begrundelse", v->p.why);
    ix_html_printf(s, "<dt>Foreslået af</dt><dd>%s, %.10s</dd>", v->org, v->created);
    ix_html_raw(s, "</dl>");
}

static void decision(ix_sink *s, const ix_prop_view *v)
{
    ix_html_printf(s, "<h2>Afgørelse</h2><p>Status: <strong>%s</strong>.", status_da(v->status));
    if (v->decided_at)
        ix_html_printf(s, " Afgjort %.10s af redaktionen (%s).</p><p>Begrundelse: %s",
                       v->decided_at, v->decided_by ? v->decided_by : "", v->reason);
    else
        ix_html_raw(s, " Redaktionen har ikke afgjort forslaget endnu.");
    ix_html_raw(s, "</p>");
    if (v->edition)
        ix_html_printf(s, "<p>Indgår i udgaven <strong>%s</strong>.</p>", v->edition);
}

static void support_and_comments(ix_sink *s, const ix_prop_view *v)
{
    ix_html_printf(s, "<h2>Støtte (%zu)</h2>", v->nsupport);
    if (v->nsupport == 0)
        ix_html_raw(s, "<p>Ingen andre organisationer støtter forslaget endnu.</p>");
    else {
        ix_html_raw(s, "<ul>");
        for (size_t i = 0; i < v->nsupport; i++)
            ix_html_printf(s, "<li>%s (%.10s)</li>", v->support[i].org, v->support[i].at);
        ix_html_raw(s, "</ul>");
    }
    ix_html_printf(s, "<h2>Kommentarer (%zu)</h2>", v->ncomments);
    for (size_t i = 0; i < v->ncomments; i++)
        ix_html_printf(s, "<article class=\"comment\"><p><strong>%s</strong>, %.10s</p><p>%s</p>"
                          "</article>",
                       v->comments[i].org, v->comments[i].at, v->comments[i].text);
}

static void write_forms(ix_sink *s, const ix_prop_view *v, const ix_gusa_ctx *cx)
{
    int open = v->status && strcmp(v->status, "aaben") == 0;
    if (open && cx->actor.org != v->org_id) {
        ix_html_printf(s, "<form method=\"post\" action=\"/forslag/%lld/stoette\">", v->id);
        ix__gusa_csrf_field(s, cx);
        ix_html_raw(s, "<button type=\"submit\">Min organisation støtter forslaget</button>"
                       "</form>");
    }
    ix_html_printf(s, "<form method=\"post\" action=\"/forslag/%lld/kommentar\">", v->id);
    ix__gusa_csrf_field(s, cx);
    ix_html_raw(s, "<p><label for=\"text\">Kommentar</label><textarea id=\"text\" name=\"text\" "
                   "rows=\"4\" maxlength=\"4000\" required></textarea></p><button "
                   "type=\"submit\">Skriv kommentar</button></form>");
    if (!open || !cx->actor.editor)
        return;
    ix_html_printf(s, "<h2>Afgør forslaget</h2><form method=\"post\" "
                      "action=\"/forslag/%lld/afgoerelse\">",
                   v->id);
    ix__gusa_csrf_field(s, cx);
    ix_html_raw(s, "<fieldset><legend>Afgørelse</legend><p><input type=\"radio\" id=\"acc\" "
                   "name=\"decision\" value=\"accepter\" required><label for=\"acc\">Accepter"
                   "</label></p><p><input type=\"radio\" id=\"rej\" name=\"decision\" "
                   "value=\"afvis\"><label for=\"rej\">Afvis</label></p></fieldset><p><label "
                   "for=\"reason\">Begrundelse (offentlig)</label><textarea id=\"reason\" "
                   "name=\"reason\" rows=\"4\" maxlength=\"4000\" required></textarea></p>"
                   "<button type=\"submit\">Gem afgørelsen</button></form>");
}

void ix__prop_page(ix_gusa_web *w, long long id, const ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_prop_view *v = NULL;
    int status;
    if (!load_one(w, id, &v, &status)) {
        ix__prop_error_page(rs, status);
        return;
    }
    char title[96];
    snprintf(title, sizeof title, "Forslag F%lld", v->id);
    ix_sink s = html(rs, 200);
    page_start(&s, title);
    proposal_facts(&s, v);
    decision(&s, v);
    support_and_comments(&s, v);
    if (cx->logged_in)
        write_forms(&s, v, cx);
    else {
        char next[48];
        snprintf(next, sizeof next, "/forslag/%lld", v->id);
        login_links(&s, next);
    }
    ix_html_printf(&s, "<p><a href=\"/forslag\">Alle forslag</a> · <a "
                       "href=\"/api/v1/forslag/%lld\">JSON</a></p>",
                   v->id);
    page_end(&s, cx);
    ix_prop_view_free(v);
}

/* ---- the form ------------------------------------------------------------------------------- */

static void text_input(ix_sink *s, const char *name, const char *label, const char *hint,
                       int maxlength)
{
    ix_html_printf(s, "<p><label for=\"%s\">%s</label>", name, label);
    if (hint)
        ix_html_printf(s, "<span class=\"hint\" id=\"%s-hint\">%s</span>", name, hint);
    ix_html_printf(s, "<input type=\"text\" id=\"%s\" name=\"%s\" maxlength=\"%d\"", name, name,
                   maxlength);
    if (hint)
        ix_html_printf(s, " aria-describedby=\"%s-hint\"", name);
    ix_html_raw(s, "></p>");
}

static void textarea(ix_sink *s, const char *name, const char *label, int required)
{
    ix_html_printf(s,
                   "<p><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"%s\" rows=\"4\" "
                   "maxlength=\"4000\"%s></textarea></p>",
                   name, label, name, name, required ? " required" : "");
}

void ix__prop_form_page(const ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    if (!cx->logged_in) {
        ix_sink s = html(rs, 401);
        page_start(&s, "Log ind først");
        login_links(&s, "/forslag/ny");
        page_end(&s, NULL);
        return;
    }
    ix_sink s = html(rs, 200);
    page_start(&s, "Nyt forslag");
    ix_html_raw(&s, "<p>Forslaget bliver offentligt med din organisations navn (ikke dit). "
                    "Udfyld de felter, der passer til slags forslag; en ny indikator skal "
                    "have alle felter undtagen anbefalingen.</p><form method=\"post\" "
                    "action=\"/forslag\">");
    ix__gusa_csrf_field(&s, cx);
    ix_html_raw(&s, "<p><label for=\"kind\">Slags forslag</label><select id=\"kind\" "
                    "name=\"kind\" required>");
    for (int k = IX_PROP_NEW; k <= IX_PROP_RECOMMENDATION; k++)
        ix_html_printf(&s, "<option value=\"%s\">%s</option>",
                       ix_prop_kind_name((ix_prop_kind)k), ix_prop_kind_label((ix_prop_kind)k));
    ix_html_raw(&s, "</select></p>");
    text_input(&s, "icode", "Indikatorens kode",
               "En ny kode (bogstaver, tal og _) eller koden på den indikator, det gælder, "
               "fx B01.",
               IX_PROP_CODE_MAX);
    text_input(&s, "name", "Navn", NULL, IX_PROP_SHORT_MAX);
    textarea(&s, "definition", "Definition", 0);
    text_input(&s, "unit", "Enhed", "Fx pct., dage eller antal pr. 1.000 indbyggere.",
               IX_PROP_SHORT_MAX);
    ix_html_raw(&s, "<p><label for=\"direction\">Retning</label><select id=\"direction\" "
                    "name=\"direction\"><option value=\"\">(uændret)</option><option "
                    "value=\"1\">Højere er bedre</option><option value=\"-1\">Lavere er bedre"
                    "</option></select></p>");
    text_input(&s, "domain", "Område (domænets kode)", "Fx BOERN, VOKSNE eller HANDICAP.",
               IX_PROP_CODE_MAX);
    text_input(&s, "source", "Datakilde", NULL, IX_PROP_SHORT_MAX);
    text_input(&s, "frequency", "Hvor ofte offentliggøres data", "Fx årligt.", IX_PROP_SHORT_MAX);
    textarea(&s, "recommendation", "Anbefaling (til kommuner, der ikke når målet)", 0);
    textarea(&s, "why", "Begrundelse", 1);
    ix_html_raw(&s, "<button type=\"submit\">Send forslaget</button></form>");
    page_end(&s, cx);
}
