"""The peers benchmark's split in Polars expressions: what an analyst would write instead of specsplit.

    python polars_split.py RULES_DIR EXTRACT.csv OUT_DIR [THREADS]

Reads a SUS-style spell extract (one row per spell; quoted fields with commas and line
breaks), applies the reduced rule set of Benchmarks/peers/rules (national rules by rank,
then local rules in order), and writes one CSV per contract and category:
OUT_DIR/RJE_5PK/specialised.csv, each row the extract's columns then service_line.
Expressions only (no per-row Python); one Python loop over the contract x category
groups to write their files.
"""

import os
import sys

# Polars sizes its thread pool when it is imported.
if __name__ == "__main__":
    os.environ["POLARS_MAX_THREADS"] = sys.argv[4] if len(sys.argv) > 4 else "2"

import polars as pl

from ruleset import COMPACT_DROP, HRG_SHAPE, ICD10_SHAPE, LIST_SEPARATORS, OPCS4_SHAPE, POSTCODE_MAX, RuleSet, header_of


def compact(column):
    """Upper case, spaces, dots and tabs removed, empty for a missing value."""
    return pl.col(column).fill_null("").str.replace_all(COMPACT_DROP, "").str.to_uppercase()


def organisation(column):
    """A provider or commissioner code; `RJE00` is trust `RJE`."""
    code = compact(column)
    return pl.when((code.str.len_chars() == 5) & code.str.ends_with("00")).then(code.str.slice(0, 3)).otherwise(code)


def code_list(column):
    """The codes of a `||A,B||C` field, upper case, dots removed."""
    return (
        pl.col(column)
        .fill_null("")
        .str.replace_all(LIST_SEPARATORS, "|")
        .str.split("|")
        .list.eval(pl.element().str.replace_all(".", "", literal=True).str.to_uppercase())
    )


def icd10_list(column):
    """Valid ICD-10 codes, 4 characters, X-filled."""
    return code_list(column).list.eval(
        pl.element()
        .filter(pl.element().str.contains(ICD10_SHAPE))
        .pipe(
            lambda code: pl.when((code.str.len_chars() == 3) | (code.str.slice(3, 1) == "-"))
            .then(code.str.slice(0, 3) + "X")
            .otherwise(code.str.slice(0, 4))
        )
    )


def opcs4_list(column):
    """Valid OPCS-4 codes."""
    return code_list(column).list.eval(pl.element().filter(pl.element().str.contains(OPCS4_SHAPE)))


