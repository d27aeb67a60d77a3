"""The peers benchmark's split in DuckDB SQL: what an analyst would write instead of specsplit.

    python duckdb_split.py RULES_DIR EXTRACT.csv OUT_DIR [THREADS]

Reads a SUS-style spell extract (one row per spell; quoted fields with commas and line
breaks), applies the reduced rule set of Benchmarks/peers/rules (national rules by rank,
then local rules in order), and writes one CSV per contract and category:
OUT_DIR/contract=RJE_5PK/split_category=specialised/data_0.csv, each row the extract's
columns then service_line. OUT_DIR must not exist. All in SQL, no per-row Python.
"""

import os
import sys

import duckdb

from ruleset import COMPACT_DROP, HRG_SHAPE, ICD10_SHAPE, LIST_SEPARATORS, OPCS4_SHAPE, POSTCODE_MAX, RuleSet, header_of


def sql_text(text):
    return "'" + text.replace("'", "''") + "'"


def main(rules_dir, extract, out_dir, threads=2):
    rules = RuleSet(rules_dir)
    columns = header_of(extract)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")

    # Reference tables from the rule set.
    con.execute("CREATE TABLE practices (code VARCHAR, type VARCHAR)")
    con.executemany("INSERT INTO practices VALUES (?, ?)", list(rules.practices.items()))
    con.execute("CREATE TABLE prison_postcodes (postcode VARCHAR, type VARCHAR)")
    con.executemany("INSERT INTO prison_postcodes VALUES (?, ?)", list(rules.postcodes.items()))

    # Normalising codes as specsplit does.
    con.execute(f"CREATE MACRO compact(s) AS upper(regexp_replace(coalesce(s, ''), {sql_text(COMPACT_DROP)}, '', 'g'))")
    con.execute(
        "CREATE MACRO organisation(s) AS CASE WHEN length(compact(s)) = 5 AND suffix(compact(s), '00') "
        "THEN left(compact(s), 3) ELSE compact(s) END"
    )
    con.execute(
        f"""CREATE MACRO icd10_list(s) AS list_transform(
              list_filter(
                list_transform(string_split_regex(coalesce(s, ''), {sql_text(LIST_SEPARATORS)}),
                               lambda t: upper(replace(t, '.', ''))),
                lambda t: regexp_matches(t, {sql_text(ICD10_SHAPE)})),
              lambda t: CASE WHEN length(t) = 3 OR t[4] = '-' THEN left(t, 3) || 'X' ELSE left(t, 4) END)"""
    )
    con.execute(
        f"""CREATE MACRO opcs4_list(s) AS list_filter(
              list_transform(string_split_regex(coalesce(s, ''), {sql_text(LIST_SEPARATORS)}),
                             lambda t: upper(replace(t, '.', ''))),
              lambda t: regexp_matches(t, {sql_text(OPCS4_SHAPE)}))"""
    )

    def any_dx(cell):
        return f"regexp_matches(dx, {sql_text(rules.any_in_list(cell, icd10=True))})"

    def primary_dx(cell):
        return f"regexp_matches(dx1, {sql_text(rules.full_match(cell, icd10=True))})"

    def any_px(cell):
        return f"regexp_matches(px, {sql_text(rules.any_in_list(cell))})"

    def hrg_in(cell):
        return f"regexp_matches(n_hrg, {sql_text(rules.full_match(cell))})"

    dental = ", ".join(sql_text(c) for c in rules.exact("@dental_tfc"))
    categories = " ".join(
        f"WHEN {sql_text(line)} THEN {sql_text(category)}" for line, category in rules.categories.items()
    )
    extract_columns = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)

    query = f"""
    WITH extract AS (
        SELECT * FROM read_csv({sql_text(extract)}, header = true, all_varchar = true, delim = ',',
                               quote = '"', escape = '"', auto_detect = false,
                               columns = {{{", ".join(f"{sql_text(c)}: 'VARCHAR'" for c in columns)}}})
    ),
    normalised AS (
        -- Normalised fields are named n_*: DuckDB names are case-insensitive, so "postcode"
        -- would be the extract's own "Postcode".
        SELECT *,
               organisation("Der_Provider_Code") || '_' || organisation("Commissioner_Code") AS contract,
               organisation("Commissioner_Code") AS n_commissioner,
               CASE WHEN regexp_matches(compact("Spell_Core_HRG"), {sql_text(HRG_SHAPE)})
                    THEN compact("Spell_Core_HRG") ELSE '' END AS n_hrg,
               compact("Treatment_Function_Code") AS n_tfc,
               compact("Source_of_Admission") AS n_admission_source,
               compact("GP_Practice_Code") AS n_practice,
               CASE WHEN length(compact("Postcode")) <= {POSTCODE_MAX} THEN compact("Postcode") ELSE '' END AS n_postcode,
               icd10_list("Der_Diagnosis_All") AS dx_list,
               opcs4_list("Der_Procedure_All") AS px_list
        FROM extract
    ),
    coded AS (
        SELECT n.*,
               '|' || array_to_string(dx_list, '|') || '|' AS dx,
               coalesce(dx_list[1], '') AS dx1,
               '|' || array_to_string(px_list, '|') || '|' AS px,
               coalesce(p.type, 'NONE') AS practice_type,
               coalesce(q.type, 'NONE') AS postcode_type
        FROM normalised n
        LEFT JOIN practices p ON p.code = n.n_practice
        LEFT JOIN prison_postcodes q ON q.postcode = n.n_postcode
    ),
    classified AS (
        SELECT *,
               -- National rules: every one tested, the best-ranked service line wins (rank order).
               CASE
                   WHEN {any_px('@bmt_opcs')} THEN 'NCBPS02M'                                     -- rank 10
                   WHEN {any_px('M01%')} OR {hrg_in('LA01% LA02% LA03%')} THEN 'NCBPS05T'       -- rank 20
                   WHEN ({any_dx('@burns_icd')} AND {any_px('@skin_graft_opcs')})
                        OR {any_dx('@major_burns_icd')} OR {hrg_in('JB%')} THEN 'NCBPS08B'      -- rank 70
                   WHEN {any_dx('@hpb_cancer_icd')} AND {any_px('@hpb_resection_opcs')} THEN 'NCBPS01H'  -- 100
                   WHEN {primary_dx('@sarcoma_icd')} THEN 'NCBPS01S'                             -- rank 110
                   WHEN {any_dx('@cf_icd')} THEN 'NCBPS04F'                                      -- rank 170
                   WHEN {any_dx('@haemophilia_icd')} THEN 'NCBPS02B'                             -- rank 180
                   WHEN {any_px('@spinal_correction_opcs')} AND {any_dx('@spinal_deformity_icd')} THEN 'NCBPS08D'  -- 210
                   WHEN {hrg_in('LD%')} OR {any_px('X40%')} THEN 'NCBPS05D'                     -- rank 260
               END AS national_line,
               -- Local rules, in order: the first that matches.
               CASE
                   WHEN n_hrg = 'SB97Z' THEN 'NCBPS01C'
                   WHEN n_hrg = 'SC97Z' THEN 'NCBPS01R'
                   WHEN n_tfc IN ({dental}) THEN 'NCBDENTX'
                   WHEN practice_type = 'MILITARY' THEN 'NCBAFXXX'
                   WHEN n_commissioner = 'XMD' THEN 'NCBAFXXX'
                   WHEN practice_type IN ('PRISON', 'YOI') THEN 'NCBHJXXX'
                   WHEN postcode_type = 'UNIQUE' THEN 'NCBHJXXX'
                   WHEN n_admission_source = '39' AND postcode_type IN ('NONUNIQUE', 'NONE') THEN 'NCBHJXXX'
               END AS local_line
        FROM coded
    ),
    result AS (
        SELECT *, coalesce(national_line, local_line, '99999999') AS service_line FROM classified
    )
    SELECT {extract_columns}, service_line, contract,
           CASE service_line {categories} END AS split_category
    FROM result
    """
    os.makedirs(os.path.dirname(os.path.abspath(out_dir)), exist_ok=True)
    con.execute(
        f"COPY ({query}) TO {sql_text(out_dir)} (FORMAT csv, HEADER true, PARTITION_BY (contract, split_category))"
    )


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
