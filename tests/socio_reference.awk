# A second, independent computation of the socio-economic index of
# LBK nr 63 af 19/01/2021 § 5 stk. 2 (grant years from 2021), written from
# the law's text and the yearly order's § 7, not from the C code or the model
# file: the 18 weights and the column names (docs/socio.md) are typed in here.
#
#   index_k = 100 * sum_j w_j * (c_jk / C_j) / (N_k / N)
#
#   c_1  = max(u - 0.05 p, u_t3 - 0.05 p_t3, 0)           (nr. 1, threshold)
#   c_12 = (b + b_t1 + b_t2) / 3                          (nr. 12, mean of 3 years)
#   c_14 = distance to 500 workplaces * persons 18-64     (nr. 14)
#   c_15 = regional rate / 100 * labour force             (nr. 15)
#   c_17 = distance to 2,000 inhabitants * inhabitants    (nr. 17)
#   c_18 = (highest life expectancy - own) * persons 65+  (nr. 18)
#   the others: the count as given.
#
# Input: a CSV with a header (',' separated; fields after the last used
# column may hold commas). Output: kommunekode,indeks with 15 significant
# digits, one line per municipality in input order, and on the last line
# "mean,<population-weighted mean of the index>".
BEGIN {
    FS = ","
    split("0.19 0.13 0.06 0.02 0.12 0.09 0.03 0.05 0.04 0.06 0.04 0.02 0.03 0.02 0.02 0.05 0.01 0.02", w, " ")
    split("x uden_erhvervsuddannelse_25_49 billige_private_boliger psykiatriske_patienter " \
          "almene_familieboliger boern_forsoergere_kort_uddannelse enlige_65_plus lavindkomst " \
          "udviklingshaemmede_handicap indvandrere_efterkommere grundniveau_20_59 x " \
          "boern_flyttet_3_gange x x begraenset_erhvervserfaring_45_64", count, " ")
}
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    n++
    code[n] = $col["kommunekode"]
    pop[n] = $col["indbyggere"] + 0
    now = $col["uden_beskaeftigelse_20_59"] - 0.05 * $col["personer_20_59"]
    before = $col["uden_beskaeftigelse_20_59_t3"] - 0.05 * $col["personer_20_59_t3"]
    c[n, 1] = now > before ? now : before
    if (c[n, 1] < 0) c[n, 1] = 0
    for (j = 2; j <= 16; j++)
        if (count[j] != "x") c[n, j] = $col[count[j]] + 0
    c[n, 12] = ($col["boern_enlige_forsoergere"] + $col["boern_enlige_forsoergere_t1"] + \
                $col["boern_enlige_forsoergere_t2"]) / 3
    c[n, 14] = $col["afstand_500_arbejdspladser"] * $col["personer_18_64"]
    c[n, 15] = $col["regional_ledighedsprocent"] / 100 * $col["arbejdsstyrke"]
    c[n, 17] = $col["afstand_2000_indbyggere"] * $col["indbyggere"]
    life[n] = $col["middellevetid"] + 0
    old[n] = $col["personer_65_plus"] + 0
    if (n == 1 || life[n] > best) best = life[n]
}
END {
    for (k = 1; k <= n; k++) c[k, 18] = (best - life[k]) * old[k]
    for (k = 1; k <= n; k++) {
        total_pop += pop[k]
        for (j = 1; j <= 18; j++) total[j] += c[k, j]
    }
    for (k = 1; k <= n; k++) {
        s = 0
        for (j = 1; j <= 18; j++) s += w[j] * (c[k, j] / total[j])
        idx = 100 * s / (pop[k] / total_pop)
        mean += pop[k] * idx / total_pop
        printf "%s,%.15g\n", code[k], idx
    }
    printf "mean,%.15g\n", mean
}
