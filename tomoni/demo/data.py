"""The fixed facts of the JWCU replica: the tree of the seed's profile and the four cases.

Figures and names marked "seed" come from the JWCU profile (seeds/000_003902891ba9981f.txt); the
rest (names of local coops, affiliated organisations, generic centres) are illustrative and say so
in docs/replica.md. Only the year is known for most foundings, so those dates fall on 1 January.
"""

# ruff: noqa: E501 - tables of Japanese names read best one row a line

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

AS_OF = dt.date(2015, 3, 31)  # seed: "as of March 2015"
FISCAL_YEAR = 2014  # 2014年度, 2014-04-01 .. 2015-03-31: the year of work records

# Seed figures the replica reproduces exactly as of AS_OF.
MEMBER_SOCIETIES = 25
INDIVIDUAL_MEMBERS = 58_693
WORKER_MEMBERS = 12_894
CONSUMER_MEMBERS = 45_799
CWC_REGIONS = 15
CWC_CENTRES = 324
CWC_MEMBERS = 6_028  # seed: "about 6,000"

# Business lines (事業種別), in the seed's order.
BUSINESS_LINES: list[tuple[str, str, str]] = [
    ("elderly-care", "高齢者介護・福祉", "Elderly care"),
    ("children-parents", "子ども・子育て支援", "Services for children and parents"),
    ("disability-support", "障がい者支援", "Care and support for people with disabilities"),
    ("youth-support", "若者支援", "Support for the youth"),
    ("needy-support", "生活困窮者・被災者支援", "Support for the needy and disaster victims"),
    ("public-facilities", "公共施設の運営", "Operation of public facilities"),
    ("building-maintenance", "建物管理・清掃", "Building maintenance and cleaning"),
    ("clean-energy", "BDF・クリーンエネルギー", "BDF and clean energy"),
    ("forestry-agriculture", "林業・農業", "Forestry and agriculture"),
]

FEDERATION: dict[str, Any] = {
    "code": "jwcu",
    "name": "日本労働者協同組合連合会",
    "name_en": "Japan Workers' Co-operative Union (JWCU)",
    "founded_on": dt.date(1979, 1, 1),  # seed: established 1979
}

# Municipalities per prefecture (JIS code), where centres and members live.
MUNICIPALITIES: dict[str, list[str]] = {
    "01": ["札幌市", "旭川市", "函館市", "釧路市", "苫小牧市", "帯広市", "小樽市", "江別市"],
    "02": ["青森市", "八戸市", "弘前市"],
    "03": ["盛岡市", "一関市", "奥州市", "宮古市"],
    "04": ["仙台市", "石巻市", "気仙沼市", "大崎市", "名取市"],
    "05": ["秋田市", "横手市", "大館市"],
    "06": ["山形市", "鶴岡市", "酒田市", "米沢市"],
    "07": ["福島市", "郡山市", "いわき市", "会津若松市", "南相馬市"],
    "08": ["水戸市", "つくば市", "日立市", "土浦市", "取手市"],
    "09": ["宇都宮市", "小山市", "栃木市", "足利市"],
    "10": ["前橋市", "高崎市", "太田市", "伊勢崎市"],
    "11": ["さいたま市", "川口市", "川越市", "所沢市", "越谷市", "草加市", "春日部市", "深谷市", "熊谷市"],
    "12": ["千葉市", "船橋市", "松戸市", "市川市", "柏市", "市原市", "八千代市", "佐倉市", "流山市"],
    "13": ["豊島区", "練馬区", "板橋区", "足立区", "葛飾区", "江戸川区", "世田谷区", "杉並区", "中野区",
           "北区", "墨田区", "大田区", "八王子市", "町田市", "府中市", "調布市", "三鷹市", "西東京市"],
    "14": ["横浜市", "川崎市", "相模原市", "横須賀市", "藤沢市", "平塚市", "厚木市", "大和市"],
    "15": ["新潟市", "長岡市", "上越市"],
    "16": ["富山市", "高岡市"],
    "17": ["金沢市", "白山市", "小松市"],
    "18": ["福井市", "敦賀市"],
    "19": ["甲府市", "富士吉田市"],
    "20": ["長野市", "松本市", "上田市", "飯田市"],
    "21": ["岐阜市", "大垣市", "各務原市"],
    "22": ["静岡市", "浜松市", "沼津市", "富士市"],
    "23": ["名古屋市", "豊田市", "岡崎市", "一宮市", "春日井市", "豊橋市"],
    "24": ["津市", "四日市市", "鈴鹿市"],
    "25": ["大津市", "草津市", "彦根市"],
    "26": ["京都市", "宇治市", "舞鶴市", "福知山市"],
    "27": ["大阪市", "堺市", "東大阪市", "豊中市", "吹田市", "枚方市", "高槻市", "八尾市"],
    "28": ["神戸市", "尼崎市", "西宮市", "姫路市", "明石市", "豊岡市", "加古川市"],
    "29": ["奈良市", "橿原市", "生駒市", "大和郡山市"],
    "30": ["和歌山市", "田辺市"],
    "31": ["鳥取市", "米子市"],
    "32": ["松江市", "出雲市"],
    "33": ["岡山市", "倉敷市", "津山市"],
    "34": ["広島市", "福山市", "呉市", "東広島市"],
    "35": ["山口市", "下関市", "宇部市", "周南市"],
    "36": ["徳島市", "阿南市"],
    "37": ["高松市", "丸亀市"],
    "38": ["松山市", "今治市", "新居浜市"],
    "39": ["高知市", "南国市"],
    "40": ["福岡市", "北九州市", "久留米市", "飯塚市", "大牟田市"],
    "41": ["佐賀市", "唐津市"],
    "42": ["長崎市", "佐世保市", "諫早市"],
    "43": ["熊本市", "八代市", "天草市"],
    "44": ["大分市", "別府市"],
    "45": ["宮崎市", "都城市"],
    "46": ["鹿児島市", "霧島市", "鹿屋市"],
    "47": ["那覇市", "沖縄市", "浦添市", "名護市"],
}  # fmt: skip