def main(rules_dir, extract, out_dir, threads=None):
    rules = RuleSet(rules_dir)
    columns = header_of(extract)

    def any_dx(cell):
        return pl.col("n_dx").str.contains(rules.any_in_list(cell, icd10=True))

    def primary_dx(cell):
        return pl.col("n_dx1").str.contains(rules.full_match(cell, icd10=True))

    def any_px(cell):
        return pl.col("n_px").str.contains(rules.any_in_list(cell))

    def hrg_in(cell):
        return pl.col("n_hrg").str.contains(rules.full_match(cell))

    practices = pl.LazyFrame(
        {"n_practice": list(rules.practices), "n_practice_type": list(rules.practices.values())}
    )
    postcodes = pl.LazyFrame({"n_postcode": list(rules.postcodes), "n_postcode_type": list(rules.postcodes.values())})
    hrg = compact("Spell_Core_HRG")
    postcode = compact("Postcode")

    frame = (
        pl.scan_csv(extract, infer_schema=False, quote_char='"')
        .with_columns(
            (organisation("Der_Provider_Code") + "_" + organisation("Commissioner_Code")).alias("contract"),
            organisation("Commissioner_Code").alias("n_commissioner"),
            pl.when(hrg.str.contains(HRG_SHAPE)).then(hrg).otherwise(pl.lit("")).alias("n_hrg"),
            compact("Treatment_Function_Code").alias("n_tfc"),
            compact("Source_of_Admission").alias("n_admission_source"),
            compact("GP_Practice_Code").alias("n_practice"),
            pl.when(postcode.str.len_chars() <= POSTCODE_MAX).then(postcode).otherwise(pl.lit("")).alias("n_postcode"),
            icd10_list("Der_Diagnosis_All").alias("n_dx_list"),
            opcs4_list("Der_Procedure_All").alias("n_px_list"),
        )
        .with_columns(
            ("|" + pl.col("n_dx_list").list.join("|") + "|").alias("n_dx"),
            pl.col("n_dx_list").list.first().fill_null("").alias("n_dx1"),
            ("|" + pl.col("n_px_list").list.join("|") + "|").alias("n_px"),
        )
        .join(practices, on="n_practice", how="left", maintain_order="left")
        .join(postcodes, on="n_postcode", how="left", maintain_order="left")
        .with_columns(
            pl.col("n_practice_type").fill_null("NONE"),
            pl.col("n_postcode_type").fill_null("NONE"),
        )
        .with_columns(
            # National rules: every one tested, the best-ranked service line wins (rank order).
            pl.when(any_px("@bmt_opcs"))
            .then(pl.lit("NCBPS02M"))  # rank 10
            .when(any_px("M01%") | hrg_in("LA01% LA02% LA03%"))
            .then(pl.lit("NCBPS05T"))  # rank 20
            .when(
                (any_dx("@burns_icd") & any_px("@skin_graft_opcs")) | any_dx("@major_burns_icd") | hrg_in("JB%")
            )
            .then(pl.lit("NCBPS08B"))  # rank 70
            .when(any_dx("@hpb_cancer_icd") & any_px("@hpb_resection_opcs"))
            .then(pl.lit("NCBPS01H"))  # rank 100
            .when(primary_dx("@sarcoma_icd"))
            .then(pl.lit("NCBPS01S"))  # rank 110
            .when(any_dx("@cf_icd"))
            .then(pl.lit("NCBPS04F"))  # rank 170
            .when(any_dx("@haemophilia_icd"))
            .then(pl.lit("NCBPS02B"))  # rank 180
            .when(any_px("@spinal_correction_opcs") & any_dx("@spinal_deformity_icd"))
            .then(pl.lit("NCBPS08D"))  # rank 210
            .when(hrg_in("LD%") | any_px("X40%"))
            .then(pl.lit("NCBPS05D"))  # rank 260
            .alias("n_national"),
            # Local rules, in order: the first that matches.
            pl.when(pl.col("n_hrg") == "SB97Z")
            .then(pl.lit("NCBPS01C"))
            .when(pl.col("n_hrg") == "SC97Z")
            .then(pl.lit("NCBPS01R"))
            .when(pl.col("n_tfc").is_in(rules.exact("@dental_tfc")))
            .then(pl.lit("NCBDENTX"))
            .when(pl.col("n_practice_type") == "MILITARY")
            .then(pl.lit("NCBAFXXX"))
            .when(pl.col("n_commissioner") == "XMD")
            .then(pl.lit("NCBAFXXX"))
            .when(pl.col("n_practice_type").is_in(["PRISON", "YOI"]))
            .then(pl.lit("NCBHJXXX"))
            .when(pl.col("n_postcode_type") == "UNIQUE")
            .then(pl.lit("NCBHJXXX"))
            .when((pl.col("n_admission_source") == "39") & pl.col("n_postcode_type").is_in(["NONUNIQUE", "NONE"]))
            .then(pl.lit("NCBHJXXX"))
            .alias("n_local"),
        )
        .with_columns(pl.coalesce("n_national", "n_local", pl.lit("99999999")).alias("service_line"))
        .with_columns(pl.col("service_line").replace_strict(rules.categories).alias("split_category"))
        .select(*columns, "service_line", "contract", "split_category")
        .collect()
    )
    for (contract, category), rows in frame.partition_by("contract", "split_category", as_dict=True).items():
        os.makedirs(os.path.join(out_dir, contract), exist_ok=True)
        rows.drop("contract", "split_category").write_csv(os.path.join(out_dir, contract, category + ".csv"))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:4])
