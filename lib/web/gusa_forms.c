/* What GUSA's pages share (gusa_pages.c, gusa_case_page.c): the page frame
 * (lang="da", skip link, one <h1>), the csrf field, the Danish error page
 * for a refused form post (an error summary naming the field and a link
 * back), the check of a login's `next` path (no open redirect) and the
 * section anchor a form post returns to. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"

void ix__gusa_page_start(ix_sink *s, const char *title)
{
    ix_html_printf(s,
                   "<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>%s · GUSA</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
                   "</head><body class=\"gusa\"><p><a class=\"skip\" href=\"#indhold\">Gå til "
                   "indholdet</a></p><header><p><a href=\"/gusa/\">GUSA – "
                   "samarbejde om børn og familier</a></p></header><main id=\"indhold\">"
                   "<h1>%s</h1>\n",
                   title, title);
}

void ix__gusa_page_end(ix_sink *s, const ix_gusa_ctx *cx)
{
    if (cx && cx->logged_in)
        ix_html_printf(s,
                       "<form method=\"post\" action=\"/gusa/logout\"><input type=\"hidden\" "
                       "name=\"csrf\" value=\"%s\"><button type=\"submit\">Log ud</button></form>",
                       cx->csrf);
    ix_html_raw(s, "</main></body></html>\n");
}

void ix__gusa_csrf_field(ix_sink *s, const ix_gusa_ctx *cx)
{
    ix_html_printf(s, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", cx->csrf);
}

/* ---- next: where the browser goes after login ------------------------------------ */

int ix__gusa_next_ok(const char *p)
{
    if (!p)
        return 0;
    size_t n = strlen(p);
    if (n == 0 || n > IX_GUSA_NEXT_MAX)
        return 0;
    int gusa = strncmp(p, "/gusa/", 6) == 0;
    int forslag = strncmp(p, "/forslag", 8) == 0 && (p[8] == '\0' || p[8] == '/' || p[8] == '?');
    if (!gusa && !forslag)
        return 0;
    /* no scheme-relative "//host", no dot segments, no back slashes; a
     * small character set that is also a valid cookie value */
    if (strstr(p, "//") || strstr(p, "/.") || strncmp(p, "/gusa/login", 11) == 0 ||
        strncmp(p, "/gusa/callback", 14) == 0 || strncmp(p, "/gusa/logout", 12) == 0)
        return 0;
    for (const char *c = p; *c; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                 strchr("/-_.~?=&", *c) != NULL;
        if (!ok)
            return 0;
    }
    return 1;
}

/* ---- anchors: the section of the case page a form post returns to ------------------ */

