// Chinese names of the codes the API uses.
export const AGENCY: Record<string, string> = {
  hrss: '人力资源和社会保障局',
  housing: '住房和城乡建设局',
  transport: '交通运输局',
  water: '水利局',
  police: '公安局',
  mediation: '劳动争议调解委员会',
  arbitration: '劳动人事争议仲裁院',
  court: '人民法院',
  finance: '财政局',
  credit: '信用办',
  supervision: '根治欠薪工作领导小组办公室',
  justice: '法律援助中心',
  bank: '银行',
  intake: '受理窗口',
  inspection: '劳动保障监察',
};

export const SERVICE: Record<string, string> = {
  intake: '线索受理',
  inspection: '劳动保障监察',
  mediation: '调解仲裁',
  credit: '信用',
  finance: '财政与工程项目',
};

export const REGION: Record<string, string> = {
  '650000': '新疆维吾尔自治区',
  '652300': '昌吉回族自治州',
  '652301': '昌吉市',
  '652302': '阜康市',
  '620100': '兰州市',
  '620000': '甘肃省',
};

export function regionName(code: string): string {
  return REGION[code] ? `${REGION[code]}（${code}）` : code;
}

export const CLUE_STATUS: Record<string, string> = {
  received: '已接收',
  filed: '已立案',
  rejected: '不予立案',
  transferred: '已移送',
  closed: '已办结',
};

export const CHANNEL: Record<string, string> = {
  window: '窗口',
  hotline_12345: '12345热线',
  national_platform: '全国根治欠薪线索反映平台',
  police_110: '110转警',
  online: '网上',
  union: '工会',
};

export const ROUTE: Record<string, string> = {
  inspection: '劳动保障监察',
  mediation: '调解',
  transfer: '移送',
};

export const INDUSTRY: Record<string, string> = {
  housing: '房屋建筑和市政',
  transport: '交通',
  water: '水利',
  other: '其他',
};

export const WARNING_LEVEL: Record<string, string> = { red: '红色', orange: '橙色', yellow: '黄色' };

export function label(map: Record<string, string>, code: string | undefined): string {
  if (!code) return '—';
  return map[code] ?? code;
}