PREFECTURE_NAMES: dict[str, str] = {
    "01": "北海道", "02": "青森県", "03": "岩手県", "04": "宮城県", "05": "秋田県", "06": "山形県",
    "07": "福島県", "08": "茨城県", "09": "栃木県", "10": "群馬県", "11": "埼玉県", "12": "千葉県",
    "13": "東京都", "14": "神奈川県", "15": "新潟県", "16": "富山県", "17": "石川県", "18": "福井県",
    "19": "山梨県", "20": "長野県", "21": "岐阜県", "22": "静岡県", "23": "愛知県", "24": "三重県",
    "25": "滋賀県", "26": "京都府", "27": "大阪府", "28": "兵庫県", "29": "奈良県", "30": "和歌山県",
    "31": "鳥取県", "32": "島根県", "33": "岡山県", "34": "広島県", "35": "山口県", "36": "徳島県",
    "37": "香川県", "38": "愛媛県", "39": "高知県", "40": "福岡県", "41": "佐賀県", "42": "長崎県",
    "43": "熊本県", "44": "大分県", "45": "宮崎県", "46": "鹿児島県", "47": "沖縄県",
}  # fmt: skip


@dataclass(frozen=True)
class RegionSpec:
    """A CWC regional head office (事業本部): the prefectures it covers and its open centres on AS_OF."""

    code: str
    name: str
    prefectures: tuple[str, ...]
    centres: int  # open on AS_OF, case centres included
    opened_on: dt.date


# seed: CWC has 15 head offices and 324 business centres (as of March 2015).
CWC_REGION_SPECS: list[RegionSpec] = [
    RegionSpec("hokkaido", "北海道事業本部", ("01",), 18, dt.date(1991, 4, 1)),
    RegionSpec("tohoku", "東北事業本部", ("02", "03", "04", "05", "06", "07"), 22, dt.date(1995, 4, 1)),
    RegionSpec("kita-kanto", "北関東事業本部", ("08", "09", "10"), 16, dt.date(1996, 4, 1)),
    RegionSpec("saitama", "埼玉事業本部", ("11",), 28, dt.date(1989, 4, 1)),
    RegionSpec("chiba", "千葉事業本部", ("12",), 26, dt.date(1988, 4, 1)),
    RegionSpec("tokyo", "東京事業本部", ("13",), 60, dt.date(1987, 4, 1)),
    RegionSpec("kanagawa", "神奈川事業本部", ("14",), 30, dt.date(1989, 4, 1)),
    RegionSpec("koshinetsu", "甲信越事業本部", ("15", "19", "20"), 10, dt.date(1998, 4, 1)),
    RegionSpec("hokuriku", "北陸事業本部", ("16", "17", "18"), 6, dt.date(2003, 4, 1)),
    RegionSpec("tokai", "東海事業本部", ("21", "22", "23", "24"), 20, dt.date(1993, 4, 1)),
    RegionSpec("kansai", "関西事業本部", ("25", "26", "27", "28", "29", "30"), 40, dt.date(1990, 4, 1)),
    RegionSpec("chugoku", "中国事業本部", ("31", "32", "33", "34", "35"), 14, dt.date(1997, 4, 1)),
    RegionSpec("shikoku", "四国事業本部", ("36", "37", "38", "39"), 8, dt.date(2001, 4, 1)),
    RegionSpec("kyushu", "九州事業本部", ("40", "41", "42", "43", "44", "45", "46"), 20, dt.date(1994, 4, 1)),
    RegionSpec("okinawa", "沖縄事業本部", ("47",), 6, dt.date(2005, 4, 1)),
]

# Generic CWC centres by main business line (the 324 less the case centres and Toyooka's station).
# seed: 25 Youth Support Stations and 80 sites of the System of Independence Support for the Needy across
# JWCU in March 2015: CWC's 14 stations (with Toyooka's) and 23 needy-support centres are, with the local
# coops' own, exactly those (the 5 CWC needy-support centres opened from April 2015 come on top).
CWC_GENERIC_LINES: list[tuple[str, int]] = [
    ("elderly-care", 104),
    ("children-parents", 98),
    ("disability-support", 22),
    ("youth-support", 13),
    ("needy-support", 23),
    ("public-facilities", 32),
    ("building-maintenance", 22),
    ("forestry-agriculture", 2),
]

