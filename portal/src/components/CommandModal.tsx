// A row's command: a button that opens its form in a dialog and closes it once the API accepted it.
import { useState } from 'react';
import { Button, Modal } from 'antd';
import { CommandForm, type CommandFormProps } from './CommandForm';

export function CommandModal<V extends object, R>(props: CommandFormProps<V, R> & { buttonText: string }) {
  const [open, setOpen] = useState(false);
  const { buttonText, onDone, ...form } = props;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {buttonText}
      </Button>
      <Modal title={props.title} open={open} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <CommandForm<V, R>
          {...form}
          onDone={(r, v) => {
            setOpen(false);
            onDone?.(r, v);
          }}
        />
      </Modal>
    </>
  );
}
