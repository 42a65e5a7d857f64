/* GET /gusa/sager/<id>: one case in plain Danish, with a form for each kind
 * of content the viewer may write (forms post to the JSON API, which
 * answers 303 back to the section's #anchor). The family's and network's
 * resources come before the concerns; actions are shown on the
 * intervention ladder (indsatstrappen), least intrusive first. What the
 * viewer may not do is not offered (the store refuses it anyway). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"
#include "indeks/gusa.h"

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static long long num(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* What the viewer is in this case. */
typedef struct viewer {
    long long part;  /* participant id, 0 when not one */
    const char *role; /* participant role */
    int custody;     /* foraelder or ung: may grant consent */
    int myndighed;   /* may place actions on steps 3-6 */
    int closer;      /* coordinator or myndighed */
    int may_invite;
    int open;
} viewer;

static const char *const steps[7][2] = {
    {"Familiens og netværkets egne kræfter", "Det, familien og jeres netværk selv kan gøre."},
    {"Almindelige tilbud med lidt ekstra støtte", "Fx dagtilbud, skole eller sundhedsplejerske."},
    {"Tidlig forebyggende hjælp", "Hjælp uden en afgørelse fra kommunen."},
    {"Støtte i hjemmet", "Kræver en afgørelse fra en sagsbehandler med myndighed."},
    {"Mere omfattende støtte eller ophold i netværket",
     "Kræver en afgørelse fra en sagsbehandler med myndighed."},
    {"Plejefamilie", "Kræver en afgørelse fra en sagsbehandler med myndighed."},
    {"Anbringelse på institution", "Kræver en afgørelse fra en sagsbehandler med myndighed."}};

static const char *const infos[][2] = {
    {"helbred", "Helbred"},           {"sociale_forhold", "Sociale forhold"},
    {"skole", "Skole og dagtilbud"},  {"beskaeftigelse", "Arbejde og uddannelse"},
    {"misbrug", "Misbrug"},           {"oekonomi", "Økonomi"}};