# Centre names by business line; {m} is the municipality without its suffix.
CENTRE_NAMES: dict[str, list[str]] = {
    "elderly-care": ["{m}デイサービスセンター", "ケアセンター{m}", "{m}ヘルパーステーション", "{m}地域福祉事業所"],
    "children-parents": ["{m}学童クラブ", "{m}児童館", "{m}子育てひろば", "{m}保育園"],
    "disability-support": ["{m}障がい者就労支援センター", "{m}放課後等デイサービス"],
    "youth-support": ["{m}地域若者サポートステーション"],
    "needy-support": ["{m}自立相談支援センター", "{m}就労準備支援事業所"],
    "public-facilities": ["{m}地区センター", "{m}コミュニティセンター", "{m}老人福祉センター", "{m}公園管理事務所"],
    "building-maintenance": ["{m}清掃事業所", "{m}ビルメンテナンス事業所", "{m}病院清掃事業所"],
    "clean-energy": ["BDF事業所{m}"],
    "forestry-agriculture": ["{m}森林事業所", "{m}農園"],
}

# A second business line some centres run beside their main one.
SECOND_LINES: dict[str, list[str]] = {
    "elderly-care": ["disability-support", "public-facilities"],
    "children-parents": ["public-facilities"],
    "disability-support": ["elderly-care"],
    "needy-support": ["youth-support"],
    "public-facilities": ["building-maintenance", "elderly-care"],
    "building-maintenance": ["public-facilities"],
}

# Members a centre of each main line typically has (a mean; the loader spreads around it).
CENTRE_SIZE: dict[str, int] = {
    "elderly-care": 24,
    "children-parents": 14,
    "disability-support": 16,
    "youth-support": 10,
    "needy-support": 12,
    "public-facilities": 22,
    "building-maintenance": 30,
    "clean-energy": 5,
    "forestry-agriculture": 8,
}

# Work patterns of each line: the weekdays a centre works (0 = Monday).
LINE_WEEKDAYS: dict[str, tuple[int, ...]] = {
    "elderly-care": (0, 1, 2, 3, 4, 5),
    "children-parents": (0, 1, 2, 3, 4, 5),
    "disability-support": (0, 1, 2, 3, 4),
    "youth-support": (0, 1, 2, 3, 4),
    "needy-support": (0, 1, 2, 3, 4),
    "public-facilities": (0, 1, 2, 3, 4, 5, 6),
    "building-maintenance": (0, 1, 2, 3, 4, 5),
    "clean-energy": (0, 1, 2, 3, 4),
    "forestry-agriculture": (0, 1, 2, 3, 4, 5),
}


@dataclass(frozen=True)
class LocalCoopSpec:
    """A local worker coop, a member society of JWCU."""

    code: str
    name: str
    name_en: str
    prefecture: str
    founded: int
    members: int  # worker members on AS_OF
    centres: int
    lines: tuple[str, ...]
    legal_form: str = "worker_coop_act"
    number_prefix: str = ""


# seed: "Local Worker Cooperatives (16)". Their names (but Next Green Tajima's) are illustrative.
# Their members add up to the seed's 12,894 worker members less CWC's.
LOCAL_COOPS: list[LocalCoopSpec] = [
    LocalCoopSpec("wc-hokkaido", "ワーカーズコープ北海道", "Workers' Co-op Hokkaido", "01", 1990, 650, 30,
                  ("elderly-care", "children-parents", "public-facilities", "building-maintenance"), number_prefix="HK"),
    LocalCoopSpec("wc-miyagi", "みやぎ労働者協同組合", "Miyagi Workers' Co-op", "04", 1995, 420, 20,
                  ("needy-support", "elderly-care", "building-maintenance"), number_prefix="MY"),
    LocalCoopSpec("wc-fukushima", "ふくしま労働者協同組合", "Fukushima Workers' Co-op", "07", 2000, 260, 12,
                  ("needy-support", "children-parents", "youth-support"), number_prefix="FS"),
    LocalCoopSpec("wc-tochigi", "ワーカーズコープとちぎ", "Workers' Co-op Tochigi", "09", 1996, 310, 14,
                  ("elderly-care", "children-parents"), legal_form="enterprise_union", number_prefix="TG"),
    LocalCoopSpec("wc-saitama", "埼玉中央労働者協同組合", "Saitama Central Workers' Co-op", "11", 1992, 520, 24,
                  ("children-parents", "public-facilities", "building-maintenance"), number_prefix="ST"),
    LocalCoopSpec("wc-funabashi", "船橋労働者協同組合", "Funabashi Workers' Co-op", "12", 1983, 480, 20,
                  ("building-maintenance", "public-facilities", "elderly-care"), legal_form="enterprise_union",
                  number_prefix="FB"),
    LocalCoopSpec("wc-tokyo-chubu", "東京中部地域労働者協同組合", "Tokyo Central Area Workers' Co-op", "13", 1982, 690,
                  30, ("building-maintenance", "public-facilities", "children-parents"), number_prefix="TC"),
    LocalCoopSpec("wc-tokyo-tobu", "東京東部労働者協同組合", "Tokyo East Workers' Co-op", "13", 1988, 560, 26,
                  ("elderly-care", "children-parents", "needy-support"), number_prefix="TT"),
    LocalCoopSpec("wc-kanagawa", "ワーカーズコープ神奈川", "Workers' Co-op Kanagawa", "14", 1991, 600, 28,
                  ("children-parents", "elderly-care", "disability-support"), number_prefix="KN"),
    LocalCoopSpec("wc-nagano", "ながの労働者協同組合", "Nagano Workers' Co-op", "20", 1998, 380, 16,
                  ("elderly-care", "forestry-agriculture", "needy-support"), legal_form="npo", number_prefix="NG"),
    LocalCoopSpec("wc-aichi", "愛知労働者協同組合", "Aichi Workers' Co-op", "23", 1994, 450, 20,
                  ("public-facilities", "children-parents", "needy-support"), number_prefix="AC"),
    LocalCoopSpec("wc-kyoto", "京都労働者協同組合", "Kyoto Workers' Co-op", "26", 1993, 330, 14,
                  ("elderly-care", "youth-support", "needy-support"), legal_form="enterprise_union",
                  number_prefix="KY"),
    LocalCoopSpec("wc-osaka", "ワーカーズコープ大阪", "Workers' Co-op Osaka", "27", 1989, 540, 24,
                  ("building-maintenance", "needy-support", "youth-support"), number_prefix="OS"),
    LocalCoopSpec("wc-hiroshima", "ひろしま労働者協同組合", "Hiroshima Workers' Co-op", "34", 1999, 250, 10,
                  ("children-parents", "elderly-care"), legal_form="npo", number_prefix="HR"),
    LocalCoopSpec("wc-fukuoka", "ふくおか労働者協同組合", "Fukuoka Workers' Co-op", "40", 1997, 421, 18,
                  ("elderly-care", "needy-support", "building-maintenance"), legal_form="enterprise_union",
                  number_prefix="FO"),
]  # fmt: skip

