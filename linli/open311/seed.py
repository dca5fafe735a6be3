"""Service definitions shipped with Linli: a few categories ask for more than a description, so that a
partner system's form can ask the right questions. Loaded by a data migration; staff change them in the
admin (服务附加字段) afterwards."""

YES_NO = [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}]

# category code → [(code, datatype, required, variable, description, datatype_description, values)]
DEFAULT_ATTRIBUTES = {
    "0103": [  # 电梯故障
        (
            "safety_tip",
            "text",
            False,
            False,
            "如有人被困，请保持冷静、不要强行扒门，并立即拨打轿厢内的应急电话或 96333 电梯应急处置热线。",
            "",
            [],
        ),
        ("trapped", "singlevaluelist", True, True, "是否有人被困", "", YES_NO),
        ("floor", "number", False, True, "电梯停在几层", "整数，地下层填负数，如 -1", []),
        (
            "occurred_at",
            "datetime",
            False,
            True,
            "故障发生时间",
            "ISO 8601 日期时间，如 2026-03-15T08:30:00+08:00",
            [],
        ),
        ("details", "text", False, True, "补充说明（异响、停运多久、电梯编号等）", "不超过 2000 字", []),
    ],
    "0201": [  # 垃圾清运
        (
            "overflow_spots",
            "multivaluelist",
            True,
            True,
            "满溢位置（可多选）",
            "",
            [
                {"key": "bin_room", "name": "垃圾房"},
                {"key": "kerbside", "name": "路边垃圾桶"},
                {"key": "building_entrance", "name": "楼栋门口"},
                {"key": "transfer_station", "name": "垃圾中转站"},
            ],
        ),
        ("door_number", "string", False, True, "门牌（附近的门牌号或楼栋号）", "不超过 200 字", []),
    ],
}


def load_default_attributes(Category, ServiceAttribute) -> int:
    """Create the attributes that do not exist yet (by category and code); returns how many."""
    created = 0
    for category_code, rows in DEFAULT_ATTRIBUTES.items():
        category = Category.objects.filter(code=category_code).first()
        if category is None:
            continue
        for order, (code, datatype, required, variable, description, help_text, values) in enumerate(rows, 1):
            _, made = ServiceAttribute.objects.get_or_create(
                category=category,
                code=code,
                defaults={
                    "datatype": datatype,
                    "required": required,
                    "variable": variable,
                    "description": description,
                    "datatype_description": help_text,
                    "order": order,
                    "values": values,
                },
            )
            created += made
    return created