static const char *role_da(const char *role)
{
    static const char *const map[][2] = {
        {"foraelder", "Forælder"},   {"ung", "Den unge selv"},    {"netvaerk", "Netværk"},
        {"fagperson", "Fagperson"},  {"koordinator", "Koordinator"},
        {"myndighed", "Sagsbehandler med myndighed"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(role, map[i][0]) == 0)
            return map[i][1];
    return role;
}

static const char *centre_da(const char *c)
{
    static const char *const map[][2] = {
        {"arbejdsmarked", "Jobcenter (arbejdsmarked)"},
        {"social", "Social (fx støtte efter § 85)"},
        {"boern-laering", "Børn og læring"},
        {"familie-forebyggelse", "Familie og forebyggelse"},
        {"sundhed-omsorg", "Sundhed og omsorg"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(c, map[i][0]) == 0)
            return map[i][1];
    return c;
}

static void form_open(ix_sink *s, const ix_gusa_ctx *cx, long long id, const char *path)
{
    ix_html_printf(s, "<form method=\"post\" action=\"/api/v1/gusa/cases/%lld/%s\">", id, path);
    ix__gusa_csrf_field(s, cx);
}

/* The posted form to refill the form at path from, when the page shows a
 * refused post of that form; else NULL. */
static const ix_gusa_form *refill_for(const ix_gusa_ctx *cx, const char *path)
{
    return cx->refill_path && strcmp(cx->refill_path, path) == 0 ? &cx->form : NULL;
}

/* What was typed into name (rf: the refused post, or NULL), or "". */
static const char *typed(const ix_gusa_form *rf, const char *name)
{
    const char *v = rf ? ix_gusa_form_get(rf, name) : NULL;
    return v ? v : "";
}

/* aria-invalid and the message's id on the refused field. */
static void invalid_attrs(ix_sink *s, const ix_gusa_ctx *cx, const ix_gusa_form *rf,
                          const char *name)
{
    if (rf && cx->refill_field && strcmp(cx->refill_field, name) == 0)
        ix_html_raw(s, " aria-invalid=\"true\" aria-describedby=\"fejl-besked\" autofocus");
}

static void text_field(ix_sink *s, const ix_gusa_ctx *cx, const ix_gusa_form *rf, const char *id,
                       const char *name, const char *label, int rows)
{
    ix_html_printf(s, "<p><label for=\"%s\">%s</label><br>", id, label);
    if (rows) {
        ix_html_printf(s, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\" required", id, name, rows);
        invalid_attrs(s, cx, rf, name);
        ix_html_printf(s, ">%s</textarea></p>", typed(rf, name));
    } else {
        ix_html_printf(s, "<input id=\"%s\" name=\"%s\" value=\"%s\" required", id, name,
                       typed(rf, name));
        invalid_attrs(s, cx, rf, name);
        ix_html_raw(s, "></p>");
    }
}

static void date_field(ix_sink *s, const ix_gusa_ctx *cx, const ix_gusa_form *rf, const char *id,
                       const char *name, const char *label, int req)
{
    ix_html_printf(s, "<p><label for=\"%s\">%s</label><br><input type=\"date\" id=\"%s\" "
                      "name=\"%s\" value=\"%s\"%s",
                   id, label, id, name, typed(rf, name), req ? " required" : "");
    invalid_attrs(s, cx, rf, name);
    ix_html_raw(s, "></p>");
}

static void submit(ix_sink *s, const char *label)
{
    ix_html_printf(s, "<p><button type=\"submit\">%s</button></p></form>", label);
}

static void hidden_note(ix_sink *s)
{
    ix_html_raw(s, "<em>Skjult: du kan kun se dette, hvis familien har givet samtykke.</em>");
}

static void resources(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    static const char *const owners[][2] = {
        {"child", "Barnets"}, {"family", "Familiens"}, {"network", "Netværkets"}};
    ix_html_raw(s, "<section id=\"ressourcer\"><h2>Det går godt – ressourcer</h2>");
    json_t *arr = json_object_get(j, "resources");
    if (!json_array_size(arr))
        ix_html_raw(s, "<p>Ingen er skrevet endnu.</p>");
    else
        ix_html_raw(s, "<ul>");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *r = json_array_get(arr, i);
        const char *o = str(r, "owner");
        for (size_t k = 0; k < 3; k++)
            if (strcmp(o, owners[k][0]) == 0)
                o = owners[k][1];
        ix_html_printf(s, "<li><strong>%s styrke:</strong> %s</li>", o, str(r, "text"));
    }
    if (json_array_size(arr))
        ix_html_raw(s, "</ul>");
    if (v->open && v->part) {
        ix_html_raw(s, "<h3>Skriv noget, der går godt</h3>");
        form_open(s, cx, id, "resources");
        const ix_gusa_form *rf = refill_for(cx, "resources");
        text_field(s, cx, rf, "r-text", "text", "Hvad går godt?", 3);
        ix_html_raw(s, "<fieldset><legend>Hvis styrke er det?</legend>");
        for (size_t k = 0; k < 3; k++)
            ix_html_printf(s, "<p><input type=\"radio\" id=\"r-owner-%s\" name=\"owner\" "
                              "value=\"%s\"%s><label for=\"r-owner-%s\">%s</label></p>",
                           owners[k][0], owners[k][0], k == 1 ? " checked" : "", owners[k][0],
                           owners[k][1]);
        ix_html_raw(s, "</fieldset>");
        submit(s, "Gem det, der går godt");
    }
    ix_html_raw(s, "</section>");
}

static void info_select(ix_sink *s, const char *id, const char *name)
{
    ix_html_printf(s, "<p><label for=\"%s\">Hvilken slags oplysning er det?</label><br><select "
                      "id=\"%s\" name=\"%s\">",
                   id, id, name);
    for (size_t k = 0; k < sizeof infos / sizeof infos[0]; k++)
        ix_html_printf(s, "<option value=\"%s\">%s</option>", infos[k][0], infos[k][1]);
    ix_html_raw(s, "</select></p>");
}

static void concerns(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    ix_html_raw(s, "<section id=\"bekymringer\"><h2>Det er vi bekymrede for</h2>");
    json_t *arr = json_object_get(j, "concerns");
    if (!json_array_size(arr))
        ix_html_raw(s, "<p>Ingen bekymringer er skrevet.</p>");
    else
        ix_html_raw(s, "<ul>");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *c = json_array_get(arr, i);
        ix_html_raw(s, "<li>");
        if (json_object_get(c, "hidden"))
            hidden_note(s);
        else
            ix_html_printf(s, "%s <small>(set %s)</small>", str(c, "text"), str(c, "observed_on"));
        ix_html_raw(s, "</li>");
    }
    if (json_array_size(arr))
        ix_html_raw(s, "</ul>");
    if (v->open && v->part) {
        ix_html_raw(s, "<h3>Skriv en bekymring</h3>");
        form_open(s, cx, id, "concerns");
        const ix_gusa_form *rf = refill_for(cx, "concerns");
        text_field(s, cx, rf, "c-text", "text", "Hvad er du bekymret for?", 3);
        date_field(s, cx, rf, "c-date", "observed_on", "Hvornår så du det? (dato)", 1);
        info_select(s, "c-info", "info_type");
        submit(s, "Gem bekymringen");
    }
    ix_html_raw(s, "</section>");
}