# seed case 4: Next Green Tajima, Toyooka (Hyogo), founded 2013 by graduates of a forestry training programme.
NGT = LocalCoopSpec(
    "next-green-tajima",
    "ネクストグリーン但馬",
    "Next Green Tajima",
    "28",
    2013,
    5,
    1,
    ("forestry-agriculture", "clean-energy"),
    number_prefix="NGT",
)


@dataclass(frozen=True)
class CoopSpec:
    code: str
    name: str
    name_en: str
    prefecture: str
    founded: int


JOCCU = CoopSpec(
    "joccu",
    "日本高齢者生活協同組合連合会",
    "Japan Older Persons' Consumer Co-operative Union (JOCCU)",
    "13",
    2001,  # seed: established 2001 on the initiative of JWCU
)
# seed: JOCCU has 22 member organisations throughout the country; its members live in these prefectures.
JOCCU_PREFECTURES = [
    "01", "02", "04", "07", "08", "10", "11", "12", "13", "14", "15", "20", "22", "23", "26", "27", "28",
    "33", "34", "38", "40", "43",
]  # fmt: skip


@dataclass(frozen=True)
class OrganisationSpec:
    code: str
    name: str
    name_en: str
    kind: str
    legal_form: str
    prefecture: str
    founded: int
    joined: int


# seed: "Other Affiliated Organizations (5) and Associated Members (3): small and medium-sized
# enterprises, agricultural corporations, NPOs, social welfare corporations, etc." Names illustrative.
ORGANISATIONS: list[OrganisationSpec] = [
    OrganisationSpec("af-workers-life", "株式会社ワーカーズライフ", "Workers' Life Co., Ltd.", "affiliated", "company",
                     "13", 2004, 2005),
    OrganisationSpec("af-midori-no-sato", "農事組合法人みどりの里", "Midori-no-Sato Farming Association", "affiliated",
                     "agricultural", "20", 2007, 2008),
    OrganisationSpec("af-hitomachi", "特定非営利活動法人ひとまち支援ネット", "Hitomachi Support Network (NPO)",
                     "affiliated", "npo", "27", 2002, 2003),
    OrganisationSpec("af-wakaba", "社会福祉法人わかば会", "Wakaba-kai Social Welfare Corporation", "affiliated",
                     "social_welfare", "11", 2005, 2006),
    OrganisationSpec("af-kyodo-suishin", "一般社団法人協同労働推進協会", "Association for Associated Work",
                     "affiliated", "general_association", "13", 2011, 2012),
    OrganisationSpec("as-machi-komuten", "有限会社まちの工務店", "Machi no Komuten Ltd.", "associated", "company",
                     "14", 1996, 2009),
    OrganisationSpec("as-yamanami-farm", "株式会社やまなみファーム", "Yamanami Farm Inc. (agricultural corporation)",
                     "associated", "agricultural", "06", 2009, 2010),
    OrganisationSpec("as-kodomo-mirai", "特定非営利活動法人こども未来ネット", "Children's Future Network (NPO)",
                     "associated", "npo", "40", 2006, 2007),
]  # fmt: skip

# seed: Other Related Institutions/Organizations.
RELATED_INSTITUTIONS: list[tuple[str, str, int | None, str]] = [
    ("協同総合研究所", "Japan Institute of Co-operative Research", 1991,
     "Research institute on worker co-operative movements in Japan and the world, established by JWCU."),
    ("日本社会連帯機構", "Japan Social Solidarity Organization (JSSO)", 2004,
     "Brings all non-profit sectors in Japan together into social solidarity movements."),
    ("ジャパン・フロンティア・ネットワーク", "Japan Frontier Network", None, ""),
]  # fmt: skip

