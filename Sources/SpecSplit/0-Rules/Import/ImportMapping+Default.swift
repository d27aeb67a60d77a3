extension ImportMapping {
    /// The built-in mapping, as `specsplit rules mapping` prints it: the published headers of
    /// the summary and hierarchy tables, and PROVISIONAL code-list tables (their layout is
    /// not published; see docs/rules.md).
    public static let defaultText = #"""
        # specsplit rules import: the built-in mapping.
        #
        # [summary] and [hierarchy] follow the headers of the published "Summary of ID code
        # sets" and "Service line hierarchy" tables. Header names are compared without case,
        # spaces, "_" and "-"; give an array to accept several wordings.
        #
        # [[lists]] are PROVISIONAL: the layout of the workbook's code-list tables is not
        # published, so these sheets and headers are a guess. Check them against the real
        # workbook and copy this file (specsplit rules mapping > my-mapping.toml) to fix them.

        description = "specsplit built-in mapping (summary and hierarchy as published; code lists provisional)"
        code_separator = " - "           # "NCBPS13X - Cystic fibrosis": code, then description
        rule_id = "{service_line}-{sub_rule}"
        category = "specialised"          # the category of every imported rule and service line

        [summary]
        sheet = ["Summary of ID code sets", "Summary of ID Code Sets", "Summary"]
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        service_line = { column = "PS_Flag", part = "code" }
        description = { column = "PS_Flag", part = "description" }
        npoc = { column = "NPoC_Category", part = "description" }
        setting = "Setting"
        icd10_position = "ICD10_Triggering_Position"
        opcs4_position = "OPCS4_Triggering_Position"
        require_all_triggers = "ICD10_And_OPCS4_Combination_Required"
        opcs4_pair = "OPCS4_And_OPCS4_Combination_Required"
        age = "Qualifying_Age"
        age_check = "Qualifying_Age_Check"
        sex = "Qualifying_Gender"
        admission_method = "ADMIMETH_APC_Only"
        patient_classification = "CLASSPAT_APC_Only"
        attendance_status = "ATTENDED_NAC_Only"
        referral_source = "REFSOURC_NAC_Only"
        rules_count = "No_Of_Identification_Rules"

        [summary.counts]                  # how many codes each rule has, checked on import
        icd10 = "ICD10_Triggers_Count"
        icd10_qualifier = "ICD10_Qualifiers"
        opcs4 = "OPCS4_Triggers_Count"
        opcs4_qualifier = "OPCS_Qualifiers"
        main_specialty = "MAINSPEF_Count"
        treatment_function = "TRETSPEF_Count"
        provider = "Provider_Eligibility_Count"

        [hierarchy]
        sheet = ["Service line hierarchy", "Service Line Hierarchy", "Hierarchy"]
        service_line = { column = "Service_Line", part = "code" }
        description = "Service_Line_Description"
        settings = ["Applicable_In_Setting_1", "Applicable_In_Setting_2"]
        apc_rank = "APC_Episode_Spell_Hierarchies"
        nac_rank = "NAC_Hierarchy"
        apc_top_up = "APC_Percentage_Top_Up"
        top_up = "fraction"               # 0.25 is 25%, as a percent-formatted cell stores it

        # PROVISIONAL from here on: one sheet a list, one code a row ("long"), keyed by flag
        # and sub-rule. A "wide" list has one row a rule and codes across columns whose
        # header starts with `codes`.

        [[lists]]
        sheet = ["ICD10 Triggers", "ICD10_Triggers"]
        target = "icd10"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "ICD10_Code"

        [[lists]]
        sheet = ["ICD10 Qualifiers", "ICD10_Qualifiers"]
        target = "icd10_qualifier"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "ICD10_Code"

        [[lists]]
        sheet = ["OPCS4 Triggers", "OPCS4_Triggers"]
        target = "opcs4"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "OPCS4_Code"

        [[lists]]
        sheet = ["OPCS Qualifiers", "OPCS4 Qualifiers", "OPCS_Qualifiers"]
        target = "opcs4_qualifier"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "OPCS4_Code"

        [[lists]]
        sheet = ["MAINSPEF", "MAINSPEF Codes"]
        target = "main_specialty"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "MAINSPEF"

        [[lists]]
        sheet = ["TRETSPEF", "TRETSPEF Codes"]
        target = "treatment_function"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "TRETSPEF"

        [[lists]]
        sheet = ["Provider Eligibility", "Provider_Eligibility"]
        target = "provider"
        flag = "Flag_Number"
        sub_rule = "Sub_Rule_Number"
        code = "Provider_Code"
        """#
}
