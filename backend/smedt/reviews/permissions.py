PERMISSIONS = [
    ("reviews.view_review", "查看审核进度"),
    ("reviews.review_county", "县区初审"),
    ("reviews.review_city", "市级复审"),
    ("reviews.review_finance", "财政审核"),
    ("reviews.score_assigned", "专家评分"),
]
