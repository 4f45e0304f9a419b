import type { Channel, Route } from './clue';

/** What officials and workers read for each channel and route. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  window: '窗口受理',
  hotline_12345: '12345 热线',
  national_platform: '全国根治欠薪线索反映平台',
  police_110: '110 联动',
  online: '网上自助',
  union: '工会',
  early_warning: '监控预警',
  return_visit: '回访未到位',
};

export const ROUTE_NAMES: Record<Route, string> = {
  inspection: '劳动保障监察',
  mediation: '调解',
  transfer: '移交属地',
};