static const char *status_da(const char *st)
{
    return strcmp(st, "naaet") == 0 ? "Målet er nået"
           : strcmp(st, "delvist") == 0 ? "Delvist nået"
           : strcmp(st, "ikke_naaet") == 0 ? "Ikke nået endnu"
                                            : st;
}

static void goals(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    ix_html_raw(s, "<section id=\"maal\"><h2>Mål</h2>");
    json_t *arr = json_object_get(j, "goals"), *fu = json_object_get(j, "followups");
    if (!json_array_size(arr))
        ix_html_raw(s, "<p>Ingen mål endnu.</p>");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *g = json_array_get(arr, i);
        long long gid = num(g, "id");
        ix_html_printf(s, "<article><h3>%s</h3><p>Sådan ser vi, at det går bedre: %s. "
                          "Vi følger op %s.</p>",
                       str(g, "text"), str(g, "indicator"), str(g, "follow_up_on"));
        int any = 0;
        for (size_t k = 0; k < json_array_size(fu); k++) {
            json_t *f = json_array_get(fu, k);
            if (num(f, "goal_id") != gid)
                continue;
            ix_html_raw(s, any ? "" : "<ul>");
            ix_html_printf(s, "<li>%s: %s</li>", status_da(str(f, "status")),
                           str(f, "note"));
            any = 1;
        }
        if (any)
            ix_html_raw(s, "</ul>");
        if (v->open && v->part) {
            char path[48], fid[32];
            snprintf(path, sizeof path, "goals/%lld/followups", gid);
            form_open(s, cx, id, path);
            const ix_gusa_form *rf = refill_for(cx, path);
            ix_html_printf(s, "<fieldset><legend>Opfølgning på målet</legend><p><label "
                              "for=\"f-status-%lld\">Hvordan går det med målet?</label><br>"
                              "<select id=\"f-status-%lld\" name=\"status\"><option value=\""
                              "delvist\">Delvist nået</option><option value=\"naaet\">Målet "
                              "er nået</option><option value=\"ikke_naaet\">Ikke nået endnu"
                              "</option></select></p>",
                           gid, gid);
            snprintf(fid, sizeof fid, "f-note-%lld", gid);
            text_field(s, cx, rf, fid, "note", "Bemærkning", 2);
            ix_html_raw(s, "</fieldset>");
            submit(s, "Gem opfølgningen");
        }
        ix_html_raw(s, "</article>");
    }
    if (v->open && v->part) {
        ix_html_raw(s, "<h3>Sæt et nyt mål</h3>");
        form_open(s, cx, id, "goals");
        const ix_gusa_form *rf = refill_for(cx, "goals");
        text_field(s, cx, rf, "g-text", "text", "Hvad vil I gerne opnå?", 2);
        text_field(s, cx, rf, "g-ind", "indicator", "Hvordan kan vi se, at det går bedre?", 0);
        date_field(s, cx, rf, "g-date", "follow_up_on", "Hvornår følger vi op? (dato)", 1);
        submit(s, "Gem målet");
    }
    ix_html_raw(s, "</section>");
}

