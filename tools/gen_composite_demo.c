/* Generates the SYNTHETIC Socialt Indeks demo in COINr's two-table form:
 *
 *   <dir>/socialt_indeks_data.csv    IDATA: uCode, uName, region, two
 *                                    denominators, 33 indicators
 *   <dir>/socialt_indeks_meta.csv    IMETA: the tree, directions, weights,
 *                                    targets and a recommendation each
 *   <dir>/socialt_indeks_recipe.json the full recipe
 *
 * usage: gen_composite_demo [DIR]   (default data/demo)
 *
 * The numbers are invented: a latent "quality" per municipality plus noise,
 * from a fixed seed (splitmix64), so every run writes the same bytes. Names
 * and codes of the 98 municipalities are real (include/indeks/kommuner.h).
 * Normal deviates use the Irwin–Hall sum of 12 uniforms, which needs no libm
 * call, so the output does not depend on the platform's log/cos. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "indeks/kommuner.h"

#define SEED 0x5A17E5D2014ULL /* Socialt Indeks launched 8 December 2014 */

static uint64_t rng_state = SEED;

static uint64_t splitmix64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(void)
{
    return (double)(splitmix64() >> 11) * (1.0 / 9007199254740992.0);
}

static double normal(void)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += uniform();
    return s - 6;
}

typedef enum { PCT, SCALE, COUNT } kind;

typedef struct {
    const char *code, *name, *unit;
    int direction;
    double weight;
    kind k;
    const char *denom;   /* for COUNT: per this denominator */
    double base, spread; /* typical value and spread (COUNT: per 1,000) */
    double target;       /* 0 = none */
    const char *rec;
} indicator;

/* Three domains of eleven; a third of the indicators are "negative"
 * (Direction −1). Targets are set on a few, as a municipality might. */
