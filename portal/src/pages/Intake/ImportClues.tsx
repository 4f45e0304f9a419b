import { useState } from 'react';
import { Alert, Card } from 'antd';
import { ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import { CommandForm } from '../../components/CommandForm';
import { api, unwrap } from '../../services/client';
import type { components } from '../../gen/schema';

type Result = components['schemas']['ClueImportResult'];

/** The national platform's (or 12345's) export file, pasted or opened, imported in one go. */
export default function ImportClues() {
  const [result, setResult] = useState<Result>();
  return (
    <Card title="平台线索导入">
      {result && (
        <Alert
          role="status"
          showIcon
          type={result.rejected.length ? 'warning' : 'success'}
          style={{ marginBottom: 16 }}
          message={`新建 ${result.created} 条，并案 ${result.merged} 条，重复 ${result.duplicates} 条，退回 ${result.rejected.length} 条`}
          description={result.rejected
            .map((r) => `第${r.line}行：${r.errors.map((e) => e.message).join('；')}`)
            .join('\n')}
        />
      )}
      <CommandForm<components['schemas']['ClueImport'], Result>
        title="线索导入"
        submitText="导入"
        initialValues={{ source: 'national_platform' }}
        invalidate={[['clues']]}
        onDone={setResult}
        send={(v, key) =>
          unwrap(
            api.POST('/api/v1/clues/import', { headers: { 'Idempotency-Key': key }, body: v }),
          ) as Promise<Result>
        }
      >
        <ProFormSelect
          name="source"
          label="来源"
          options={[
            { value: 'national_platform', label: '全国根治欠薪线索反映平台' },
            { value: 'hotline_12345', label: '12345热线' },
          ]}
        />
        <ProFormTextArea
          name="content"
          label="文件内容（CSV）"
          fieldProps={{ rows: 10 }}
          rules={[{ required: true, message: '请粘贴导出文件的内容' }]}
        />
      </CommandForm>
    </Card>
  );
}