# seed: Partnerships, by scope. The seed gives no dates, so `since` stays empty.
PARTNERSHIPS: list[tuple[str, str, str]] = [
    ("国際協同組合同盟", "International Co-operative Alliance (ICA)", "global"),
    ("グローバル社会的経済フォーラム", "Global Social Economy Forum (GSEF)", "global"),
    ("ICAアジア太平洋地域", "ICA-Asia and Pacific", "regional_sectoral"),
    ("CICOPA", "International Organisation of Industrial, Artisanal and Service Producers' Co-operatives (CICOPA)",
     "regional_sectoral"),
    ("日本協同組合連絡協議会", "Japan Joint Committee of Co-operatives (JJC)", "national"),
    ("協同組合ジャパン", "Cooperatives JAPAN", "national"),
    ("労働者福祉中央協議会", "Central Council of Workers Welfare Associations of Japan", "national"),
]  # fmt: skip


# The four cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CasePerson:
    """A person of a case centre, with what the seed says about them."""

    key: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: dt.date
    joined_on: dt.date | None  # None: not a member (a volunteer, an auditor)
    minutes_per_week: int = 0  # 0: no labour contract
    days_per_week: int = 5
    line: str = ""  # business line of their work
    special_care: tuple[str, str] | None = None  # (category, note)
    member_number: str = ""


@dataclass(frozen=True)
class CaseCentre:
    """A centre of the seed's four cases."""

    key: str
    coop: str  # "cwc" or a local coop code
    region: str
    code: str
    name: str
    prefecture: str
    municipality: str
    opened_on: dt.date
    lines: tuple[str, ...]
    people: list[CasePerson] = field(default_factory=list)
    volunteers: int = 0


def _p(
    key: str,
    name: str,
    kana: str,
    born: tuple[int, int, int],
    joined: tuple[int, int, int] | None,
    minutes: int = 0,
    days: int = 5,
    line: str = "",
    care: tuple[str, str] | None = None,
    number: str = "",
) -> CasePerson:
    family, given = name.split()
    family_kana, given_kana = kana.split()
    return CasePerson(
        key=key,
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        birth_date=dt.date(*born),
        joined_on=dt.date(*joined) if joined else None,
        minutes_per_week=minutes,
        days_per_week=days,
        line=line,
        special_care=care,
        member_number=number,
    )


EC, DS, BM, CE, FA = (
    "elderly-care",
    "disability-support",
    "building-maintenance",
    "clean-energy",
    "forestry-agriculture",
)
MENTAL, SOCIAL, ADDICTION, HOMELESS = "mental_disability", "social_participation", "addiction", "former_homelessness"
TRAINED = "障がい者職業訓練を修了し、介護職員初任者研修の修了証を取得。"

# Case 1: 地域福祉事業所あじさい, Matsudo (Chiba). 19 worker members; 6 with mental disabilities or
# difficulties in social participation; 8 aged 60 and over; about 20 volunteers; manager Fumie Kobayashi.
AJISAI = CaseCentre(
    key="ajisai",
    coop="cwc",
    region="chiba",
    code="ajisai",
    name="地域福祉事業所あじさい",
    prefecture="12",
    municipality="松戸市",
    opened_on=dt.date(2004, 4, 1),
    lines=(EC, DS),
    volunteers=20,
    people=[
        _p("ajisai-manager", "小林 文恵", "コバヤシ フミエ", (1958, 7, 14), (2004, 4, 1), 2400, 5, EC, number="C0000001"),
        _p("ajisai-support", "佐々木 綾", "ササキ アヤ", (1979, 2, 3), (2006, 4, 1), 2400, 5, DS, number="C0000002"),
        _p("ajisai-m03", "高橋 和子", "タカハシ カズコ", (1947, 11, 20), (2005, 6, 1), 1440, 4, EC, number="C0000003"),
        _p("ajisai-m04", "渡辺 正男", "ワタナベ マサオ", (1944, 3, 8), (2006, 10, 1), 1200, 3, EC, number="C0000004"),
        _p("ajisai-m05", "伊藤 幸子", "イトウ サチコ", (1950, 5, 27), (2004, 4, 1), 1800, 5, EC, number="C0000005"),
        _p("ajisai-m06", "山本 節子", "ヤマモト セツコ", (1952, 9, 2), (2008, 4, 1), 1440, 4, EC, number="C0000006"),
        _p("ajisai-m07", "中村 勝", "ナカムラ マサル", (1948, 1, 15), (2009, 7, 1), 1200, 3, EC, number="C0000007"),
        _p("ajisai-m08", "加藤 美代子", "カトウ ミヨコ", (1953, 12, 30), (2007, 4, 1), 1800, 5, EC, number="C0000008"),
        _p("ajisai-m09", "吉田 悦子", "ヨシダ エツコ", (1954, 8, 9), (2010, 4, 1), 1440, 4, EC, number="C0000009"),
        _p("ajisai-m10", "山田 清", "ヤマダ キヨシ", (1946, 4, 4), (2011, 1, 1), 1200, 3, EC, number="C0000010"),
        _p("ajisai-m11", "松本 拓也", "マツモト タクヤ", (1988, 6, 12), (2010, 8, 1), 1440, 4, EC,
           (MENTAL, TRAINED), "C0000011"),
        _p("ajisai-m12", "井上 彩", "イノウエ アヤ", (1985, 10, 5), (2011, 8, 1), 1440, 4, EC,
           (MENTAL, TRAINED), "C0000012"),
        _p("ajisai-m13", "木村 翔太", "キムラ ショウタ", (1990, 3, 22), (2012, 8, 1), 1200, 3, EC,
           (SOCIAL, "ひきこもりの経験。" + TRAINED), "C0000013"),
        _p("ajisai-m14", "林 由美", "ハヤシ ユミ", (1982, 7, 30), (2012, 12, 1), 1440, 4, EC,
           (MENTAL, TRAINED), "C0000014"),
        _p("ajisai-m15", "斎藤 健", "サイトウ ケン", (1992, 1, 9), (2013, 8, 1), 1200, 3, EC,
           (SOCIAL, "若者無業者（NEET）の状態から就労。" + TRAINED), "C0000015"),
        _p("ajisai-m16", "清水 直樹", "シミズ ナオキ", (1980, 11, 11), (2014, 8, 1), 1200, 3, EC,
           (MENTAL, TRAINED), "C0000016"),
        _p("ajisai-m17", "山口 恵", "ヤマグチ メグミ", (1975, 4, 18), (2008, 10, 1), 2400, 5, EC, number="C0000017"),
        _p("ajisai-m18", "森 裕子", "モリ ユウコ", (1969, 2, 25), (2009, 4, 1), 1920, 4, EC, number="C0000018"),
        _p("ajisai-m19", "池田 智美", "イケダ トモミ", (1972, 6, 6), (2013, 4, 1), 1800, 5, DS, number="C0000019"),
    ],
)  # fmt: skip