static const indicator IND[] = {
    {"B01", "Sagsbehandlingstid i børnesager (dage)", "dage", -1, 1, SCALE, NULL, 45, 12, 30, "Nedbring sagsbehandlingstiden i børnesager til højst 30 dage."},
    {"B02", "Børnefaglige undersøgelser afsluttet inden for fristen", "pct.", 1, 1, PCT, NULL, 78, 10, 90, "Sørg for at børnefaglige undersøgelser afsluttes inden for lovens frist."},
    {"B03", "Anbragte børn med opdateret handleplan", "pct.", 1, 1, PCT, NULL, 82, 9, 95, "Opdatér handleplanen for alle anbragte børn mindst én gang om året."},
    {"B04", "Anbringelser i familiepleje", "pct.", 1, 1, PCT, NULL, 55, 12, 0, "Styrk rekrutteringen af plejefamilier, så flere børn kan anbringes i familiepleje."},
    {"B05", "Sammenbrud i anbringelser", "pr. 1.000 0-17-årige", -1, 1, COUNT, "indb_0_17", 1.2, 0.5, 0, "Forebyg sammenbrud gennem tættere opfølgning på anbringelser."},
    {"B06", "Forebyggende foranstaltninger", "pr. 1.000 0-17-årige", 1, 1, COUNT, "indb_0_17", 18, 6, 0, "Prioritér tidlig forebyggende indsats frem for anbringelse."},
    {"B07", "Socialrådgivere med under 25 børnesager", "pct.", 1, 1, PCT, NULL, 48, 15, 0, "Sænk sagstallet pr. socialrådgiver i børnesager."},
    {"B08", "Tilfredshed blandt plejefamilier (1-5)", "skala 1-5", 1, 1, SCALE, NULL, 3.6, 0.4, 0, "Giv plejefamilier bedre supervision og efteruddannelse."},
    {"B09", "Unge i efterværn ved 18 år", "pct.", 1, 1, PCT, NULL, 62, 12, 0, "Tilbyd efterværn til alle tidligere anbragte unge."},
    {"B10", "Underretninger behandlet inden for 24 timer", "pct.", 1, 1, PCT, NULL, 91, 6, 100, "Behandl alle underretninger inden for 24 timer."},
    {"B11", "Medarbejderes vurdering af faglig ledelse (1-5)", "skala 1-5", 1, 2, SCALE, NULL, 3.4, 0.5, 0, "Styrk den faglige ledelse på børneområdet."},
    {"V01", "Hjemløse borgere", "pr. 1.000 18-64-årige", -1, 1, COUNT, "indb_18_64", 1.8, 0.9, 0, "Udbyg Housing First-indsatsen for hjemløse borgere."},
    {"V02", "Borgere i misbrugsbehandling inden for 14 dage", "pct.", 1, 1, PCT, NULL, 74, 12, 100, "Overhold behandlingsgarantien på 14 dage i misbrugsbehandlingen."},
    {"V03", "Bostøtte (§ 85) til borgere med sindslidelse", "pr. 1.000 18-64-årige", 1, 1, COUNT, "indb_18_64", 9, 3, 0, "Udvid den bostøtte, der gives efter servicelovens § 85."},
    {"V04", "Genindlæggelser i psykiatrien inden for 30 dage", "pct.", -1, 1, PCT, NULL, 21, 5, 15, "Styrk samarbejdet med psykiatrien om udskrivning og opfølgning."},
    {"V05", "Borgere med handleplan (§ 141)", "pct.", 1, 1, PCT, NULL, 58, 15, 0, "Tilbyd alle udsatte voksne en handleplan efter § 141."},
    {"V06", "Ventetid til botilbud (dage)", "dage", -1, 1, SCALE, NULL, 120, 45, 60, "Nedbring ventetiden til botilbud."},
    {"V07", "Socialsygeplejersker og opsøgende medarbejdere", "pr. 1.000 18-64-årige", 1, 1, COUNT, "indb_18_64", 0.25, 0.1, 0, "Ansæt flere opsøgende medarbejdere og socialsygeplejersker."},
    {"V08", "Tilfredshed med støtten blandt brugere (1-5)", "skala 1-5", 1, 1, SCALE, NULL, 3.7, 0.4, 0, "Inddrag brugerne systematisk i tilrettelæggelsen af støtten."},
    {"V09", "Udsatte voksne i beskæftigelse eller uddannelse", "pct.", 1, 1, PCT, NULL, 14, 5, 0, "Kobl den sociale indsats tættere med beskæftigelsesindsatsen."},
    {"V10", "Dødsfald blandt borgere i misbrugsbehandling", "pr. 1.000 18-64-årige", -1, 1, COUNT, "indb_18_64", 0.3, 0.15, 0, "Styrk den skadesreducerende indsats."},
    {"V11", "Medarbejdere med socialfaglig uddannelse på botilbud", "pct.", 1, 2, PCT, NULL, 66, 12, 0, "Prioritér socialfagligt uddannet personale på botilbud."},
    {"H01", "Sagsbehandlingstid i handicapsager (dage)", "dage", -1, 1, SCALE, NULL, 70, 25, 45, "Nedbring sagsbehandlingstiden i handicapsager."},
    {"H02", "Afgørelser omgjort i Ankestyrelsen", "pct.", -1, 1, PCT, NULL, 31, 9, 20, "Styrk den juridiske kvalitet i afgørelser på handicapområdet."},
    {"H03", "Borgere med udviklingshæmning i beskyttet beskæftigelse", "pct.", 1, 1, PCT, NULL, 52, 12, 0, "Udbyg tilbuddene om beskyttet beskæftigelse og aktivitet."},
    {"H04", "Børn med handicap i almindelig skole", "pct.", 1, 1, PCT, NULL, 44, 13, 0, "Styrk inklusionen af børn med handicap i almindelig skole."},
    {"H05", "Aflastningsdøgn til familier med handicappede børn", "pr. 1.000 0-17-årige", 1, 1, COUNT, "indb_0_17", 35, 14, 0, "Tilbyd flere aflastningsdøgn til familier med børn med handicap."},
    {"H06", "Magtanvendelser på botilbud", "pr. 1.000 18-64-årige", -1, 1, COUNT, "indb_18_64", 2.5, 1.6, 0, "Forebyg magtanvendelse gennem faglige metoder og uddannelse."},
    {"H07", "Pårørendes tilfredshed med botilbud (1-5)", "skala 1-5", 1, 1, SCALE, NULL, 3.8, 0.4, 0, "Inddrag pårørende mere i hverdagen på botilbuddene."},
    {"H08", "Borgere med ledsageordning (§ 97)", "pr. 1.000 18-64-årige", 1, 1, COUNT, "indb_18_64", 2.1, 0.7, 0, "Informér om og bevilg ledsageordning efter § 97."},
    {"H09", "Botilbud med pædagogisk uddannet nattevagt", "pct.", 1, 1, PCT, NULL, 40, 18, 0, "Sørg for pædagogisk uddannet nattevagt på botilbud."},
    {"H10", "Hjælpemiddelsager afgjort inden for 4 uger", "pct.", 1, 1, PCT, NULL, 69, 12, 80, "Afgør hjælpemiddelsager hurtigere."},
    {"H11", "Medarbejdernes arbejdsmiljø på botilbud (1-5)", "skala 1-5", 1, 2, SCALE, NULL, 3.3, 0.5, 0, "Forbedr arbejdsmiljøet på botilbuddene."},
};
#define NIND (sizeof IND / sizeof IND[0])

static const struct {
    const char *code, *name, *prefix;
    double weight;
} DOM[] = {
    {"BOERN", "Udsatte børn og unge", "B", 1},
    {"VOKSNE", "Udsatte voksne", "V", 1},
    {"HANDICAP", "Handicap", "H", 1},
};

/* A CSV field, quoted when it holds a comma or a quote. */
static void put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "gen_composite_demo: cannot write %s\n", path);
    return f;
}

