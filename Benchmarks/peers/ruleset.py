"""The reduced rule set (Benchmarks/peers/rules) as the DuckDB and Polars peers use it.

The peers write the rules themselves, as an analyst would in SQL or in expressions; what
they take from the rule set directory is its data: the code lists (as regular
expressions over normalised codes), the practice and prison-postcode tables, and each
service line's category. Normalisation follows specsplit's (docs/rules.md, "How the
extract's codes are read"), written once here as regular expressions both peers use.
"""

import csv
import pathlib
import re

# Separators between codes in Der_Diagnosis_All / Der_Procedure_All ("||A01,B02||C03").
LIST_SEPARATORS = r"[|,; \t~]+"
# Bytes a code loses before it is compared (spaces, dots, tabs).
COMPACT_DROP = r"[ .\t]"
# An ICD-10 code after compaction: a letter, two digits, then a digit, X or filler dash
# and at most 4 more characters (dropped); 8 characters at most.
ICD10_SHAPE = r"^[A-Z][0-9]{2}([0-9X-].{0,4})?$"
# An OPCS-4 code: a letter and two or three digits.
OPCS4_SHAPE = r"^[A-Z][0-9]{2}[0-9]?$"
# An HRG: two letters, two digits, a letter.
HRG_SHAPE = r"^[A-Z]{2}[0-9]{2}[A-Z]$"
# A postcode of more than 8 characters after compaction is not a postcode.
POSTCODE_MAX = 8


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _type_name(text):
    """A practice or postcode type as the engine compares it: upper case, no spaces."""
    return text.replace(" ", "").upper()


class RuleSet:
    """The tables of a rule set directory that the peers read."""

    def __init__(self, directory):
        directory = pathlib.Path(directory)
        self.sets = {}
        for row in _rows(directory / "code-sets.csv"):
            self.sets.setdefault(row["set"], []).append(row["code"].strip().upper())
        self.practices = {
            row["practice_code"].strip().upper(): _type_name(row["practice_type"])
            for row in _rows(directory / "practices.csv")
            if row["practice_code"].strip().upper() not in ("V81997", "V81998", "V81999")
        }
        self.postcodes = {
            re.sub(COMPACT_DROP, "", row["postcode"]).upper(): _type_name(row["postcode_type"])
            for row in _rows(directory / "prison-postcodes.csv")
        }
        self.categories = {row["service_line"]: row["category"] for row in _rows(directory / "service-lines.csv")}

    def codes(self, cell, icd10=False):
        """The codes of a rules.csv cell such as `@cf_icd` or `LA01% LA02%`."""
        codes = []
        for token in cell.split():
            codes += self.sets[token[1:]] if token.startswith("@") else [token.upper()]
        if icd10:
            # A 3-character category means its X-filled form, as in the extract.
            codes = [c + "X" if len(c) == 3 and not c.endswith("%") else c for c in codes]
        return codes

    def _alternatives(self, cell, icd10, rest):
        parts = []
        for code in self.codes(cell, icd10):
            parts.append(re.escape(code[:-1]) + rest if code.endswith("%") else re.escape(code))
        return "(?:" + "|".join(parts) + ")"

    def full_match(self, cell, icd10=False):
        """A regular expression matching one normalised code of the list (`E84%` is a prefix)."""
        return "^" + self._alternatives(cell, icd10, ".*") + "$"

    def any_in_list(self, cell, icd10=False):
        """A regular expression matching a `|A|B|C|` string that holds a code of the list."""
        return r"\|" + self._alternatives(cell, icd10, "[^|]*") + r"\|"

    def exact(self, cell):
        """The codes of a list of exact codes (treatment functions)."""
        codes = self.codes(cell)
        assert not any(c.endswith("%") for c in codes), cell
        return codes

    def category(self, line):
        """The category of a service line (the rule and its line agree in these rules)."""
        return self.categories[line]


def header_of(path):
    """The extract's column names (its first record)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle))