static void actions(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    ix_html_raw(s, "<section id=\"indsatser\"><h2>Hjælp, der er sat i gang – indsatstrappen</h2>"
                   "<p>Trappen går fra det, familien selv kan (trin 0), til det mest "
                   "indgribende (trin 6). Vi starter altid så langt nede som muligt.</p>"
                   "<ol class=\"ladder\" start=\"0\">");
    json_t *arr = json_object_get(j, "actions");
    for (int st = 0; st <= 6; st++) {
        ix_html_printf(s, "<li class=\"ladder-step\"><strong>Trin %d: %s.</strong> %s", st,
                       steps[st][0], steps[st][1]);
        int any = 0;
        for (size_t i = 0; i < json_array_size(arr); i++) {
            json_t *a = json_array_get(arr, i);
            if (num(a, "ladder_step") != st)
                continue;
            ix_html_raw(s, any ? "" : "<ul>");
            ix_html_printf(s, "<li>%s (%s, fra %s)</li>", str(a, "text"),
                           str(a, "legal_basis"), str(a, "start_on"));
            any = 1;
        }
        ix_html_raw(s, any ? "</ul></li>" : "</li>");
    }
    ix_html_raw(s, "</ol>");
    if (v->open && v->part) {
        ix_html_raw(s, "<h3>Sæt hjælp i gang</h3>");
        form_open(s, cx, id, "actions");
        const ix_gusa_form *rf = refill_for(cx, "actions");
        text_field(s, cx, rf, "a-text", "text", "Hvilken hjælp?", 2);
        ix_html_raw(s, "<fieldset><legend>Trin på indsatstrappen</legend>");
        for (int st = 0; st <= 6; st++) {
            int allowed = st < 3 || v->myndighed;
            ix_html_printf(s, "<p><input type=\"radio\" id=\"a-step-%d\" name=\"ladder_step\" "
                              "value=\"%d\"%s%s><label for=\"a-step-%d\">Trin %d: %s</label></p>",
                           st, st, st == 0 ? " checked" : "", allowed ? "" : " disabled", st, st,
                           steps[st][0]);
        }
        if (!v->myndighed)
            ix_html_raw(s, "<p>Trin 3 til 6 kræver en afgørelse, så kun en sagsbehandler med "
                           "myndighed kan vælge dem.</p>");
        ix_html_raw(s, "</fieldset><p><label for=\"a-basis\">Lovgrundlag</label><br><select "
                       "id=\"a-basis\" name=\"legal_basis\">");
        for (size_t k = 0; k < ix_gusa_legal_basis_count(); k++) {
            const ix_gusa_legal_basis *b = ix_gusa_legal_basis_at(k);
            ix_html_printf(s, "<option value=\"%s\">%s (trin %d–%d)</option>", b->name, b->context,
                           b->step_min, b->step_max);
        }
        ix_html_raw(s, "</select></p>");
        date_field(s, cx, rf, "a-start", "start_on", "Startdato", 1);
        date_field(s, cx, rf, "a-end", "end_on", "Slutdato (hvis den kendes)", 0);
        ix_html_printf(s, "<p><label for=\"a-cost\">Pris i kroner (kun tal)</label><br><input "
                          "id=\"a-cost\" name=\"cost_dkk\" inputmode=\"numeric\" value=\"%s\"",
                       rf ? typed(rf, "cost_dkk") : "0");
        invalid_attrs(s, cx, rf, "cost_dkk");
        ix_html_raw(s, "></p>");
        submit(s, "Gem hjælpen");
    }
    ix_html_raw(s, "</section>");
}

