// Every command of the API as a form: the API's field-level problem+json messages appear on the fields, the
// submit button is disabled while the request is pending, and one Idempotency-Key per intended command means
// a double click (or a retry after a timeout) never does the thing twice.
import { useRef, useState, type ReactNode } from 'react';
import { Alert, App, Form } from 'antd';
import { ProForm } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../services/client';
import { ApiError } from '../services/errors';

export interface CommandFormProps<V, R> {
  /** Names the form for screen readers and tests. */
  title: string;
  submitText: string;
  /** Sends the command; `key` goes in the Idempotency-Key header. */
  send: (values: V, key: string) => Promise<R>;
  onDone?: (result: R, values: V) => void;
  successText?: string | ((r: R) => string);
  initialValues?: Partial<V>;
  /** Query keys to refresh once the command succeeded. */
  invalidate?: readonly unknown[][];
  children: ReactNode;
  layout?: 'vertical' | 'horizontal' | 'inline';
}

export function CommandForm<V extends object, R>(props: CommandFormProps<V, R>) {
  const [form] = Form.useForm<V>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<{ detail: string; other: string[] } | undefined>();

  const submit = async (values: V) => {
    if (inFlight.current) return; // a second click before React re-rendered the disabled button
    inFlight.current = true;
    setPending(true);
    setProblem(undefined);
    try {
      const result = await props.send(values, key.current);
      key.current = newIdempotencyKey(); // the next submission is a new command
      for (const k of props.invalidate ?? []) void queryClient.invalidateQueries({ queryKey: k });
      const text =
        typeof props.successText === 'function' ? props.successText(result) : (props.successText ?? '已提交');
      void message.success(text);
      props.onDone?.(result, values);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, '提交失败，请重试', {});
      // A refusal is an answer: the same key would replay it, so a corrected form needs a new one.
      if (err.status >= 400 && err.status < 500) key.current = newIdempotencyKey();
      const known = new Set<string>();
      const fields: Array<{ name: (string | number)[]; errors: string[] }> = [];
      for (const [field, msg] of Object.entries(err.fieldErrors)) {
        const name = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        // Only fields this form has can show a message; the others go into the alert.
        if (fieldExists(form as never, name)) {
          fields.push({ name, errors: [msg] });
          known.add(field);
        }
      }
      form.setFields(fields as never);
      const other = Object.entries(err.fieldErrors)
        .filter(([f]) => !known.has(f))
        .map(([f, m]) => `${f}：${m}`);
      setProblem({ detail: err.detail, other });
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  return (
    <ProForm<V>
      form={form}
      aria-label={props.title}
      name={props.title}
      layout={props.layout ?? 'vertical'}
      initialValues={props.initialValues}
      onFinish={submit}
      scrollToFirstError
      submitter={{
        searchConfig: { submitText: props.submitText },
        resetButtonProps: false,
        submitButtonProps: { disabled: pending, loading: pending },
      }}
    >
      {props.children}
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={problem.detail}
          description={problem.other.length ? problem.other.join('；') : undefined}
        />
      )}
    </ProForm>
  );
}

/** Whether the form has a field at `name` (every registered field reports its errors, even none). */
function fieldExists(form: ReturnType<typeof Form.useForm>[0], name: (string | number)[]): boolean {
  const wanted = name.join('.');
  return form.getFieldsError().some((f) => f.name.join('.') === wanted);
}