# Case 2a: West Nara Business Centre, Nara City, opened 1994: hospital cleaning run by 13 members,
# 8 with mental disabilities (3 of them for ten years and more) and 5 elderly; nursing support beside it.
_TEN_YEARS = "近隣の特別支援学校の実習から受け入れ、十年以上勤続。"
_SCHOOL = "特別支援学校の実習を経て組合員に。"
WEST_NARA = CaseCentre(
    key="west-nara",
    coop="cwc",
    region="kansai",
    code="west-nara",
    name="西奈良事業所",
    prefecture="29",
    municipality="奈良市",
    opened_on=dt.date(1994, 4, 1),
    lines=(BM, EC),
    people=[
        _p("nara-h01", "前田 浩二", "マエダ コウジ", (1984, 5, 3), (2004, 4, 1), 1920, 4, BM, (MENTAL, _TEN_YEARS),
           "C0000021"),
        _p("nara-h02", "岡田 真一", "オカダ シンイチ", (1985, 9, 21), (2004, 9, 1), 1920, 4, BM, (MENTAL, _TEN_YEARS),
           "C0000022"),
        _p("nara-h03", "長谷川 純", "ハセガワ ジュン", (1986, 1, 12), (2005, 2, 1), 1440, 4, BM, (MENTAL, _TEN_YEARS),
           "C0000023"),
        _p("nara-h04", "石川 大樹", "イシカワ ダイキ", (1988, 8, 8), (2006, 4, 1), 1440, 4, BM, (MENTAL, _SCHOOL),
           "C0000024"),
        _p("nara-h05", "藤田 沙織", "フジタ サオリ", (1989, 12, 1), (2008, 4, 1), 1440, 4, BM, (MENTAL, _SCHOOL),
           "C0000025"),
        _p("nara-h06", "小川 亮", "オガワ リョウ", (1990, 6, 17), (2009, 4, 1), 1200, 3, BM, (MENTAL, _SCHOOL),
           "C0000026"),
        _p("nara-h07", "後藤 美咲", "ゴトウ ミサキ", (1991, 3, 29), (2011, 4, 1), 1200, 3, BM, (MENTAL, _SCHOOL),
           "C0000027"),
        _p("nara-h08", "岡本 隆", "オカモト タカシ", (1993, 10, 10), (2013, 4, 1), 1200, 3, BM, (MENTAL, _SCHOOL),
           "C0000028"),
        _p("nara-h09", "村上 トシ子", "ムラカミ トシコ", (1946, 2, 14), (1996, 4, 1), 1440, 4, BM, number="C0000029"),
        _p("nara-h10", "近藤 茂", "コンドウ シゲル", (1949, 7, 7), (2001, 10, 1), 1800, 5, BM, number="C0000030"),
        _p("nara-h11", "坂本 久美子", "サカモト クミコ", (1951, 11, 3), (2003, 4, 1), 1440, 4, BM, number="C0000031"),
        _p("nara-h12", "遠藤 義男", "エンドウ ヨシオ", (1945, 5, 5), (1999, 4, 1), 1200, 3, BM, number="C0000032"),
        _p("nara-h13", "青木 登美子", "アオキ トミコ", (1953, 1, 26), (2007, 7, 1), 1440, 4, BM, number="C0000033"),
        _p("nara-n01", "藤井 洋子", "フジイ ヨウコ", (1966, 4, 12), (1998, 4, 1), 2400, 5, EC, number="C0000034"),
        _p("nara-n02", "西村 明美", "ニシムラ アケミ", (1970, 8, 19), (2002, 4, 1), 2400, 5, EC, number="C0000035"),
        _p("nara-n03", "福田 直美", "フクダ ナオミ", (1974, 2, 2), (2006, 10, 1), 1920, 4, EC, number="C0000036"),
        _p("nara-n04", "太田 亜紀", "オオタ アキ", (1978, 9, 9), (2010, 4, 1), 1800, 5, EC, number="C0000037"),
        _p("nara-n05", "三浦 誠", "ミウラ マコト", (1963, 12, 24), (1994, 4, 1), 2400, 5, EC, number="C0000038"),
        _p("nara-n06", "藤原 恵子", "フジワラ ケイコ", (1981, 3, 3), (2012, 4, 1), 1440, 4, EC, number="C0000039"),
    ],
)  # fmt: skip
WEST_NARA_HOSPITAL_CLEANING = [p.key for p in WEST_NARA.people if p.key.startswith("nara-h")]