static int write_meta(const char *dir)
{
    FILE *f = open_out(dir, "socialt_indeks_meta.csv");
    if (!f)
        return 1;
    fputs("Level,iCode,iName,Direction,Weight,Parent,Type,Unit,Target,Denominator,Recommendation\n", f);
    for (size_t i = 0; i < NIND; i++) {
        const indicator *x = &IND[i];
        const char *dom = x->code[0] == 'B' ? "BOERN" : x->code[0] == 'V' ? "VOKSNE" : "HANDICAP";
        fprintf(f, "1,%s,", x->code);
        put_field(f, x->name);
        fprintf(f, ",%d,%g,%s,Indicator,", x->direction, x->weight, dom);
        put_field(f, x->unit);
        if (x->target != 0)
            fprintf(f, ",%g,", x->target);
        else
            fputs(",,", f);
        fputs(x->denom ? x->denom : "", f);
        fputc(',', f);
        put_field(f, x->rec);
        fputc('\n', f);
    }
    for (size_t k = 0; k < 3; k++) {
        fprintf(f, "2,%s,", DOM[k].code);
        put_field(f, DOM[k].name);
        fprintf(f, ",1,%g,SI,Aggregate,,,,\n", DOM[k].weight);
    }
    fputs("3,SI,Socialt Indeks (SYNTETISKE DATA),1,,,Aggregate,,,,\n", f);
    fputs("NA,region,Region,,,,Group,,,,\n", f);
    fputs("NA,indb_0_17,Indbyggere 0-17 år,,,,Denominator,personer,,,\n", f);
    fputs("NA,indb_18_64,Indbyggere 18-64 år,,,,Denominator,personer,,,\n", f);
    return fclose(f) != 0;
}

/* One indicator value for a municipality of latent quality q (higher is
 * better); COUNT values are whole numbers, given the denominator. */
static void put_value(FILE *f, const indicator *x, double q, double den)
{
    double z = 0.7 * q * x->direction + 0.7 * normal();
    double v = x->base + x->spread * z;
    if (uniform() < 0.03) /* an occasional outlier, for the treat step */
        v = x->base + x->spread * (x->direction > 0 ? 4.5 : 5.5);
    if (x->k == PCT) {
        v = v < 0 ? 0 : (v > 100 ? 100 : v);
        fprintf(f, ",%.1f", v);
    } else if (x->k == SCALE) {
        if (strstr(x->unit, "skala"))
            v = v < 1 ? 1 : (v > 5 ? 5 : v);
        else
            v = v < 1 ? 1 : v;
        fprintf(f, strstr(x->unit, "skala") ? ",%.2f" : ",%.0f", v);
    } else {
        double per = v < 0 ? 0 : v;
        fprintf(f, ",%.0f", per * den / 1000.0);
    }
}

static int write_data(const char *dir)
{
    FILE *f = open_out(dir, "socialt_indeks_data.csv");
    if (!f)
        return 1;
    fputs("uCode,uName,region,indb_0_17,indb_18_64", f);
    for (size_t i = 0; i < NIND; i++)
        fprintf(f, ",%s", IND[i].code);
    fputc('\n', f);
    for (size_t k = 0; k < ix_kommune_count(); k++) {
        const ix_kommune *m = ix_kommune_at(k);
        double q = normal(), dq[3] = {normal(), normal(), normal()};
        /* Roughly 21 % and 62 % of the population: synthetic, not FOLK1A. */
        double kids = (double)m->population_2020 * (0.21 + 0.02 * normal() / 3);
        double adults = (double)m->population_2020 * (0.62 + 0.02 * normal() / 3);
        fprintf(f, "%d,", m->code);
        put_field(f, m->name);
        fprintf(f, ",%s,%.0f,%.0f", m->region, kids, adults);
        for (size_t i = 0; i < NIND; i++) {
            const indicator *x = &IND[i];
            int d = x->code[0] == 'B' ? 0 : x->code[0] == 'V' ? 1 : 2;
            if (uniform() < 0.04) { /* a missing questionnaire answer */
                fputs(",NA", f);
                continue;
            }
            put_value(f, x, 0.8 * q + 0.6 * dq[d], x->denom && strcmp(x->denom, "indb_0_17") == 0 ? kids : adults);
        }
        fputc('\n', f);
    }
    return fclose(f) != 0;
}

static int write_recipe(const char *dir)
{
    FILE *f = open_out(dir, "socialt_indeks_recipe.json");
    if (!f)
        return 1;
    fputs("[\n"
          "  {\"denominate\": {}},\n"
          "  {\"impute\": {\"method\": \"mean_grp\", \"group\": \"region\"}},\n"
          "  {\"treat\": {\"winmax\": 5, \"skew_thresh\": 2, \"kurt_thresh\": 3.5}},\n"
          "  {\"normalise\": {\"method\": \"minmax\", \"range\": [0, 100]}},\n"
          "  {\"aggregate\": {\"method\": \"amean\", \"dat_thresh\": 0.5}}\n"
          "]\n",
          f);
    return fclose(f) != 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/demo";
    int rc = write_meta(dir) | write_data(dir) | write_recipe(dir);
    return rc ? 1 : 0;
}
