export const INSPECTION_STATUS: Record<string, string> = {
  investigating: '调查中',
  ordered: '已责令',
  closed: '已结案',
};

export const CLOSE_OUTCOME: Record<string, string> = {
  paid_in_full: '全额追回',
  partially_recovered: '部分追回',
  referred_to_police: '移送公安',
  no_violation: '无违法事实',
  transferred: '移送处理',
  withdrawn: '撤回',
};