# Case 2b: West RINGS, Toshima (Tokyo): street cleaning around Ikebukuro outsourced by Toshima City;
# 9 workers of whom 7 face difficulties; the manager himself is still struggling with alcoholism.
WEST_RINGS = CaseCentre(
    key="west-rings",
    coop="cwc",
    region="tokyo",
    code="west-rings",
    name="ウエストRINGS",
    prefecture="13",
    municipality="豊島区",
    opened_on=dt.date(2009, 10, 1),
    lines=(BM,),
    people=[
        _p("rings-manager", "岡崎 光男", "オカザキ ミツオ", (1962, 10, 2), (2009, 10, 1), 2400, 5, BM,
           (ADDICTION, "アルコール依存症から回復の途上。生活保護の受給を経て組合員として就労。"), "C0000041"),
        _p("rings-w02", "中島 正", "ナカジマ タダシ", (1955, 4, 20), (2009, 10, 1), 1800, 5, BM,
           (HOMELESS, "路上生活の経験。"), "C0000042"),
        _p("rings-w03", "原田 実", "ハラダ ミノル", (1958, 8, 31), (2010, 4, 1), 1800, 5, BM,
           (HOMELESS, "路上生活の経験。"), "C0000043"),
        _p("rings-w04", "小野 健一", "オノ ケンイチ", (1960, 1, 18), (2011, 6, 1), 1440, 4, BM,
           (ADDICTION, "アルコール依存症。"), "C0000044"),
        _p("rings-w05", "竹内 勇", "タケウチ イサム", (1952, 6, 9), (2012, 4, 1), 1440, 4, BM,
           (HOMELESS, "路上生活の経験。"), "C0000045"),
        _p("rings-w06", "田村 聡", "タムラ サトシ", (1971, 12, 12), (2013, 1, 1), 1200, 3, BM,
           (ADDICTION, "ギャンブル依存症。"), "C0000046"),
        _p("rings-w07", "金子 大介", "カネコ ダイスケ", (1987, 5, 25), (2014, 4, 1), 1200, 3, BM,
           (SOCIAL, "長期のひきこもりの経験。"), "C0000047"),
        _p("rings-w08", "和田 修", "ワダ オサム", (1964, 3, 14), (2010, 4, 1), 2400, 5, BM, number="C0000048"),
        _p("rings-w09", "中野 博", "ナカノ ヒロシ", (1968, 9, 1), (2012, 10, 1), 1920, 4, BM, number="C0000049"),
    ],
)  # fmt: skip

# Case 3: Aguriin, four BDF plants of CWC, the oldest opened in 2011 and the newest in 2015; young
# people with mental disabilities or difficulties in social contact work beside senior members.
_YOUTH_SCHOOL = "若者自立塾とグループホームを経て就職。ひきこもりの経験。"


