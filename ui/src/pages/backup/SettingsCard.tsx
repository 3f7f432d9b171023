import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FolderOpenOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Space, Switch, Typography } from "antd";

import { type AppError, api, queries } from "../../api";
import type { BackupSettings } from "../../bindings/BackupSettings";
import type { Policy } from "../../bindings/Policy";
import { type FormErrorTarget, showFormErrors } from "../../lib/formErrors";

interface FormValues {
  second_dir: string;
  encrypt_second: boolean;
  passphrase: string;
  passphrase_again: string;
  remembered: boolean;
  policy: Policy;
}

const KNOWN = new Set(["second_dir", "passphrase", "policy.daily", "policy.weekly", "policy.monthly", "policy.keep_days"]);

function toForm(s: BackupSettings): FormValues {
  return {
    second_dir: s.second_dir ?? "",
    encrypt_second: s.encrypt_second,
    passphrase: "",
    passphrase_again: "",
    remembered: false,
    policy: s.policy,
  };
}

/** What the rotation keeps, in words (for the page's note). */
export function keptText(p: Policy): string {
  return `保留最近 ${p.daily} 天、${p.weekly} 周、${p.monthly} 个月各一份，导入前、恢复前和手动的备份保留 ${p.keep_days} 天，最新的一份永远不删。`;
}

/** 备份设置: the second place (USB stick, synced folder), encrypting copies there, rotation counts. */
export function SettingsCard() {
  const settings = useQuery(queries.backupSettingsGet());
  if (!settings.data) return <Card loading title="备份设置" />;
  return <SettingsForm saved={settings.data} />;
}

function SettingsForm({ saved }: { saved: BackupSettings }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [changingPassphrase, setChangingPassphrase] = useState(!saved.has_passphrase);
  const encrypt = Form.useWatch("encrypt_second", form);
  const askPassphrase = !!encrypt && changingPassphrase;

  useEffect(() => form.setFieldsValue(toForm(saved)), [form, saved]);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.backup.saveSettings({
        second_dir: v.second_dir.trim() || null,
        encrypt_second: v.encrypt_second,
        passphrase: askPassphrase && v.passphrase ? v.passphrase : null,
        policy: v.policy,
      }),
    onSuccess: (done) => {
      client.setQueryData(queries.backupSettingsGet().queryKey, done);
      setChangingPassphrase(!done.has_passphrase);
      message.success(done.second_dir ? "备份设置已保存，正在把备份复制到第二个位置" : "备份设置已保存");
    },
    onError: (e: AppError) => showFormErrors(form as unknown as FormErrorTarget, e, KNOWN, (text) => message.error(text)),
  });

  const pick = async () => {
    try {
      const folder = await api.backup.pickFolder();
      if (folder) form.setFieldsValue({ second_dir: folder });
    } catch (e) {
      message.error((e as AppError).message);
    }
  };

  return (
    <Card title="备份设置" size="small" data-testid="backup-settings">
      <Form<FormValues> form={form} layout="vertical" initialValues={toForm(saved)} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          label="第二个备份位置"
          extra="每份备份都会再复制一份到这里（U 盘或网盘同步文件夹）。U 盘没插时只提醒一次，插上后下次备份会补齐。"
        >
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="second_dir" noStyle>
              <Input placeholder="不设置：只备份在这台电脑上" allowClear data-testid="second-dir" />
            </Form.Item>
            <Button icon={<FolderOpenOutlined />} onClick={pick}>
              选择…
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="encrypt_second" label="加密第二个位置里的副本" valuePropName="checked">
          <Switch data-testid="encrypt-second" />
        </Form.Item>
        {encrypt && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message="口令忘了，加密的副本就谁也打不开了，我们也帮不了。"
            description="加密保护的是离开这台电脑的副本：别人捡到 U 盘、看到同步文件夹，没有口令打不开。口令会保存在这台电脑上，好让每天自动加密，所以它挡不住能用这台电脑的人。请把口令抄在纸上，和营业执照放在一起。"
          />
        )}
        {encrypt && !askPassphrase && (
          <Form.Item>
            <Space>
              <Typography.Text type="secondary">已设置口令。</Typography.Text>
              <Button size="small" onClick={() => setChangingPassphrase(true)}>
                换一个口令
              </Button>
            </Space>
          </Form.Item>
        )}
        {askPassphrase && (
          <>
            <Form.Item
              name="passphrase"
              label="备份口令"
              extra="至少 8 个字符；一句只有你知道的话最好记，例如“外婆家门口的老槐树”。"
              rules={[{ required: true, message: "请设一个备份口令" }]}
            >
              <Input.Password autoComplete="new-password" data-testid="passphrase" />
            </Form.Item>
            <Form.Item
              name="passphrase_again"
              label="再输一次"
              dependencies={["passphrase"]}
              rules={[
                { required: true, message: "请再输一次口令" },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    value === getFieldValue("passphrase") ? Promise.resolve() : Promise.reject(new Error("两次输入的口令不一样")),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="passphrase-again" />
            </Form.Item>
            <Form.Item
              name="remembered"
              valuePropName="checked"
              rules={[
                {
                  validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error("请先把口令记下来，再勾选这一项"))),
                },
              ]}
            >
              <Checkbox>
                <span data-testid="passphrase-remembered">我已把口令记在安全的地方，知道忘了就打不开加密的副本</span>
              </Checkbox>
            </Form.Item>
            {saved.has_passphrase && (
              <Typography.Paragraph type="secondary">以前加密的副本仍然要用旧口令打开。</Typography.Paragraph>
            )}
          </>
        )}
        <Form.Item label="保留多少份" extra="这台电脑和第二个位置按同样的份数保留。">
          <Space wrap>
            <Form.Item name={["policy", "daily"]} style={{ marginBottom: 0 }}>
              <InputNumber min={1} max={60} precision={0} addonBefore="每天" addonAfter="份" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name={["policy", "weekly"]} style={{ marginBottom: 0 }}>
              <InputNumber min={0} max={52} precision={0} addonBefore="每周" addonAfter="份" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name={["policy", "monthly"]} style={{ marginBottom: 0 }}>
              <InputNumber min={0} max={120} precision={0} addonBefore="每月" addonAfter="份" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name={["policy", "keep_days"]} style={{ marginBottom: 0 }}>
              <InputNumber min={1} max={3650} precision={0} addonBefore="其他备份留" addonAfter="天" style={{ width: 190 }} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="backup-settings-save">
          保存备份设置
        </Button>
      </Form>
    </Card>
  );
}
