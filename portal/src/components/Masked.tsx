// Personal data arrives masked. A pii-reader may ask for the full value, giving a reason; the read is audited.
import { useState } from 'react';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { useUser } from '../auth/UserContext';

export function UnmaskButton({ onUnmask }: { onUnmask: (reason: string) => void }) {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!user.roles.includes('pii-reader')) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        查看完整信息
      </Button>
      <Modal
        title="查看完整个人信息"
        open={open}
        okText="确认查看"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={() => {
          setOpen(false);
          onUnmask(reason.trim());
        }}
        onCancel={() => setOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>本次查看将记入审计日志，请填写查看事由。</Typography.Text>
          <Input.TextArea
            aria-label="查看事由"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
          />
        </Space>
      </Modal>
    </>
  );
}
