/* GUSA's fixed lists (centres, roles, info types, legal bases) and the
 * validation of what users enter: dates, text, ladder steps, legal bases. */
#include <stdio.h>
#include <string.h>

#include "indeks/gusa.h"

#define NAME(id, name) name,
static const char *const centre_names[] = {NULL, IX_GUSA_CENTRES(NAME)};
static const char *const staff_names[] = {NULL, IX_GUSA_STAFF_ROLES(NAME)};
static const char *const part_names[] = {NULL, IX_GUSA_PART_ROLES(NAME)};
static const char *const info_names[] = {NULL, IX_GUSA_INFO_TYPES(NAME)};
#undef NAME

static const char *name_at(const char *const *names, int count, int v)
{
    return v > 0 && v < count ? names[v] : NULL;
}

static int parse_in(const char *const *names, int count, const char *name)
{
    for (int i = 1; name && i < count; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return 0;
}

const char *ix_gusa_centre_name(ix_gusa_centre c)
{
    return name_at(centre_names, IX_GUSA_CENTRE_COUNT, (int)c);
}
ix_gusa_centre ix_gusa_centre_parse(const char *name)
{
    return (ix_gusa_centre)parse_in(centre_names, IX_GUSA_CENTRE_COUNT, name);
}
const char *ix_gusa_actor_kind_name(ix_gusa_actor_kind k)
{
    return k == IX_GUSA_ACTOR_PERSON        ? "person"
           : k == IX_GUSA_ACTOR_STAFF       ? "staff"
           : k == IX_GUSA_ACTOR_STAKEHOLDER ? "stakeholder"
                                            : "system";
}
ix_gusa_actor_kind ix_gusa_actor_kind_parse(const char *name)
{
    for (int k = IX_GUSA_ACTOR_PERSON; name && k <= IX_GUSA_ACTOR_STAKEHOLDER; k++)
        if (strcmp(name, ix_gusa_actor_kind_name((ix_gusa_actor_kind)k)) == 0)
            return (ix_gusa_actor_kind)k;
    return IX_GUSA_ACTOR_NONE;
}
const char *ix_gusa_staff_role_name(ix_gusa_staff_role r)
{
    return name_at(staff_names, IX_GUSA_STAFF_COUNT, (int)r);
}
ix_gusa_staff_role ix_gusa_staff_role_parse(const char *name)
{
    return (ix_gusa_staff_role)parse_in(staff_names, IX_GUSA_STAFF_COUNT, name);
}
const char *ix_gusa_part_role_name(ix_gusa_part_role r)
{
    return name_at(part_names, IX_GUSA_PART_COUNT, (int)r);
}
ix_gusa_part_role ix_gusa_part_role_parse(const char *name)
{
    return (ix_gusa_part_role)parse_in(part_names, IX_GUSA_PART_COUNT, name);
}
const char *ix_gusa_info_type_name(ix_gusa_info_type t)
{
    return name_at(info_names, IX_GUSA_INFO_COUNT, (int)t);
}
ix_gusa_info_type ix_gusa_info_type_parse(const char *name)
{
    return (ix_gusa_info_type)parse_in(info_names, IX_GUSA_INFO_COUNT, name);
}

unsigned ix_gusa_info_mask_parse(const char *list, const char **bad)
{
    unsigned mask = 0;
    if (bad)
        *bad = list;
    if (!list || !*list)
        return 0;
    const char *p = list;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[32];
        int t = 0;
        if (n > 0 && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = '\0';
            t = (int)ix_gusa_info_type_parse(name);
        }
        if (!t) {
            if (bad)
                *bad = p;
            return 0;
        }
        mask |= 1u << t;
        if (!end)
            break;
        p = end + 1;
    }
    return mask;
}

void ix_gusa_info_mask_format(unsigned mask, char *buf, size_t size)
{
    size_t k = 0;
    if (!size)
        return;
    buf[0] = '\0';
    for (int t = 1; t < IX_GUSA_INFO_COUNT; t++) {
        if (!(mask & (1u << t)))
            continue;
        int w = snprintf(buf + k, size - k, "%s%s", k ? "," : "", info_names[t]);
        if (w < 0 || (size_t)w >= size - k)
            return;
        k += (size_t)w;
    }
}

/* The ladder's steps (docs/gusa.md): 0 the family's and network's own
 * resources, 1 universal offers with extra support (day care, school,
 * health visitor), 2 early preventive offers without a decision, 3 support
 * in the home by decision, 4 intensive support or placement in the network,
 * 5 foster family, 6 residential placement or placement without consent.
 * Section numbers: Barnets lov (BL, in force 1 January 2024) and
 * serviceloven (SEL). */
