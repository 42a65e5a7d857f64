/* libFuzzer target: GUSA request bodies (lib/io/gusa/gusa_http.c). The
 * first input byte picks form ('F') or JSON (anything else); the rest is
 * the body. Aborts when:
 *   - an accepted body gives a key that is not 1-64 of [A-Za-z0-9_-], a
 *     value that is not valid UTF-8 (checked by an independent decoder
 *     here) or holds a NUL, or more than 256 pairs;
 *   - a refused body leaves pairs behind or names no field;
 *   - the Content-Type classification of the body's own first line
 *     (used as a header) is not one of the three outcomes with 200, 413
 *     or 415.
 * Build: cmake -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang ...; then
 *   fuzz_gusa_body -max_total_time=60 tests/fuzz/corpus/gusa_body */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An independent UTF-8 check: decode and re-encode, compare the bytes. */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if ((s[i] & 0xe0) == 0xc0) {
            cp = s[i] & 0x1fu;
            len = 2;
        } else if ((s[i] & 0xf0) == 0xe0) {
            cp = s[i] & 0x0fu;
            len = 3;
        } else if ((s[i] & 0xf8) == 0xf0) {
            cp = s[i] & 0x07u;
            len = 4;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        size_t need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (need != len || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ix_gusa_body_kind kind = data[0] == 'F' ? IX_GUSA_BODY_FORM : IX_GUSA_BODY_JSON;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    ix_gusa_form f;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_gusa_body_parse(kind, body, len, &f, &d);
    if (st == IX_OK) {
        if (f.n > IX_GUSA_MAX_PAIRS)
            abort();
        for (size_t i = 0; i < f.n; i++) {
            size_t kl = strlen(f.kv[i].key);
            if (kl == 0 || kl > IX_GUSA_MAX_KEY ||
                strspn(f.kv[i].key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != kl)
                abort();
            size_t vl = strlen(f.kv[i].value);
            if (vl > len || !utf8_ok((const unsigned char *)f.kv[i].value, vl) ||
                !ix_gusa_utf8_valid(f.kv[i].value, vl))
                abort();
            if (ix_gusa_form_get(&f, f.kv[i].key) == NULL || ix_gusa_form_count(&f, f.kv[i].key) == 0)
                abort();
        }
        ix_gusa_form_free(&f);
    } else if (f.n != 0 || f.kv != NULL || (st == IX_ERR_INPUT && d.field[0] == '\0')) {
        abort();
    }
    /* the UTF-8 checkers agree on the raw bytes */
    if (utf8_ok(data + 1, len) != ix_gusa_utf8_valid(body, len))
        abort();
    /* the first line as a Content-Type header */
    size_t nl = 0;
    while (nl < len && nl < 200 && body[nl] != '\n' && body[nl] != '\0')
        nl++;
    char ct[201];
    memcpy(ct, body, nl);
    ct[nl] = '\0';
    int status = 0;
    ix_gusa_body_kind k = ix_gusa_body_classify(ct, len * 64, &status);
    if ((k == IX_GUSA_BODY_REFUSED) != (status == 413 || status == 415) ||
        (k != IX_GUSA_BODY_REFUSED && status != 200))
        abort();
    return 0;
}
