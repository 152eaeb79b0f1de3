PERMISSIONS = [
    ("assessment.view_indicator_set", "查看评测指标体系"),
    ("assessment.manage_indicator_set", "导入评测指标体系"),
    ("assessment.fill_assessment", "填报数字化水平自评测"),
    ("assessment.view_assessment", "查看数字化水平评测结果"),
    ("assessment.rate_onsite", "开展数字化水平现场评定"),
    ("assessment.view_analysis", "查看数字化水平综合分析"),
    ("assessment.export_analysis", "导出数字化水平综合分析"),
]