const char *ix__gusa_anchor(const char *what)
{
    static const char *const map[][2] = {
        {"resources", "ressourcer"}, {"concerns", "bekymringer"}, {"goals", "maal"},
        {"actions", "indsatser"},    {"meetings", "moeder"},      {"consents", "samtykker"},
        {"invitations", "invitationer"}, {"close", "afslut"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (what && strcmp(what, map[i][0]) == 0)
            return map[i][1];
    return "";
}

/* ---- a refused form post ----------------------------------------------------------- */

/* The field as the /forslag forms' labels say it, or NULL. */
static const char *proposal_field_da(const char *field)
{
    static const char *const map[][2] = {
        {"kind", "Slags forslag"},      {"icode", "Indikatorens kode"},
        {"name", "Navn"},               {"definition", "Definition"},
        {"unit", "Enhed"},              {"direction", "Retning"},
        {"domain", "Område"},           {"source", "Datakilde"},
        {"frequency", "Hvor ofte offentliggøres data"},
        {"recommendation", "Anbefaling"}, {"why", "Begrundelse"},
        {"text", "Kommentar"},          {"decision", "Afgørelse"},
        {"reason", "Begrundelse"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(field, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

const char *ix__gusa_field_da(const char *field)
{
    static const char *const map[][2] = {
        {"text", "Teksten"},
        {"owner", "Hvis styrke"},
        {"observed_on", "Dato for hvornår det blev set"},
        {"info_type", "Slags oplysning"},
        {"indicator", "Hvordan kan vi se, at det går bedre"},
        {"follow_up_on", "Dato for opfølgning"},
        {"status", "Hvordan går det med målet"},
        {"note", "Bemærkning"},
        {"ladder_step", "Trin på indsatstrappen"},
        {"legal_basis", "Lovgrundlag"},
        {"start_on", "Startdato"},
        {"end_on", "Slutdato"},
        {"cost_dkk", "Pris i kroner"},
        {"held_on", "Dato for mødet"},
        {"attendees", "Hvem var med"},
        {"minutes", "Referat"},
        {"heard", "Følte du dig hørt"},
        {"agreed", "Blev I enige"},
        {"resources", "Blev familiens egne ressourcer brugt"},
        {"email", "E-mailadresse"},
        {"staff_id", "Medarbejderens nummer"},
        {"person_id", "Personens nummer"},
        {"role", "Rolle"},
        {"centre", "Center"},
        {"expires_at", "Udløbsdato"},
        {"info_types", "Hvilke oplysninger"},
        {"recipients", "Hvem må se dem"},
        {"purpose", "Formål"},
        {"valid_to", "Gælder til"},
        {"outcome", "Hvordan endte sagen"},
        {"child_id", "Barnet"},
        {"title", "Overskrift"},
        {"reason", "Hvorfor vil du tale sammen"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(field, map[i][0]) == 0)
            return map[i][1];
    return field;
}

/* The page the form came from: /gusa/sager/<id> for a case's forms. */
static void back_of(const char *path, char *out, size_t size)
{
    if (strncmp(path, "/forslag/", 9) == 0) { /* /forslag/<id>/...: that proposal */
        size_t k = strspn(path + 9, "0123456789");
        long long id = ix__gusa_parse_id(path + 9, k);
        if (id) {
            snprintf(out, size, "/forslag/%lld", id);
            return;
        }
    }
    if (strncmp(path, "/forslag", 8) == 0) {
        snprintf(out, size, "/forslag/ny");
        return;
    }
    const char *p = "/api/v1/gusa/cases/";
    size_t n = strlen(p);
    if (strncmp(path, p, n) == 0) {
        size_t k = strspn(path + n, "0123456789");
        long long id = ix__gusa_parse_id(path + n, k);
        if (id) {
            snprintf(out, size, "/gusa/sager/%lld", id);
            return;
        }
    }
    snprintf(out, size, "/gusa/");
}

void ix__gusa_form_error(const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    json_error_t err;
    json_t *j = rs->body.data ? json_loadb(rs->body.data, rs->body.len, 0, &err) : NULL;
    json_t *e = json_object_get(j, "error");
    const char *field = json_string_value(json_object_get(e, "field"));
    const char *message = json_string_value(json_object_get(e, "message"));
    char back[64];
    back_of(rq->path, back, sizeof back);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix__gusa_page_start(&s, "Der er en fejl i det, du skrev");
    ix_html_raw(&s, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"fejl-titel\">"
                    "<h2 id=\"fejl-titel\">Det blev ikke gemt</h2><ul>");
    if (field && *field)
        ix_html_printf(&s, "<li>Feltet <strong>%s</strong> (%s) skal rettes.</li>",
                       strncmp(rq->path, "/forslag", 8) == 0 && proposal_field_da(field)
                           ? proposal_field_da(field)
                           : ix__gusa_field_da(field),
                       field);
    else
        ix_html_raw(&s, "<li>Noget i formularen skal rettes.</li>");
    if (message && *message)
        ix_html_printf(&s, "<li lang=\"en\">%s</li>", message);
    ix_html_raw(&s, "</ul></div><p>Intet er ændret. Gå tilbage, ret feltet og prøv igen.</p>");
    ix_html_printf(&s, "<p><a href=\"%s\">Tilbage</a></p>", back);
    ix__gusa_page_end(&s, NULL);
    json_decref(j);
    rs->status = 400;
    rs->type = "text/html; charset=utf-8";
    rs->body.len = 0;
    ix_sink out = ix_buf_sink(&rs->body);
    ix_sink_put(&out, b.data, b.len);
    ix_buf_free(&b);
}

/* ---- a refused case form shown again, filled in --------------------------------- */

int ix__gusa_form_refill(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx,
                         ix_gusa_resp *rs)
{
    const char *p = "/api/v1/gusa/cases/";
    size_t n = strlen(p);
    if (strncmp(rq->path, p, n) != 0)
        return 0;
    size_t k = strspn(rq->path + n, "0123456789");
    long long id = ix__gusa_parse_id(rq->path + n, k);
    const char *path = rq->path + n + k;
    if (!id || path[0] != '/' || !path[1] || strlen(path) > 64)
        return 0;
    json_error_t err;
    json_t *j = rs->body.data ? json_loadb(rs->body.data, rs->body.len, 0, &err) : NULL;
    json_t *e = json_object_get(j, "error");
    cx->refill_path = path + 1;
    cx->refill_field = json_string_value(json_object_get(e, "field"));
    cx->refill_message = json_string_value(json_object_get(e, "message"));
    ix_gusa_resp page;
    ix_gusa_resp_init(&page);
    ix__gusa_case_page(w, id, cx, &page);
    int shown = page.status == 200;
    if (shown) { /* the page with the form filled in, as the answer 400 */
        rs->status = 400;
        rs->type = page.type;
        rs->body.len = 0;
        ix_sink out = ix_buf_sink(&rs->body);
        ix_sink_put(&out, page.body.data, page.body.len);
    }
    ix_gusa_resp_free(&page);
    cx->refill_path = cx->refill_field = cx->refill_message = NULL;
    json_decref(j);
    return shown;
}
