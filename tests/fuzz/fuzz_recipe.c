/* libFuzzer target for the composite recipe reader: arbitrary bytes must
 * give a recipe or a diagnostic with a position, never a crash; a recipe
 * that parses is run on a small fixed model (with every step kind), which
 * must succeed or fail with a diagnostic.
 *   cmake -S . -B build-fuzz -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang && cmake --build build-fuzz
 *   build-fuzz/fuzz_recipe -max_total_time=60 tests/fuzz/corpus/recipe */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ix_comp_model *small_model(void)
{
    static const double vals[3][6] = {{1, 2, NAN, 4, 50, 6}, {3, 1, 4, 1, 5, 9}, {2, 7, 1, 8, 2, 8}};
    static const double pop[6] = {10, 20, 30, 40, 50, 60};
    static const char *codes[] = {"a", "b", "c", "d", "e", "f"};
    static const char *grp[] = {"x", "x", "y", "y", "", "y"};
    ix_comp_meta_row rows[6];
    const char *ic[] = {"i1", "i2", "i3"};
    memset(rows, 0, sizeof rows);
    for (int i = 0; i < 6; i++) {
        rows[i].target = rows[i].gp_lower = rows[i].gp_upper = rows[i].gp_scale = NAN;
        rows[i].weight = NAN;
        rows[i].line = i + 2;
        rows[i].gp_trunc = 1;
    }
    for (int i = 0; i < 3; i++) {
        rows[i].code = ic[i];
        rows[i].type = IX_COMP_INDICATOR;
        rows[i].level = 1;
        rows[i].parent = "IDX";
        rows[i].weight = i + 1;
        rows[i].direction = i == 1 ? -1 : 1;
        rows[i].target = 5;
        rows[i].gp_lower = 0;
        rows[i].gp_upper = 10;
    }
    rows[0].denominator = "pop";
    rows[3].code = "IDX";
    rows[3].type = IX_COMP_AGGREGATE;
    rows[3].level = 2;
    rows[4].code = "pop";
    rows[4].type = IX_COMP_DENOMINATOR;
    rows[5].code = "g";
    rows[5].type = IX_COMP_GROUP;
    ix_comp_model *m = NULL;
    ix_diag d;
    if (ix_comp_model_new(rows, 6, "meta", NULL, &m, &d) ||
        ix_comp_model_set_units(m, 6, codes, codes, NULL, 1, "data", &d) ||
        ix_comp_model_set_values(m, "i1", vals[0], 2, &d) ||
        ix_comp_model_set_values(m, "i2", vals[1], 3, &d) ||
        ix_comp_model_set_values(m, "i3", vals[2], 4, &d) ||
        ix_comp_model_set_values(m, "pop", pop, 5, &d) || ix_comp_model_set_groups(m, "g", grp, &d) ||
        ix_comp_model_finish(m, &d))
        abort();
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ix_comp_model *m;
    if (!m)
        m = small_model();
    ix_comp_recipe r;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_comp_recipe_parse((const char *)data, size, "fuzz.json", &r, &d) != IX_OK) {
        if (!d.message[0])
            abort(); /* every failure explains itself */
        return 0;
    }
    if (r.nsteps > IX_COMP_MAX_STEPS)
        abort();
    ix_comp_plan *p = NULL;
    ix_diag_clear(&d);
    if (ix_comp_plan_new(m, &r, &p, &d) == IX_OK && ix_comp_plan_run(p, &d) != IX_OK && !d.message[0])
        abort();
    ix_comp_plan_free(p);
    return 0;
}
