import { Tag } from 'antd';
import { daysUntil, formatDate, formatDateTime } from '../lib/time';

/** A statutory deadline with how close it is: red when past, orange within 2 days. */
export function Deadline({ at, withTime }: { at: string | undefined; withTime?: boolean }) {
  if (!at) return <>—</>;
  const days = daysUntil(at);
  const color = days < 0 ? 'red' : days <= 2 ? 'orange' : 'default';
  const text = days < 0 ? `逾期${-days}天` : days === 0 ? '今日到期' : `剩${days}天`;
  return (
    <span>
      {withTime ? formatDateTime(at) : formatDate(at)} <Tag color={color}>{text}</Tag>
    </span>
  );
}

/** Earliest deadline first; rows without one last. */
export function byDeadline<T>(get: (row: T) => string | undefined) {
  return (a: T, b: T) => {
    const x = get(a) ? Date.parse(get(a)!) : Infinity;
    const y = get(b) ? Date.parse(get(b)!) : Infinity;
    return x - y;
  };
}