static int in_list(json_t *arr, long long id)
{
    for (size_t i = 0; i < json_array_size(arr); i++)
        if ((long long)json_integer_value(json_array_get(arr, i)) == id)
            return 1;
    return 0;
}

/* One 1-5 scale as a group of radio buttons. */
static void scale(ix_sink *s, long long mid, const char *name, const char *question)
{
    ix_html_printf(s, "<fieldset><legend>%s (1 = slet ikke, 5 = helt)</legend><p class=\"scale\">",
                   question);
    for (int k = 1; k <= 5; k++)
        ix_html_printf(s, "<input type=\"radio\" id=\"fb-%lld-%s-%d\" name=\"%s\" value=\"%d\"%s>"
                          "<label for=\"fb-%lld-%s-%d\">%d</label> ",
                       mid, name, k, name, k, k == 3 ? " required" : "", mid, name, k, k);
    ix_html_raw(s, "</p></fieldset>");
}

static void meetings(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    ix_html_raw(s, "<section id=\"moeder\"><h2>Møder</h2>");
    json_t *arr = json_object_get(j, "meetings"), *fb = json_object_get(j, "feedback");
    if (!json_array_size(arr))
        ix_html_raw(s, "<p>Der er ikke holdt møder endnu.</p>");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *m = json_array_get(arr, i);
        long long mid = num(m, "id");
        ix_html_printf(s, "<article><h3>Møde %s</h3><p>%s</p>", str(m, "held_on"),
                       str(m, "minutes"));
        int given = 0, n = 0;
        for (size_t k = 0; k < json_array_size(fb); k++) {
            json_t *f = json_array_get(fb, k);
            if (num(f, "meeting_id") != mid)
                continue;
            n++;
            given |= num(f, "participant") == v->part;
        }
        ix_html_printf(s, "<p>%d har givet tilbagemelding på mødet.</p>", n);
        if (v->part && in_list(json_object_get(m, "attendees"), v->part) && !given) {
            char path[48];
            snprintf(path, sizeof path, "meetings/%lld/feedback", mid);
            form_open(s, cx, id, path);
            ix_html_raw(s, "<h4>Hvordan var mødet for dig?</h4>");
            scale(s, mid, "heard", "Følte du dig hørt?");
            scale(s, mid, "agreed", "Blev I enige om, hvad der skal ske?");
            scale(s, mid, "resources", "Blev familiens og netværkets egne kræfter brugt?");
            submit(s, "Send din tilbagemelding");
        } else if (given)
            ix_html_raw(s, "<p>Tak, du har givet din tilbagemelding.</p>");
        ix_html_raw(s, "</article>");
    }
    if (v->open && v->part) {
        ix_html_raw(s, "<h3>Skriv et møde ind</h3>");
        form_open(s, cx, id, "meetings");
        const ix_gusa_form *rf = refill_for(cx, "meetings");
        date_field(s, cx, rf, "m-date", "held_on", "Hvornår var mødet? (dato)", 1);
        ix_html_raw(s, "<fieldset><legend>Hvem var med?</legend>");
        json_t *parts = json_object_get(j, "participants");
        for (size_t k = 0; k < json_array_size(parts); k++) {
            json_t *p = json_array_get(parts, k);
            long long pid = num(p, "id");
            ix_html_printf(s, "<p><input type=\"checkbox\" id=\"m-att-%lld\" name=\"attendees\" "
                              "value=\"%lld\"%s><label for=\"m-att-%lld\">%s%s%s</label></p>",
                           pid, pid, pid == v->part ? " checked" : "", pid, role_da(str(p, "role")),
                           *str(p, "centre") ? ", " : "", centre_da(str(p, "centre")));
        }
        ix_html_raw(s, "</fieldset>");
        text_field(s, cx, rf, "m-min", "minutes", "Hvad blev der aftalt? (referat)", 4);
        submit(s, "Gem mødet");
    }
    ix_html_raw(s, "</section>");
}

