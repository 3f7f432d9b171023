import { useMutation } from "@tanstack/react-query";
import { QrcodeOutlined } from "@ant-design/icons";
import { App, AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space } from "antd";
import type { FormInstance } from "antd";
import dayjs from "dayjs";
import type { Dayjs } from "dayjs";

import { AppError, api, useChanged } from "../../api";
import type { EntryRule } from "../../bindings/EntryRule";
import type { GroupStage } from "../../bindings/GroupStage";
import type { GroupView } from "../../bindings/GroupView";
import type { NewGroup } from "../../bindings/NewGroup";
import type { Platform } from "../../bindings/Platform";
import { useFormErrors } from "../../lib/useFormErrors";
import { ENTRY_RULE_LABEL, GROUP_KINDS, PLATFORM_LABEL, STAGE_LABEL } from "../../lib/invites";

interface Values {
  name: string;
  kind: string;
  platform: Platform;
  capacity: number;
  size?: number;
  owner?: string;
  admins?: string;
  stage: GroupStage;
  entry_rule: EntryRule;
  link?: string;
  qr_made_on?: Dayjs | null;
  notes?: string;
}

const FIELDS = new Set(["name", "kind", "platform", "capacity", "size", "owner", "admins", "stage", "entry_rule", "link", "qr_image", "qr_made_on", "notes"]);

type FieldUpdates = Parameters<FormInstance<Values>["setFields"]>[0];

function toNewGroup(v: Values): NewGroup {
  return {
    name: v.name ?? "",
    kind: v.kind ?? "",
    platform: v.platform,
    capacity: v.capacity,
    size: v.size ?? 0,
    owner: v.owner,
    admins: v.admins,
    stage: v.stage,
    entry_rule: v.entry_rule,
    link: v.link,
    qr_made_on: v.qr_made_on ? v.qr_made_on.format("YYYY-MM-DD") : undefined,
    notes: v.notes,
  };
}

function fromGroup(g: GroupView): Values {
  return {
    name: g.name,
    kind: g.kind,
    platform: g.platform,
    capacity: g.capacity,
    size: g.size,
    owner: g.owner || undefined,
    admins: g.admins || undefined,
    stage: g.stage,
    entry_rule: g.entry_rule,
    link: g.link || undefined,
    qr_made_on: g.qr_made_on ? dayjs(g.qr_made_on) : null,
    notes: g.notes || undefined,
  };
}

const NEW_GROUP: Partial<Values> = { platform: "wechat", capacity: 500, size: 0, stage: "build", entry_rule: "free" };

/** Adds a group, or edits `editing` (e.g. to put in this week's new QR code). */
export function GroupModal({ open, onClose, editing }: { open: boolean; onClose: () => void; editing?: GroupView }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<Values>();
  const showErrors = useFormErrors(form, FIELDS, (name) => (name[0] === "qr_image" ? ["link"] : name) /* a screenshot error belongs under the link */);

  const save = useMutation({
    mutationFn: (v: Values) => (editing ? api.groups.update(editing.id, toNewGroup(v)) : api.groups.add(toNewGroup(v))),
    onSuccess: (group) => {
      changed("invites");
      message.success(editing ? `已保存群“${group.name}”` : `已登记群“${group.name}”`);
      onClose();
    },
    onError: showErrors,
  });

  const suggest = async () => {
    try {
      const kind = form.getFieldValue("kind") as string | undefined;
      form.setFieldValue("name", await api.groups.suggestName(kind || "福利群"));
    } catch (e) {
      message.error((e as AppError).message);
    }
  };

  const readQr = async () => {
    try {
      const link = await api.groups.pickQr();
      if (link === null) return;
      form.setFields([{ name: "link", value: link, errors: [] }] as unknown as FieldUpdates);
      // A code read now was made at the latest today; WeChat's last for 7 days.
      if (!form.getFieldValue("qr_made_on") || link !== editing?.link) form.setFieldValue("qr_made_on", dayjs());
      message.success("已从截图读出群链接");
    } catch (e) {
      const err = e as AppError;
      const text = err.fields.map((f) => f.message).join("；") || err.message;
      form.setFields([{ name: "link", errors: [text] }] as unknown as FieldUpdates);
    }
  };

  return (
    <Modal
      title={editing ? `编辑群：${editing.name}` : "登记新群"}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "save-group" } as React.ComponentProps<typeof Button>}
      width={680}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={editing ? fromGroup(editing) : NEW_GROUP} onFinish={(v) => save.mutate(v)}>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item label="群名" required extra="建议用“店名 + 用途 + 编号”，例如 老街面馆福利群1号">
              <Space.Compact style={{ width: "100%" }}>
                <Form.Item name="name" noStyle>
                  <Input maxLength={40} data-testid="group-name" />
                </Form.Item>
                <Button onClick={suggest}>按规则起名</Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="群类型" name="kind" required>
              <AutoComplete options={GROUP_KINDS.map((k) => ({ value: k }))} placeholder="可选也可自己填" data-testid="group-kind" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="平台" name="platform">
              <Select options={Object.entries(PLATFORM_LABEL).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="群容量" name="capacity">
              <InputNumber min={1} max={100000} precision={0} style={{ width: "100%" }} addonAfter="人" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="当前人数" name="size" extra="在微信里看到多少就填多少">
              <InputNumber min={0} max={100000} precision={0} style={{ width: "100%" }} addonAfter="人" data-testid="group-size" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="群主" name="owner">
              <Input placeholder="负责的店员" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="管理员" name="admins">
              <Input placeholder="多人用顿号隔开" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="阶段" name="stage">
              <Select options={Object.entries(STAGE_LABEL).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="进群方式" name="entry_rule">
              <Select options={Object.entries(ENTRY_RULE_LABEL).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="进群链接" extra="粘贴链接，或上传群二维码截图由软件读出链接">
              <Space.Compact style={{ width: "100%" }}>
                <Form.Item name="link" noStyle>
                  <Input placeholder="https://weixin.qq.com/g/…" data-testid="group-link" />
                </Form.Item>
                <Button icon={<QrcodeOutlined />} onClick={readQr} data-testid="group-read-qr">
                  从截图读取
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="二维码生成日期" name="qr_made_on" extra="微信群二维码 7 天后失效">
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="notes">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