static const ix_gusa_legal_basis bases[] = {
    {"Ingen", 0, 2, "Ingen afgørelse: familiens, netværkets eller almenområdets egne ressourcer"},
    {"BL § 32", 1, 2, "Barnets lov § 32: forebyggende indsatser uden afgørelse"},
    {"SEL § 85", 1, 4, "Serviceloven § 85: socialpædagogisk bistand til en voksen i familien"},
    {"BL § 30", 2, 4, "Barnets lov § 30: støttende indsatser til barnet og familien"},
    {"BL § 43", 4, 6, "Barnets lov § 43: anbringelse uden for hjemmet med samtykke"},
    {"BL § 47", 6, 6, "Barnets lov § 47: anbringelse uden for hjemmet uden samtykke"},
};

size_t ix_gusa_legal_basis_count(void)
{
    return sizeof bases / sizeof bases[0];
}

const ix_gusa_legal_basis *ix_gusa_legal_basis_at(size_t i)
{
    return i < ix_gusa_legal_basis_count() ? &bases[i] : NULL;
}

const ix_gusa_legal_basis *ix_gusa_legal_basis_find(const char *name)
{
    for (size_t i = 0; name && i < ix_gusa_legal_basis_count(); i++)
        if (strcmp(name, bases[i].name) == 0)
            return &bases[i];
    return NULL;
}

/* ---- dates ---------------------------------------------------------------- */

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days from civil (Howard Hinnant's algorithm, public domain description). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int ix_gusa_date_days(const char *s, long *days)
{
    long y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
        digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, (int)m))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

void ix_gusa_date_format(long z, char buf[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    int yy = (int)((y % 10000 + 10000) % 10000), mm = (int)m, dd = (int)d;
    buf[0] = (char)('0' + yy / 1000);
    buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + mm / 10);
    buf[6] = (char)('0' + mm % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
}

int ix_gusa_age_on(const char *birth, const char *on)
{
    long by, bm, bd, oy, om, od;
    if (!birth || !on || strlen(birth) < 10 || strlen(on) < 10 || digits(birth, 4, &by) ||
        digits(birth + 5, 2, &bm) || digits(birth + 8, 2, &bd) || digits(on, 4, &oy) ||
        digits(on + 5, 2, &om) || digits(on + 8, 2, &od))
        return -1;
    long age = oy - by;
    if (om < bm || (om == bm && od < bd))
        age--;
    return (int)age;
}

ix_status ix_gusa_check_date(const char *value, const char *field, ix_diag *d)
{
    long days;
    if (ix_gusa_date_days(value, &days) == 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                       "needs a date that exists, written YYYY-MM-DD (e.g. 2026-03-31)");
}

ix_status ix_gusa_check_text(const char *value, size_t max, const char *field, ix_diag *d)
{
    if (!max)
        max = IX_GUSA_TEXT_MAX;
    if (!value || !*value)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "must not be empty");
    const unsigned char *p = (const unsigned char *)value;
    size_t chars = 0;
    while (*p) {
        unsigned c = *p, cp;
        int n;
        if (c < 0x80) {
            cp = c;
            n = 0;
        } else if (c >= 0xC2 && c <= 0xDF) {
            cp = c & 0x1F;
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            cp = c & 0x0F;
            n = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            cp = c & 0x07;
            n = 3;
        } else
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "is not valid UTF-8");
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "is not valid UTF-8");
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "is not valid UTF-8");
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                               "contains a control character (only line breaks and tabs are "
                               "allowed)");
        p += n + 1;
        if (++chars > max)
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                               "is longer than %zu characters", max);
    }
    return IX_OK;
}

ix_status ix_gusa_check_ladder_step(long step, const char *field, ix_diag *d)
{
    if (step >= 0 && step <= 6)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                       "must be a step of the intervention ladder, 0 to 6 (not %ld)", step);
}

ix_status ix_gusa_check_legal_basis(const char *value, long step, const char *field, ix_diag *d)
{
    const ix_gusa_legal_basis *b = ix_gusa_legal_basis_find(value);
    if (!b)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                           "must be one of the listed legal bases (\"BL § 30\", \"SEL § 85\", "
                           "... see docs/gusa.md)");
    if (step < b->step_min || step > b->step_max)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field,
                           "%s is used for ladder steps %d to %d, not %ld", b->name, b->step_min,
                           b->step_max, step);
    return IX_OK;
}
