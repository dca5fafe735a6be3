"""The default two-level category taxonomy for 小区 governance, with deadline profiles and routing.
Loaded by a data migration; staff change it afterwards (admin). Limits follow DOMAIN.md §12: danger to
life or property within hours, utilities within 24 h, general matters 5 working days, complex ones 15."""

# (code, name, sign limit, handle limit, default level, default unit kind, routing, keywords)
DEFAULT_TAXONOMY = [
    (
        "01",
        "物业服务",
        [
            (
                "0101",
                "保洁绿化",
                "1工作日",
                "3工作日",
                4,
                "property",
                "owner",
                "保洁 打扫 卫生 绿化 草坪 树木 修剪 落叶",
            ),
            (
                "0102",
                "设施维修",
                "1工作日",
                "5工作日",
                4,
                "property",
                "owner",
                "维修 门禁 单元门 楼道灯 水管 破损 坏了",
            ),
            ("0103", "电梯故障", "2小时", "1工作日", 4, "property", "owner", "电梯 困人 停运 故障 异响"),
            (
                "0104",
                "物业收费与服务",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "物业费 收费 服务态度 物业公司",
            ),
        ],
    ),
    (
        "02",
        "环境卫生",
        [
            (
                "0201",
                "垃圾清运",
                "2工作时",
                "4工作时",
                3,
                "street_office",
                "territory",
                "垃圾 清运 满溢 臭味 垃圾桶",
            ),
            ("0202", "垃圾分类", "1工作日", "5工作日", 3, "community", "territory", "垃圾分类 厨余 可回收"),
            (
                "0203",
                "卫生死角与病媒",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "老鼠 蟑螂 蚊子 死角 污水",
            ),
        ],
    ),
    (
        "03",
        "公共设施",
        [
            ("0301", "路灯照明", "1工作日", "5工作日", 2, "department", "owner", "路灯 不亮 照明"),
            ("0302", "道路与井盖", "2小时", "1工作日", 2, "department", "owner", "井盖 坑洼 路面 塌陷"),
            (
                "0303",
                "健身与休闲设施",
                "1工作日",
                "10工作日",
                3,
                "community",
                "territory",
                "健身器材 座椅 凉亭 儿童游乐",
            ),
        ],
    ),
    (
        "04",
        "违章搭建",
        [
            (
                "0401",
                "违法建设",
                "1工作日",
                "15工作日",
                2,
                "department",
                "territory",
                "违建 搭建 加盖 违章 拆违",
            ),
            (
                "0402",
                "占用公共部位",
                "1工作日",
                "5工作日",
                4,
                "property",
                "territory",
                "楼道堆物 占用 堆放 杂物 飞线充电",
            ),
        ],
    ),
    (
        "05",
        "停车交通",
        [
            (
                "0501",
                "乱停车与消防通道",
                "2工作时",
                "1工作日",
                3,
                "community",
                "territory",
                "停车 乱停 消防通道 堵车",
            ),
            (
                "0502",
                "车位与充电桩",
                "1工作日",
                "10工作日",
                3,
                "community",
                "territory",
                "车位 充电桩 电动车 停车位",
            ),
        ],
    ),
    (
        "06",
        "噪音扰民",
        [
            (
                "0601",
                "装修噪音",
                "1工作日",
                "2工作日",
                4,
                "property",
                "territory",
                "装修 噪音 电钻 施工 扰民",
            ),
            (
                "0602",
                "商业与广场噪音",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "广场舞 音响 商铺 夜市 吵",
            ),
        ],
    ),
    (
        "07",
        "邻里纠纷",
        [
            (
                "0701",
                "邻里矛盾",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "邻居 纠纷 吵架 矛盾 宠物 狗",
            ),
            ("0702", "漏水渗水", "1工作日", "5工作日", 4, "property", "territory", "漏水 渗水 天花板 楼上"),
        ],
    ),
    (
        "08",
        "治安安全",
        [
            (
                "0801",
                "消防隐患",
                "2小时",
                "1工作日",
                3,
                "community",
                "territory",
                "消防 灭火器 电瓶车 着火 隐患",
            ),
            (
                "0802",
                "治安防范",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "监控 小偷 盗窃 陌生人 门禁卡",
            ),
        ],
    ),
    (
        "09",
        "养老助残",
        [
            (
                "0901",
                "居家养老",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "老人 独居 养老 助餐 上门",
            ),
            (
                "0902",
                "困难救助",
                "1工作日",
                "5工作日",
                3,
                "community",
                "territory",
                "低保 救助 困难 残疾 补贴",
            ),
            (
                "0903",
                "适老化与加装电梯",
                "1工作日",
                "15工作日",
                3,
                "community",
                "territory",
                "加装电梯 扶手 适老化 无障碍",
            ),
        ],
    ),
    (
        "10",
        "供水供电供气",
        [
            ("1001", "供水", "2小时", "24小时", 2, "utility", "owner", "停水 水压 水质 自来水"),
            ("1002", "供电", "2小时", "24小时", 2, "utility", "owner", "停电 跳闸 电压 供电"),
            ("1003", "燃气", "2小时", "1工作日", 2, "utility", "owner", "燃气 煤气 天然气 漏气"),
        ],
    ),
    (
        "11",
        "咨询与建议",
        [
            (
                "1101",
                "政策咨询",
                "1工作日",
                "3工作日",
                3,
                "community",
                "territory",
                "咨询 政策 办理 怎么 证明",
            ),
            ("1102", "意见建议", "1工作日", "10工作日", 3, "community", "territory", "建议 希望 意见 增设"),
        ],
    ),
]


def load_default_taxonomy(Category) -> int:
    """Create the categories that do not exist yet (by code); returns how many were created."""
    created = 0
    for order, (code, name, leaves) in enumerate(DEFAULT_TAXONOMY):
        parent, made = Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        created += made
        for leaf_order, (lcode, lname, sign, handle, level, unit_kind, routing, words) in enumerate(leaves):
            _, made = Category.objects.get_or_create(
                code=lcode,
                defaults={
                    "name": lname,
                    "parent": parent,
                    "sign_limit": sign,
                    "handle_limit": handle,
                    "default_level": level,
                    "default_unit_kind": unit_kind,
                    "routing": routing,
                    "keywords": words,
                    "sort_order": leaf_order,
                },
            )
            created += made
    return created