static void consents(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    ix_html_raw(s, "<section id=\"samtykker\"><h2>Samtykke – hvem må se hvad</h2>");
    json_t *arr = json_object_get(j, "consents");
    if (!json_array_size(arr))
        ix_html_raw(s, "<p>Der er ikke givet samtykke.</p>");
    else
        ix_html_raw(s, "<ul>");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *c = json_array_get(arr, i);
        int revoked = json_is_string(json_object_get(c, "revoked_at"));
        ix_html_printf(s, "<li>Om %s, til %s: %s. Gælder til %s.", str(c, "info_types"),
                       str(c, "purpose"), revoked ? "trukket tilbage" : "gælder", str(c, "valid_to"));
        if (!revoked && v->custody && v->open &&
            cx->actor.kind == IX_GUSA_ACTOR_PERSON && num(c, "grantor") == cx->actor.id) {
            char path[48];
            snprintf(path, sizeof path, "consents/%lld/revoke", num(c, "id"));
            form_open(s, cx, id, path);
            ix_html_raw(s, "<button type=\"submit\">Træk samtykket tilbage</button></form>");
        }
        ix_html_raw(s, "</li>");
    }
    if (json_array_size(arr))
        ix_html_raw(s, "</ul>");
    if (v->custody && v->open) {
        ix_html_raw(s, "<h3>Giv samtykke</h3><p>Du bestemmer, hvilke oplysninger fagfolkene må "
                       "se. Du kan altid trække samtykket tilbage.</p>");
        form_open(s, cx, id, "consents");
        const ix_gusa_form *rf = refill_for(cx, "consents");
        ix_html_raw(s, "<fieldset><legend>Hvilke oplysninger?</legend>");
        for (size_t k = 0; k < sizeof infos / sizeof infos[0]; k++)
            ix_html_printf(s, "<p><input type=\"checkbox\" id=\"k-info-%s\" name=\"info_types\" "
                              "value=\"%s\"><label for=\"k-info-%s\">%s</label></p>",
                           infos[k][0], infos[k][0], infos[k][0], infos[k][1]);
        ix_html_raw(s, "</fieldset><fieldset><legend>Hvem må se dem?</legend>");
        json_t *parts = json_object_get(j, "participants");
        for (size_t k = 0; k < json_array_size(parts); k++) {
            json_t *p = json_array_get(parts, k);
            long long pid = num(p, "id");
            if (pid == v->part)
                continue;
            ix_html_printf(s, "<p><input type=\"checkbox\" id=\"k-rec-%lld\" name=\"recipients\" "
                              "value=\"%lld\"><label for=\"k-rec-%lld\">%s%s%s</label></p>",
                           pid, pid, pid, role_da(str(p, "role")), *str(p, "centre") ? ", " : "",
                           centre_da(str(p, "centre")));
        }
        ix_html_raw(s, "</fieldset>");
        text_field(s, cx, rf, "k-purpose", "purpose", "Hvad må de bruge oplysningerne til?", 0);
        date_field(s, cx, rf, "k-valid", "valid_to", "Samtykket gælder til (dato)", 1);
        submit(s, "Giv samtykke");
    }
    ix_html_raw(s, "</section>");
}

/* Who has been invited and not yet come: role, centre, until when. */
static void pending_invitations(ix_sink *s, json_t *j)
{
    json_t *inv = json_object_get(j, "invitations");
    if (json_array_size(inv) == 0)
        return;
    ix_html_raw(s, "<h3>Inviteret, har ikke svaret endnu</h3><ul>");
    for (size_t i = 0; i < json_array_size(inv); i++) {
        json_t *p = json_array_get(inv, i);
        ix_html_printf(s, "<li>%s%s%s, invitationen gælder til %.10s</li>",
                       role_da(str(p, "role")), *str(p, "centre") ? ", " : "",
                       centre_da(str(p, "centre")), str(p, "expires_at"));
    }
    ix_html_raw(s, "</ul>");
}

