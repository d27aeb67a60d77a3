"""Writes rules-2013-14-openpyxl.xlsx: the test workbook of Tests/TestSupport/RulesWorkbookFixture.swift
(the same sheets, headers and cells), saved by openpyxl rather than specsplit's own test writer, so that
the importer is checked against files a real spreadsheet library makes (styles, shared strings, a
title row above a header, a percent number format).

Run it from this folder with openpyxl 3.1.5 in a virtual environment:

    python3 -m venv /tmp/xlsxvenv && /tmp/xlsxvenv/bin/pip install openpyxl==3.1.5
    /tmp/xlsxvenv/bin/python make_openpyxl_workbook.py

The tests only read the .xlsx this writes; they never need Python.
"""
import datetime

import openpyxl

SUMMARY = ["PS_Flag", "Prescribed_Service_Line", "NPoC_Category", "Service_Line_Hierarchy", "Setting", "Flag_Number",
           "Sub_Rule_Number", "No_Of_Identification_Rules", "New_Service_Lines", "Commissioned_By", "ICD10_Triggers_Count",
           "ICD10_Triggering_Position", "ICD10_Qualifiers", "OPCS4_Triggers_Count", "OPCS4_Triggering_Position",
           "OPCS_Qualifiers", "ICD10_And_OPCS4_Combination_Required", "OPCS4_And_OPCS4_Combination_Required",
           "Qualifying_Age", "Qualifying_Age_Check", "Qualifying_Gender", "MAINSPEF_Count", "TRETSPEF_Count",
           "ADMIMETH_APC_Only", "CLASSPAT_APC_Only", "ATTENDED_NAC_Only", "REFSOURC_NAC_Only",
           "CSNum_Use_Of_Equal_Sign_Exclusion_APC_Only", "Provider_Eligibility_Count"]
HIERARCHY = ["Service_Line", "Service_Line_Description", "Applicable_In_Setting_1", "Applicable_In_Setting_2",
             "APC_Episode_Spell_Hierarchies", "APC_Percentage_Top_Up", "NAC_Hierarchy"]


def summary(flag_text, npoc, setting, flag, sub, rules, icd10=0, icd10_position=None, opcs4=0, opcs4_position=None,
            opcs_qualifiers=0, age=None, age_check=None, gender=None, mainspef=0, tretspef=0, admimeth=None,
            classpat=None, attended=None, refsourc=None, providers=0):
    return [flag_text, flag_text.split(" - ")[1], npoc, flag, setting, flag, sub, rules, "N", "NHS England", icd10,
            icd10_position, 0, opcs4, opcs4_position, opcs_qualifiers, "N", "N", age, age_check, gender, mainspef,
            tretspef, admimeth, classpat, attended, refsourc, None, providers]


CF, HAEM = "NCBPS13X - Cystic fibrosis", "NCBPS03X - Haemophilia"
BURNS, RENAL = "NCBPS08B - Specialised burn care", "NCBPS05D - Renal dialysis"
MED, BLOOD, TRAUMA = "A - Internal Medicine", "F - Blood and Infection", "D - Trauma"

book = openpyxl.Workbook()
book.active.title = "Notes"
book["Notes"]["A1"] = "Illustrative rules workbook for specsplit's tests: not the official rules."
book["Notes"]["A2"] = datetime.date(2013, 4, 1)

sheet = book.create_sheet("Summary of ID code sets")
sheet.append(["Summary of identification code sets (illustrative)"])  # a title above the header
sheet.append([])
sheet.append(SUMMARY)
for row in [
    summary(CF, MED, "APC", 13, 1, 2, icd10=2, icd10_position="Primary"),
    summary(CF, MED, "NAC", 13, "2", 2, tretspef=1),
    summary(HAEM, BLOOD, "APC", 3, 1, 2, icd10=2, icd10_position="Any", providers=2),
    summary(HAEM, BLOOD, "NAC", 3, 2, 2, age=19, age_check="<", tretspef=1),
    summary(BURNS, TRAUMA, "APC", 8, 1, 1, icd10=1, icd10_position="Any", opcs_qualifiers=1),
    summary(RENAL, MED, "APC", 5, 1, 2, opcs4=2, opcs4_position="Any", mainspef=1, admimeth="11, 12", classpat=1),
    summary(RENAL, MED, "NAC", 5, 2, 2, gender="Female", tretspef=1, attended="5,6", refsourc=3),
]:
    sheet.append(row)

sheet = book.create_sheet("Service line hierarchy")
sheet.append(HIERARCHY)
for row in [
    ["NCBPS03X", "Haemophilia", "APC", "NAC", 1, 0.15, 2],
    ["NCBPS13X", "Cystic fibrosis", "APC", "NAC", 2, 0.25, 1],
    ["NCBPS08B", "Specialised burn care", "APC", None, 3, 0.5, None],
    ["NCBPS05D", "Renal dialysis", "APC", "NAC", 4, None, 3],
]:
    sheet.append(row)
for cell in sheet["F"][1:]:
    cell.number_format = "0%"


def code_list(name, header, rows):
    sheet = book.create_sheet(name)
    sheet.append(["Flag_Number", "Sub_Rule_Number", header])
    for row in rows:
        sheet.append(row)


code_list("ICD10 Triggers", "ICD10_Code", [[13, 1, "E84.0"], [13, 1, "E84.1"], [3, 1, "D66"], [3, 1, "D67X"], [8, 1, "T2*"]])
code_list("ICD10 Qualifiers", "ICD10_Code", [])
code_list("OPCS4 Triggers", "OPCS4_Code", [[5, 1, "X40.1"], [5, 1, "X40.2"]])
code_list("OPCS Qualifiers", "OPCS4_Code", [[8, 1, "S37*"]])
code_list("MAINSPEF", "MAINSPEF", [[5, 1, 361]])
code_list("TRETSPEF", "TRETSPEF", [[13, 2, 343], [3, 2, 309], [5, 2, 361]])
code_list("Provider Eligibility", "Provider_Code", [[3, 1, "RRK"], [3, 1, "RQ3"]])

book.save("rules-2013-14-openpyxl.xlsx")
