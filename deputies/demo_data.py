"""The plan behind `manage.py seed_demo`: a realistic district (龙岗区) in Chinese.

`build_plan()` is a pure function of the sizes and the seed: it never reads the database, so a
second run plans exactly the same rows and the command only creates what is missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

SEED = 2026
PASSWORD = "demo-pass-2026"  # noqa: S105 -- the published demo password, printed and in the README

DISTRICT = ("龙岗区", "LG")
CITY = "深圳市"
# Longgang's eleven streets; more than that get plain numbered names.
STREETS = [
    ("平湖街道", "PH"),
    ("坂田街道", "BT"),
    ("布吉街道", "BJ"),
    ("南湾街道", "NW"),
    ("横岗街道", "HG"),
    ("龙城街道", "LC"),
    ("龙岗街道", "LGJ"),
    ("坪地街道", "PD"),
    ("吉华街道", "JH"),
    ("园山街道", "YS"),
    ("宝龙街道", "BL"),
]
ROADS = ["龙岗大道", "深惠路", "布龙路", "平吉大道", "坂雪岗大道", "横坪公路", "宝荷路", "爱联路", "吉华路", "丹竹头路"]
COMMUNITY_FIRST = "华新金翠丽永和富康荷松凤石玉水银鹏宝禾嘉瑞南北东西上大长清桂梧"
COMMUNITY_SECOND = "岭湾塘坑园湖田围村岗林山洲城苑庭坳背岸埔"
OPENING_HOURS = [
    "周一至周五 9:00-17:30",
    "周一至周五 9:00-12:00，14:00-18:00",
    "周一至周六 9:00-18:00",
    "周二、周四 14:30-17:30；每月第二个周二为接待日",
]
# Kinds of contact point and how often each occurs.
POINT_KINDS = [("community", 40), ("park", 20), ("industry", 15), ("youth", 10), ("other", 15)]
PARKS = ["科技园", "产业园", "智造园", "创意园", "物流园"]
INDUSTRIES = ["电子信息", "绿色低碳", "文化创意", "生物医药", "智能制造", "跨境电商", "新能源汽车"]
CAMPUSES = ["香港中文大学（深圳）", "深圳北理莫斯科大学", "深圳信息职业技术学院", "龙岗区青年创新中心"]
OTHER_POINTS = ["商会", "律师事务所", "人民医院", "农贸市场", "老年大学", "工会服务站"]
# The "六个有" checklist: a note when met, and one when not (yet).
CHECK_NOTES = {
    "site": ("党群服务中心内，约120平方米", "场地装修中"),
    "staff": ("站长、副站长、专职联络员各一名", "专职联络员待招聘"),
    "rules": ("接待、交办、反馈制度上墙", "制度待修订"),
    "activities": ("每月接待日，每季度走访", "本季度活动未开展"),
    "funding": ("纳入街道年度预算", "经费待区财政拨付"),
    "equipment": ("电脑、打印机、投影设备齐全", "缺少电子屏"),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶程魏苏吕丁"
    "任沈姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃莫孔"
)
GIVEN = {
    "m": "伟强磊军洋勇杰涛明超刚平辉鹏华建国峰斌宇浩凯志文俊波东亮飞林锋晨振海",
    "f": "芳娜秀英敏静丽艳娟霞燕玲桂兰红梅琳婷雪莉倩颖欣怡佳慧琴萍晓月",
}

LEVEL_NAMES = {"national": "全国", "provincial": "省", "city": "市", "county": "区", "township": "镇"}
# (level, share of the roll): mostly township and district, a few city and provincial.
LEVEL_SHARES = [("provincial", 0.02), ("city", 0.06), ("county", 0.35)]
TERMS = {
    "national": (date(2023, 3, 5), date(2028, 3, 4)),
    "provincial": (date(2022, 1, 20), date(2027, 1, 19)),
    "city": (date(2021, 12, 28), date(2026, 12, 27)),
    "county": (date(2021, 10, 15), date(2026, 10, 14)),
    "township": (date(2021, 10, 15), date(2026, 10, 14)),
}
PROFESSIONS = [
    ("律师事务所主任", ["律师", "法律"]),
    ("执业律师", ["律师", "法律"]),
    ("区人民医院主任医师", ["医生", "卫生健康"]),
    ("社区健康服务中心医生", ["医生", "卫生健康"]),
    ("小学校长", ["教师", "教育"]),
    ("中学教师", ["教师", "教育"]),
    ("幼儿园园长", ["教师", "教育"]),
    ("民营企业董事长", ["企业家", "产业经济"]),
    ("科技公司总经理", ["企业家", "产业经济"]),
    ("制造企业技术总监", ["企业家", "产业经济"]),
    ("个体工商户", ["企业家"]),
    ("街道城管执法队队长", ["城管"]),
    ("公交公司线路经理", ["交通"]),
    ("交警大队民警", ["交通"]),
    ("环保工程师", ["环保"]),
    ("社区工作站站长", ["社区治理", "社保"]),
    ("社保服务站工作人员", ["社保"]),
    ("建筑设计院总工程师", ["规划建设"]),
    ("物业公司经理", ["物业管理", "社区治理"]),
    ("股份合作公司董事长", ["企业家", "社区治理"]),
    ("外卖骑手", ["交通", "社保"]),
    ("一线产业工人", ["社保"]),
    ("会计师事务所合伙人", ["财务审计"]),
]
LEADER_PROFESSIONS = [
    ("街道党工委书记", ["社区治理"]),
    ("街道办事处主任", ["社区治理", "城管"]),
    ("区教育局局长", ["教师", "教育"]),
    ("区卫生健康局副局长", ["卫生健康"]),
    ("区住房和建设局局长", ["规划建设"]),
    ("区交通运输局副局长", ["交通"]),
    ("区生态环境分局局长", ["环保"]),
    ("区人力资源局局长", ["社保"]),
]
VOTER_NOTES = ["楼栋长", "退休教师", "个体户", "外来务工人员", "业委会委员", "网格员", "", ""]
# How many voter contacts a deputy keeps: mostly 3–5, a few outside (so the warning shows).
VOTER_COUNTS = [(2, 4), (3, 30), (4, 35), (5, 27), (6, 4)]
MOBILE_PREFIXES = ["135", "136", "137", "138", "139", "150", "158", "186", "188", "189"]


@dataclass
class NodePlan:
    kind: str
    code: str
    name: str
    parent_code: str | None
    fields: dict = field(default_factory=dict)
    communities: list[str] = field(default_factory=list)
    checks: dict[str, tuple[bool, str]] = field(default_factory=dict)


@dataclass
class DeputyPlan:
    name: str
    gender: str
    level: str
    street_code: str
    electoral_district: str
    profession: str
    tags: list[str]
    is_leader: bool
    phone: str
    bio: str
    term_start: date
    term_end: date
    assignments: list[tuple[str, str]] = field(default_factory=list)  # (node code, role)
    voters: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, phone, community, note


@dataclass
class AccountPlan:
    username: str
    full_name: str
    role: str  # a stations.scope.Role value, for the summary and the tests
    node_code: str | None = None
    superuser: bool = False
    deputy_index: int | None = None
    login: bool = True  # False: no usable password until the district office sets one


@dataclass
class Plan:
    district: NodePlan
    streets: list[NodePlan]
    stations: list[NodePlan]
    points: list[NodePlan]
    deputies: list[DeputyPlan]
    accounts: list[AccountPlan]

    @property
    def nodes(self) -> list[NodePlan]:
        return [self.district, *self.streets, *self.stations, *self.points]

    @property
    def unassigned(self) -> list[DeputyPlan]:
        return [d for d in self.deputies if not d.assignments]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _person(rng: random.Random, gender: str) -> str:
    given = GIVEN[gender]
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))


def _mobile(n: int, salt: int) -> str:
    # Unique per n (the multiplier is coprime with 10**8); deterministic; never a real subscriber list.
    return f"{MOBILE_PREFIXES[(n + salt) % len(MOBILE_PREFIXES)]}{(n * 7919 + salt * 104_729) % 10**8:08d}"


def _community_names(rng: random.Random, used: set[str], count: int) -> list[str]:
    names = []
    capacity = len(COMMUNITY_FIRST) * len(COMMUNITY_SECOND)
    while len(names) < count:
        name = rng.choice(COMMUNITY_FIRST) + rng.choice(COMMUNITY_SECOND)
        if name in used and len(used) < capacity // 2:
            continue  # draw again while plenty of names are left
        base, n = name, 1
        while name in used:  # only for very large districts
            n += 1
            name = f"{base}{n}"
        used.add(name)
        names.append(f"{name}社区")
    return names


def _streets(rng, count, district_code):
    plans = []
    for i in range(count):
        name, code = STREETS[i] if i < len(STREETS) else (f"第{i + 1}街道", f"S{i + 1:02d}")
        plans.append(
            NodePlan(
                "street",
                code,
                name,
                district_code,
                {
                    "home_name": f"{name}人大代表之家",
                    "address": f"{CITY}{DISTRICT[0]}{name}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                    "phone": f"0755-{rng.randint(2800, 2899)}{rng.randint(0, 9999):04d}",
                    "opening_hours": OPENING_HOURS[0],
                },
            )
        )
    return plans


def _stations(rng, streets, per_street):
    used: set[str] = set()
    plans = []
    for street in streets:
        for j in range(per_street):
            communities = _community_names(rng, used, rng.choice((1, 1, 2, 2, 3)))
            checks = {}
            for item, (yes, no) in CHECK_NOTES.items():
                met = rng.random() < 0.88
                checks[item] = (met, yes if met else no)
            vice = "、".join(_person(rng, rng.choice("mf")) for _ in range(rng.choice((1, 2))))
            plans.append(
                NodePlan(
                    "station",
                    f"{street.code}{j + 1:02d}",
                    f"{communities[0][:-2]}社区联络站",
                    street.code,
                    {
                        "address": f"{CITY}{DISTRICT[0]}{street.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
                        f"{communities[0]}党群服务中心{rng.randint(1, 4)}楼",
                        "phone": f"0755-{rng.randint(2800, 2899)}{rng.randint(0, 9999):04d}",
                        "opening_hours": rng.choice(OPENING_HOURS),
                        "vice_heads": vice,
                    },
                    communities,
                    checks,
                )
            )
    return plans


def _point_name(rng, kind, station, street_name):
    short = street_name.removesuffix("街道")
    if kind == "community":
        return f"{rng.choice(station.communities)}第{'一二三四五'[rng.randrange(5)]}网格联系点"
    if kind == "park":
        return f"{rng.choice(COMMUNITY_FIRST)}{rng.choice(COMMUNITY_SECOND)}{rng.choice(PARKS)}联系点"
    if kind == "industry":
        return f"{short}{rng.choice(INDUSTRIES)}产业联系点"
    if kind == "youth":
        return f"{rng.choice(CAMPUSES)}青年联系点"
    return f"{short}{rng.choice(OTHER_POINTS)}联系点"


def _points(rng, stations, street_names, per_station):
    plans = []
    for station in stations:
        for k in range(per_station):
            kind = _pick(rng, POINT_KINDS)
            plans.append(
                NodePlan(
                    "point",
                    f"{station.code}P{k + 1}",
                    _point_name(rng, kind, station, street_names[station.parent_code]),
                    station.code,
                    {"point_kind": kind, "opening_hours": "按预约接待"},
                )
            )
    return plans


def _levels(rng, count):
    levels = ["national"] * (2 if count >= 200 else 1)
    for level, share in LEVEL_SHARES:
        levels += [level] * round(count * share)
    levels += ["township"] * (count - len(levels))
    levels = levels[:count]
    rng.shuffle(levels)
    return levels


def _deputies(rng, count, streets, street_names):
    plans = []
    for i, level in enumerate(_levels(rng, count)):
        gender = "f" if rng.random() < 0.32 else "m"
        is_leader = rng.random() < 0.15
        profession, tags = rng.choice(LEADER_PROFESSIONS if is_leader else PROFESSIONS)
        street = streets[i % len(streets)]
        name = _person(rng, gender)
        term_start, term_end = TERMS[level]
        plans.append(
            DeputyPlan(
                name=name,
                gender=gender,
                level=level,
                street_code=street.code,
                electoral_district=f"{street_names[street.code].removesuffix('街道')}第{rng.randint(1, 12)}选区",
                profession=profession,
                tags=tags,
                is_leader=is_leader,
                phone=_mobile(i, 1),
                bio=f"{profession}，{LEVEL_NAMES[level]}人大代表。关注{'、'.join(tags)}方面的民生问题。",
                term_start=term_start,
                term_end=term_end,
            )
        )
    return plans


def _assign(rng, deputies, streets, stations, points, unassigned_count):
    """Each street's deputies go round-robin over its stations; the first at each station is its head;
    points get a host from their station's deputies; provincial and national deputies also join their
    street's deputies' home. A few deputies stay unassigned, so the coverage page has something to show."""
    left_out = set(rng.sample(range(len(deputies)), unassigned_count))
    by_station: dict[str, list[int]] = {s.code: [] for s in stations}
    for street in streets:
        street_stations = [s for s in stations if s.parent_code == street.code]
        members = [i for i, d in enumerate(deputies) if d.street_code == street.code and i not in left_out]
        for n, i in enumerate(members):
            if street_stations:
                by_station[street_stations[n % len(street_stations)].code].append(i)
            if deputies[i].level in ("provincial", "national"):
                deputies[i].assignments.append((street.code, "resident"))
    spare = [i for i in range(len(deputies)) if i not in left_out]
    for station in stations:
        if not by_station[station.code]:  # tiny districts only: borrow a deputy from elsewhere
            by_station[station.code].append(spare[rng.randrange(len(spare))])
        members = by_station[station.code]
        for n, i in enumerate(members):
            deputies[i].assignments.append((station.code, "head" if n == 0 else "resident"))
        station_points = [p for p in points if p.parent_code == station.code]
        for k, point in enumerate(station_points):
            deputies[members[(k + 1) % len(members)]].assignments.append((point.code, "host"))
    return by_station


def _voters(rng, deputies, stations):
    communities = {}
    for station in stations:
        communities.setdefault(station.parent_code, []).extend(station.communities)
    n = 0
    for deputy in deputies:
        for _ in range(_pick(rng, VOTER_COUNTS)):
            n += 1
            gender = rng.choice("mf")
            community = rng.choice(communities.get(deputy.street_code) or [""])
            deputy.voters.append((_person(rng, gender), _mobile(n, 7), community, rng.choice(VOTER_NOTES)))


def _accounts(rng, streets, stations, by_station):
    first_station = stations[0]
    other = next((s for s in stations if s.parent_code != first_station.parent_code), stations[-1])
    accounts = [
        AccountPlan("admin", "系统管理员", "admin", superuser=True),
        AccountPlan("district", _person(rng, "f"), "district_staff", DISTRICT[1]),
        AccountPlan("street", _person(rng, "m"), "street_staff", streets[0].code),
        AccountPlan("clerk", _person(rng, "f"), "clerk", first_station.code),
        AccountPlan("clerk2", _person(rng, "m"), "clerk", other.code),
        AccountPlan("deputy", "", "deputy", deputy_index=by_station[first_station.code][0]),  # its head
    ]
    # Every other street and station gets its staff account too, without a usable password until
    # the district office sets one on the user accounts page.
    for street in streets[1:]:
        accounts.append(
            AccountPlan(f"street_{street.code.lower()}", _person(rng, "m"), "street_staff", street.code, login=False)
        )
    for station in stations:
        if station.code not in (first_station.code, other.code):
            accounts.append(
                AccountPlan(f"clerk_{station.code.lower()}", _person(rng, "f"), "clerk", station.code, login=False)
            )
    return accounts


def build_plan(
    *, streets: int = 8, stations_per_street: int = 5, points_per_station: int = 3, deputies: int = 400
) -> Plan:
    if min(streets, stations_per_street, deputies) < 1 or points_per_station < 0:
        raise ValueError("Need at least one street, one station per street and one deputy.")
    rng = random.Random(SEED)
    district = NodePlan("district", DISTRICT[1], DISTRICT[0], None, {"address": f"{CITY}{DISTRICT[0]}"})
    street_plans = _streets(rng, streets, district.code)
    street_names = {s.code: s.name for s in street_plans}
    station_plans = _stations(rng, street_plans, stations_per_street)
    point_plans = _points(rng, station_plans, street_names, points_per_station)
    deputy_plans = _deputies(rng, deputies, street_plans, street_names)
    unassigned = min(8, deputies // 20)
    by_station = _assign(rng, deputy_plans, street_plans, station_plans, point_plans, unassigned)
    _voters(rng, deputy_plans, station_plans)
    accounts = _accounts(rng, street_plans, station_plans, by_station)
    accounts[5].full_name = deputy_plans[accounts[5].deputy_index].name
    return Plan(district, street_plans, station_plans, point_plans, deputy_plans, accounts)