static void participants(ix_sink *s, json_t *j, const ix_gusa_ctx *cx, const viewer *v,
                         long long id)
{
    ix_html_raw(s, "<section id=\"deltagere\"><h2>Hvem er med</h2><ul>");
    json_t *parts = json_object_get(j, "participants");
    for (size_t i = 0; i < json_array_size(parts); i++) {
        json_t *p = json_array_get(parts, i);
        ix_html_printf(s, "<li>%s%s%s%s</li>", role_da(str(p, "role")),
                       *str(p, "centre") ? ", " : "", centre_da(str(p, "centre")),
                       num(p, "id") == v->part ? " (dig)" : "");
    }
    ix_html_raw(s, "</ul>");
    pending_invitations(s, j);
    ix_html_raw(s, "</section>");
    if (!v->may_invite || !v->open)
        return;
    ix_html_raw(s, "<section id=\"invitationer\"><h2>Invitér en til bordet</h2><p>Invitationen "
                   "sendes som et personligt link på e-mail. Den, du inviterer, skal logge ind "
                   "for at blive en del af dialogen. Invitationen gælder i 14 dage.</p>");
    form_open(s, cx, id, "invitations");
    const ix_gusa_form *rf = refill_for(cx, "invitations");
    ix_html_printf(s, "<p><label for=\"i-email\">E-mailadresse på den, du vil invitere</label><br>"
                      "<input type=\"email\" id=\"i-email\" name=\"email\" autocomplete=\"off\" "
                      "value=\"%s\"",
                   typed(rf, "email"));
    invalid_attrs(s, cx, rf, "email");
    ix_html_raw(s, "></p>");
    if (cx->actor.kind == IX_GUSA_ACTOR_STAFF)
        ix_html_raw(s, "<p><label for=\"i-staff\">Eller medarbejderens nummer</label><br><input "
                       "id=\"i-staff\" name=\"staff_id\" inputmode=\"numeric\"></p>");
    ix_html_raw(s, "<fieldset><legend>Hvem er det?</legend><p><input type=\"radio\" id=\"i-role-"
                   "fag\" name=\"role\" value=\"fagperson\" checked><label for=\"i-role-fag\">En "
                   "medarbejder i kommunen</label></p><p><input type=\"radio\" id=\"i-role-net\" "
                   "name=\"role\" value=\"netvaerk\"><label for=\"i-role-net\">En fra familiens "
                   "netværk (fx en bedsteforælder)</label></p></fieldset><p><label for=\"i-centre"
                   "\">Medarbejderens center</label><br><select id=\"i-centre\" name=\"centre\">");
    static const char *const centres[] = {"arbejdsmarked", "social", "boern-laering",
                                          "familie-forebyggelse", "sundhed-omsorg"};
    for (size_t k = 0; k < 5; k++)
        ix_html_printf(s, "<option value=\"%s\">%s</option>", centres[k], centre_da(centres[k]));
    ix_html_raw(s, "</select></p>");
    submit(s, "Send invitation");
    ix_html_raw(s, "</section>");
}

static void closing(ix_sink *s, const ix_gusa_ctx *cx, const viewer *v, long long id)
{
    if (!v->closer || !v->open)
        return;
    ix_html_raw(s, "<section id=\"afslut\"><h2>Afslut sagen</h2>");
    form_open(s, cx, id, "close");
    const ix_gusa_form *rf = refill_for(cx, "close");
    text_field(s, cx, rf, "x-outcome", "outcome", "Hvordan endte sagen?", 3);
    submit(s, "Afslut sagen");
    ix_html_raw(s, "</section>");
}

/* A refused form post: what to fix, linked to the form's section (the
 * form below holds what was typed). */
