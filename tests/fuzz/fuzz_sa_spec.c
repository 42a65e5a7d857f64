/* libFuzzer target for the SA.json reader: arbitrary bytes must give a spec
 * or a diagnostic with a position, never a crash; a spec that parses must
 * be within the reader's limits.
 *   cmake -S . -B build-fuzz -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang && cmake --build build-fuzz
 *   build-fuzz/fuzz_sa_spec -max_total_time=60 tests/fuzz/corpus/sa_spec */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "indeks/sensitivity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ix_sa_spec spec;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_sa_spec_parse((const char *)data, size, "fuzz.json", &spec, &d) != IX_OK) {
        if (!d.message[0] || d.line < 0 || d.column < 0)
            abort(); /* every failure explains itself */
        return 0;
    }
    if (spec.nchoices < 1 || spec.nchoices > IX_SA_MAX_CHOICES)
        abort();
    for (size_t j = 0; j < spec.nchoices; j++) {
        const ix_sa_choice *c = &spec.choices[j];
        if (c->nvalues > IX_SA_MAX_VALUES || c->nalts > IX_SA_MAX_ALTS || !c->label[0])
            abort();
        if (c->kind == IX_SA_WEIGHTS && !(c->noise > 0 && c->noise <= 1))
            abort();
    }
    return 0;
}
