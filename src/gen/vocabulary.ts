// ---------------------------------------------------------------- vocabulary (metadata, not prose)

interface Channel {
  slug: string;
  name: string;
  /** Share of stories, in per cent. */
  weight: number;
  children?: Channel[];
}

const COUNTIES: readonly { slug: string; short: string; full: string }[] = [
  { slug: "xianan", short: "咸安", full: "咸安区" },
  { slug: "jiayu", short: "嘉鱼", full: "嘉鱼县" },
  { slug: "chibi", short: "赤壁", full: "赤壁市" },
  { slug: "tongcheng", short: "通城", full: "通城县" },
  { slug: "chongyang", short: "崇阳", full: "崇阳县" },
  { slug: "tongshan", short: "通山", full: "通山县" },
];

export const CHANNELS: readonly Channel[] = [
  { slug: "yaowen", name: "咸宁要闻", weight: 18 },
  { slug: "xianshi", name: "县市区", weight: 1, children: COUNTIES.map((c) => ({ slug: c.slug, name: c.short, weight: 5 })) },
  { slug: "shehui", name: "社会", weight: 9 },
  { slug: "jingji", name: "经济", weight: 8 },
  { slug: "zhengwu", name: "政务", weight: 6 },
  { slug: "wenhua", name: "文化", weight: 5 },
  { slug: "jiaoyu", name: "教育", weight: 5 },
  { slug: "jiankang", name: "健康", weight: 4 },
  { slug: "lvyou", name: "旅游", weight: 4 },
  { slug: "fazhi", name: "法治", weight: 4 },
  { slug: "tiyu", name: "体育", weight: 3 },
  { slug: "pinglun", name: "评论", weight: 3 },
];

export const ALL_CHANNELS: readonly Channel[] = CHANNELS.flatMap((c) => [c, ...(c.children ?? [])]);
/** One entry per per cent of share, so a uniform pick is a weighted one. */
export const WEIGHTED_SLUGS: readonly string[] = ALL_CHANNELS.flatMap((c) => Array<string>(c.weight).fill(c.slug));
export const COUNTY_BY_SLUG = new Map(COUNTIES.map((c) => [c.slug, c]));

export const REPORTERS = ["周阳", "刘玉关", "陈婧", "黄柱", "方达星", "童金健", "项兆伦", "邓小星"];
export const CORRESPONDENTS = ["高树军", "王红云", "邵新华", "李峥", "吴鹏", "陆承雄", "黄海波", "王凤", "陈迪昭", "李攀龙", "李瑞丰", "徐聪", "兰燕", "张彦鹏"];
export const EDITORS = ["hushaopeng", "wangli", "chenjing", "liuyang", "zhangmin", "huangzhu", "lixiaoyu", "zhoupeng"];
export const SOURCES = ["咸宁日报", "香城都市报", "咸宁新闻网", "咸宁网", "湖北日报"];

const SEED_TERMS = [
  "质量强市", "质量强省", "标准化", "品牌战略", "社会信用", "诚信建设", "青砖茶", "赵李桥", "非遗", "公租房",
  "住房保障", "土地招商", "招商引资", "文化旅游", "高温预警", "消防救援", "火灾", "治安", "机插秧", "春耕",
  "超低排放", "空气质量", "农村物流", "高标准农田", "有机农产品", "光电产业", "高新技术", "县域经济", "财政预算", "绩效考核",
  "驰名商标", "中华老字号", "湖北名牌", "外交国礼", "长江沿岸", "脱贫攻坚", "志愿服务", "巾帼志愿者", "贫困户", "出口",
  "俄罗斯", "深化改革", "营商环境", "乡村振兴", "生态环境", "防汛", "义务教育", "全民健身", "医疗保障", "就业创业",
  "城市建设", "安全生产", "食品安全", "十三五", "高质量发展", "转型升级", "绿色崛起", "经济开发区",
];
const TAG_DOMAINS = ["经济", "旅游", "教育", "交通", "农业", "扶贫", "环保", "文化", "消防", "医疗", "招商", "民生", "就业", "住房", "防汛", "城建", "体育", "科技", "法治", "党建"];
const TAG_PLACES = ["咸宁", ...COUNTIES.map((c) => c.short)];
/** ~200 tags: the seed story's terms, the places, and place × domain. */
export const TAGS: readonly string[] = [...SEED_TERMS, ...TAG_PLACES, ...TAG_PLACES.flatMap((p) => TAG_DOMAINS.map((d) => p + d))];

export const TOPICS = [
  "质量强市", "标准化建设", "品牌培育", "社会信用体系建设", "农村物流", "青砖茶产业", "公租房配租", "土地招商", "文化旅游",
  "防暑降温", "消防安全", "机械化育秧", "超低排放改造", "高标准农田", "营商环境", "乡村振兴", "防汛抗旱", "义务教育",
  "全民健身", "医疗保障", "就业创业", "城市建设", "生态保护", "非遗保护", "安全生产", "食品安全",
];
export const ACTIONS = ["召开", "部署", "推进", "启动", "举行", "印发", "开展", "完成"];
export const EVENTS = ["工作会", "推进会", "专项行动", "工作方案", "现场会", "培训班", "督查", "考核"];
export const CITY_WIDE = ["咸宁市", "我市", ...COUNTIES.map((c) => c.full)];
export const PROMOTIONS = ["土地招商", "产业招商", "文旅推介"];
export const PROBLEMS = ["困难人群住房", "群众出行", "企业用工", "农产品销售"];
export const OUTCOMES = ["套公租房完成配租", "户受益", "人实现就业"];