static void refusal_summary(ix_sink *s, const ix_gusa_ctx *cx)
{
    if (!cx->refill_path)
        return;
    /* "concerns", or "goals/3/followups": the section of its last part */
    const char *last = strrchr(cx->refill_path, '/');
    const char *anchor = ix__gusa_anchor(last ? last + 1 : cx->refill_path);
    ix_html_raw(s, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"fejl-titel\">"
                   "<h2 id=\"fejl-titel\">Det blev ikke gemt</h2><p id=\"fejl-besked\">");
    if (cx->refill_field && *cx->refill_field)
        ix_html_printf(s, "Feltet <strong>%s</strong> skal rettes. ",
                       ix__gusa_field_da(cx->refill_field));
    if (cx->refill_message && *cx->refill_message)
        ix_html_printf(s, "<span lang=\"en\">%s</span>", cx->refill_message);
    ix_html_printf(s, "</p><p><a href=\"#%s\">Gå til formularen</a> – det, du skrev, står i "
                      "den.</p></div>",
                   *anchor ? anchor : "indhold");
}

void ix__gusa_case_page(ix_gusa_web *w, long long id, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    if (ix_gusa_case_get(w->store, &cx->actor, id, &bs, &e) != IX_OK) {
        ix_buf_free(&b);
        if (e.http == 404 || e.http == 403)
            ix__gusa_html_error(rs, e.http, e.http == 404 ? "Ikke fundet" : "Ingen adgang",
                                e.http == 404 ? "Siden findes ikke, eller du har ikke adgang til "
                                                "den."
                                              : "Du har ikke adgang til denne side.");
        else
            ix__gusa_html_error(rs, 500, "Fejl", "Siden kunne ikke vises.");
        return;
    }
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, 0, &err);
    ix_buf_free(&b);
    viewer v;
    memset(&v, 0, sizeof v);
    v.role = "";
    const char *kind = cx->actor.kind == IX_GUSA_ACTOR_STAFF ? "staff" : "person";
    json_t *parts = json_object_get(j, "participants");
    for (size_t i = 0; i < json_array_size(parts); i++) {
        json_t *p = json_array_get(parts, i);
        if (strcmp(str(p, "kind"), kind) == 0 && num(p, "ref") == cx->actor.id) {
            v.part = num(p, "id");
            v.role = str(p, "role");
        }
    }
    v.open = strcmp(str(j, "status"), "closed") != 0;
    v.custody = strcmp(v.role, "foraelder") == 0 || strcmp(v.role, "ung") == 0;
    v.myndighed = cx->actor.kind == IX_GUSA_ACTOR_STAFF && cx->actor.role == IX_GUSA_STAFF_MYNDIGHED;
    v.closer = strcmp(v.role, "koordinator") == 0 || strcmp(v.role, "myndighed") == 0 ||
               v.myndighed;
    v.may_invite = strcmp(v.role, "foraelder") == 0 || v.closer;
    ix_sink s = ix_buf_sink(&rs->body);
    rs->status = 200;
    rs->type = "text/html; charset=utf-8";
    ix__gusa_page_start(&s, str(j, "title"));
    refusal_summary(&s, cx);
    json_t *child = json_object_get(j, "child");
    ix_html_printf(&s, "<p>Om %s. Sagen er %s.</p>", str(child, "name"),
                   v.open ? "åben" : "afsluttet");
    ix_html_raw(&s, "<nav aria-label=\"Indhold\"><ul><li><a href=\"#ressourcer\">Det går godt"
                    "</a></li><li><a href=\"#bekymringer\">Bekymringer</a></li><li><a href=\""
                    "#maal\">Mål</a></li><li><a href=\"#indsatser\">Hjælp</a></li><li><a href=\""
                    "#moeder\">Møder</a></li><li><a href=\"#samtykker\">Samtykke</a></li><li><a "
                    "href=\"#deltagere\">Hvem er med</a></li></ul></nav>");
    resources(&s, j, cx, &v, id);
    concerns(&s, j, cx, &v, id);
    goals(&s, j, cx, &v, id);
    actions(&s, j, cx, &v, id);
    meetings(&s, j, cx, &v, id);
    consents(&s, j, cx, &v, id);
    participants(&s, j, cx, &v, id);
    closing(&s, cx, &v, id);
    ix__gusa_page_end(&s, cx);
    json_decref(j);
}
