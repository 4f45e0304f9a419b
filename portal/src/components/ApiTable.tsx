// A ledger from a list endpoint (`{items, nextCursor}`), as a ProTable; the first 200 rows, paged locally.
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';

export interface ApiTableProps<T> {
  title: string;
  queryKey: readonly unknown[];
  load: () => Promise<{ items?: T[] } | unknown>;
  columns: ProColumns<T>[];
  rowKey: keyof T & string;
  /** Sorts what the official works on first (the most urgent deadline on top). */
  sort?: (a: T, b: T) => number;
  toolBar?: React.ReactNode[];
}

export function ApiTable<T extends Record<string, unknown>>(props: ApiTableProps<T>) {
  const q = useQuery({ queryKey: props.queryKey, queryFn: props.load });
  const items = [...((q.data as { items?: T[] } | undefined)?.items ?? [])];
  if (props.sort) items.sort(props.sort);
  return (
    <>
      {q.error && (
        <Alert type="error" showIcon role="alert" message={q.error.message} style={{ marginBottom: 12 }} />
      )}
      <ProTable<T>
        headerTitle={props.title}
        aria-label={props.title}
        rowKey={props.rowKey}
        columns={props.columns}
        dataSource={items}
        loading={q.isFetching}
        search={false}
        options={{ reload: () => void q.refetch(), density: false, setting: false }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        toolBarRender={() => props.toolBar ?? []}
        cardBordered
      />
    </>
  );
}