AGURIIN = [
    CaseCentre(
        key="aguriin-fukaya", coop="cwc", region="saitama", code="aguriin-fukaya", name="BDF事業所アグリーン深谷",
        prefecture="11", municipality="深谷市", opened_on=dt.date(2011, 6, 1), lines=(CE,),
        people=[
            _p("aguriin-ishii", "石井 大輔", "イシイ ダイスケ", (1988, 9, 14), (2011, 6, 1), 1920, 4, CE,
               (SOCIAL, _YOUTH_SCHOOL + "廃食油の回収を担当。"), "C0000051"),
            _p("aguriin-f02", "上田 翼", "ウエダ ツバサ", (1990, 2, 10), (2012, 4, 1), 1440, 4, CE,
               (MENTAL, "若者自立塾の修了生。"), "C0000052"),
            _p("aguriin-f03", "松田 昭", "マツダ アキラ", (1948, 10, 30), (2011, 6, 1), 1440, 4, CE, number="C0000053"),
            _p("aguriin-f04", "菅原 功", "スガワラ イサオ", (1951, 3, 7), (2011, 6, 1), 1800, 5, CE, number="C0000054"),
        ],
    ),
    CaseCentre(
        key="aguriin-sakura", coop="cwc", region="chiba", code="aguriin-sakura", name="BDF事業所アグリーン佐倉",
        prefecture="12", municipality="佐倉市", opened_on=dt.date(2012, 10, 1), lines=(CE,),
        people=[
            _p("aguriin-s01", "荒木 悠", "アラキ ユウ", (1991, 7, 1), (2012, 10, 1), 1440, 4, CE, (SOCIAL, _YOUTH_SCHOOL),
               "C0000055"),
            _p("aguriin-s02", "新井 大地", "アライ ダイチ", (1993, 4, 23), (2013, 4, 1), 1200, 3, CE,
               (MENTAL, "就労移行支援を経て就職。"), "C0000056"),
            _p("aguriin-s03", "野口 武", "ノグチ タケシ", (1947, 12, 5), (2012, 10, 1), 1440, 4, CE, number="C0000057"),
            _p("aguriin-s04", "高木 弘", "タカギ ヒロシ", (1953, 8, 16), (2012, 10, 1), 1800, 5, CE, number="C0000058"),
        ],
    ),
    CaseCentre(
        key="aguriin-tomakomai", coop="cwc", region="hokkaido", code="aguriin-tomakomai",
        name="BDF事業所アグリーン苫小牧", prefecture="01", municipality="苫小牧市", opened_on=dt.date(2013, 7, 1),
        lines=(CE,),
        people=[
            _p("aguriin-t01", "大野 陸", "オオノ リク", (1992, 11, 2), (2013, 7, 1), 1440, 4, CE, (SOCIAL, _YOUTH_SCHOOL),
               "C0000059"),
            _p("aguriin-t02", "桜井 蓮", "サクライ レン", (1989, 5, 19), (2013, 7, 1), 1200, 3, CE,
               (MENTAL, "若者自立塾の修了生。"), "C0000060"),
            _p("aguriin-t03", "千葉 俊夫", "チバ トシオ", (1946, 9, 28), (2013, 7, 1), 1440, 4, CE, number="C0000061"),
            _p("aguriin-t04", "工藤 進", "クドウ ススム", (1950, 2, 11), (2013, 7, 1), 1800, 5, CE, number="C0000062"),
        ],
    ),
    CaseCentre(
        key="aguriin-hachioji", coop="cwc", region="tokyo", code="aguriin-hachioji",
        name="BDF事業所アグリーン八王子", prefecture="13", municipality="八王子市", opened_on=dt.date(2015, 1, 15),
        lines=(CE,),
        people=[
            _p("aguriin-h01", "宮本 颯", "ミヤモト ハヤテ", (1994, 6, 30), (2015, 1, 15), 1440, 4, CE,
               (SOCIAL, _YOUTH_SCHOOL), "C0000063"),
            _p("aguriin-h02", "内田 海斗", "ウチダ カイト", (1990, 8, 27), (2015, 1, 15), 1200, 3, CE,
               (MENTAL, "就労移行支援を経て就職。"), "C0000064"),
            _p("aguriin-h03", "杉山 正人", "スギヤマ マサト", (1949, 4, 2), (2015, 1, 15), 1440, 4, CE, number="C0000065"),
            _p("aguriin-h04", "菊地 和夫", "キクチ カズオ", (1952, 10, 8), (2015, 1, 15), 1800, 5, CE, number="C0000066"),
        ],
    ),
]  # fmt: skip

# The Youth Support Station JWCU opened in Toyooka in 2009 (seed case 4), run by CWC.
TOYOOKA_STATION = CaseCentre(
    key="toyooka-station",
    coop="cwc",
    region="kansai",
    code="toyooka-station",
    name="とよおか地域若者サポートステーション",
    prefecture="28",
    municipality="豊岡市",
    opened_on=dt.date(2009, 4, 1),
    lines=("youth-support",),
)

# Case 4: Next Green Tajima: five worker members, among them a former user of the Youth Support
# Station and a young mother; founded in 2013 by graduates of the 2012 forestry training programme.
NGT_CENTRE = CaseCentre(
    key="ngt",
    coop=NGT.code,
    region="",
    code="toyooka",
    name="ネクストグリーン但馬 豊岡事業所",
    prefecture="28",
    municipality="豊岡市",
    opened_on=dt.date(2013, 4, 1),
    lines=(FA, CE),
    people=[
        _p("ngt-representative", "谷口 剛", "タニグチ ツヨシ", (1975, 3, 16), (2013, 4, 1), 2400, 5, FA,
           number="NGT000001"),
        _p("ngt-station", "北村 優斗", "キタムラ ユウト", (1989, 9, 3), (2013, 4, 1), 2400, 5, FA,
           (SOCIAL, "とよおか地域若者サポートステーションの元利用者。2012年の林業職業訓練を修了。"), "NGT000002"),
        _p("ngt-mother", "西田 美穂", "ニシダ ミホ", (1986, 12, 20), (2013, 4, 1), 1440, 4, FA, number="NGT000003"),
        _p("ngt-m04", "平野 達也", "ヒラノ タツヤ", (1980, 7, 7), (2013, 4, 1), 2400, 5, FA, number="NGT000004"),
        _p("ngt-m05", "松井 一郎", "マツイ イチロウ", (1966, 1, 21), (2013, 4, 1), 2400, 5, FA, number="NGT000005"),
    ],
)  # fmt: skip

CASE_CENTRES: list[CaseCentre] = [AJISAI, WEST_NARA, WEST_RINGS, *AGURIIN, TOYOOKA_STATION]

CWC = CoopSpec(
    "cwc",
    "日本労働者協同組合連合会センター事業団",
    "Central Worker Co-operative (CWC, Center Jigyodan)",
    "13",
    1987,  # seed: established in 1987 under the direct control of JWCU
)
