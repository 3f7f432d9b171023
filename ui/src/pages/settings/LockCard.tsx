import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Tag } from "antd";

import { type AppError, api, queries } from "../../api";
import type { LockStatus } from "../../bindings/LockStatus";
import { type FormErrorTarget, showFormErrors } from "../../lib/formErrors";

interface Values {
  current_pin: string;
  new_pin: string;
  new_pin_again: string;
  idle_minutes: number;
}

const KNOWN = new Set(["current_pin", "new_pin", "idle_minutes"]);
const digits = (v: string) => v.replace(/\D/g, "");

/** PIN 锁: set, change or turn off, with what it does and does not protect said plainly. */
export function LockCard() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const status = useQuery(queries.lockStatus());
  const [form] = Form.useForm<Values>();
  const enabled = !!status.data?.enabled;

  const saved = (s: LockStatus, text: string) => {
    client.setQueryData(queries.lockStatus().queryKey, s);
    form.resetFields();
    message.success(text);
  };
  const onError = (e: AppError) => showFormErrors(form as unknown as FormErrorTarget, e, KNOWN, (t) => message.error(t));

  const set = useMutation({
    mutationFn: (v: Values) =>
      api.lock.set({ current_pin: enabled ? v.current_pin : null, new_pin: v.new_pin, idle_minutes: v.idle_minutes }),
    onSuccess: (s) => saved(s, enabled ? "PIN 已更改" : "PIN 锁已打开：下次打开社群掌柜时要输入 PIN"),
    onError,
  });
  const clear = useMutation({
    mutationFn: () => api.lock.clear(form.getFieldValue("current_pin") ?? ""),
    onSuccess: (s) => saved(s, "PIN 锁已关闭"),
    onError,
  });

  return (
    <Card
      title={
        <Space>
          PIN 锁
          {enabled ? <Tag color="green">已打开</Tag> : <Tag>未打开</Tag>}
        </Space>
      }
      style={{ maxWidth: 880 }}
      data-testid="lock-card"
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="PIN 锁防的是柜台前的人：你走开时，别人打不开会员名单和账目。"
        description="它不加密数据：能拿走这台电脑的文件（例如把数据文件夹拷走）的人，照样看得到里面的东西；要保护拷出去的数据，请用备份设置里的加密副本。忘了 PIN：在锁定画面点“忘了 PIN？”，输入备份口令即可解除；没设备份口令的话，只能用备份在新的数据文件夹里恢复。"
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ idle_minutes: status.data?.idle_minutes || 10 }}
        onFinish={(v) => set.mutate(v)}
        style={{ maxWidth: 420 }}
      >
        {enabled && (
          <Form.Item name="current_pin" label="现在的 PIN" getValueFromEvent={(e) => digits(e.target.value)}>
            <Input.Password maxLength={8} inputMode="numeric" autoComplete="off" data-testid="lock-current" />
          </Form.Item>
        )}
        <Form.Item
          name="new_pin"
          label={enabled ? "新的 PIN" : "PIN（4 到 8 位数字）"}
          getValueFromEvent={(e) => digits(e.target.value)}
          rules={[{ required: true, min: 4, message: "PIN 要是 4 到 8 位数字" }]}
        >
          <Input.Password maxLength={8} inputMode="numeric" autoComplete="new-password" data-testid="lock-new" />
        </Form.Item>
        <Form.Item
          name="new_pin_again"
          label="再输一次"
          dependencies={["new_pin"]}
          getValueFromEvent={(e) => digits(e.target.value)}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue("new_pin") ? Promise.resolve() : Promise.reject(new Error("两次输入的 PIN 不一样"))),
            }),
          ]}
        >
          <Input.Password maxLength={8} inputMode="numeric" autoComplete="new-password" data-testid="lock-new-again" />
        </Form.Item>
        <Form.Item name="idle_minutes" label="多久不操作就锁定" extra="0 表示只在打开社群掌柜时要 PIN。">
          <InputNumber min={0} max={240} precision={0} addonAfter="分钟" data-testid="lock-idle" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={set.isPending} data-testid="lock-save">
            {enabled ? "更改 PIN" : "打开 PIN 锁"}
          </Button>
          {enabled && (
            <Button danger loading={clear.isPending} onClick={() => clear.mutate()} data-testid="lock-off">
              关闭 PIN 锁
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}
