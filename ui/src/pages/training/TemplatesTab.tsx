import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, PlusOutlined, UndoOutlined } from "@ant-design/icons";
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, TimePicker, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";

import { AppError, api, queries, useChanged } from "../../api";
import type { TemplateKind } from "../../bindings/TemplateKind";
import type { TemplateView } from "../../bindings/TemplateView";
import { TEMPLATE_KIND_LABEL } from "../../bindings/labels";
import { useFormErrors } from "../../lib/useFormErrors";

interface ItemForm {
  section: string;
  text: string;
  day_offset: number | null;
  window: [Dayjs, Dayjs] | null;
}

interface TemplateForm {
  name: string;
  kind: TemplateKind;
  description: string;
  items: ItemForm[];
}

function TemplateModal({ editing, onClose }: { editing: TemplateView | "new" | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<TemplateForm>();
  const showErrors = useFormErrors(form, (p) => p[0] === "name" || p[0] === "description" || (p[0] === "items" && p.length === 3), (name) =>
    // The window is one field in the form; the backend names its ends.
    (name[2]?.startsWith("window") ? ["items", name[1] ?? "", "window"] : name).map((n) => (/^\d+$/.test(n) ? Number(n) : n)));
  const current = editing === "new" ? undefined : editing;
  const save = useMutation({
    mutationFn: (v: TemplateForm) => {
      const input = {
        name: v.name ?? "",
        kind: v.kind,
        event_based: false,
        description: v.description ?? "",
        items: (v.items ?? []).map((i) => ({
          section: i.section ?? "",
          text: i.text ?? "",
          day_offset: i.day_offset ?? null,
          window_start: i.window?.[0]?.format("HH:mm") ?? null,
          window_end: i.window?.[1]?.format("HH:mm") ?? null,
        })),
      };
      return current ? api.checklists.updateTemplate(current.id, input) : api.checklists.addTemplate(input);
    },
    onSuccess: (t) => {
      message.success(`已保存模板：${t.name}。已经开始的清单不受影响`);
      changed("training");
      onClose();
    },
    onError: showErrors,
  });
  return (
    <Modal
      open={editing !== undefined}
      title={current ? `编辑模板：${current.name}` : "新建清单模板"}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={save.isPending}
      width={900}
      destroyOnClose
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={current
            ? {
                name: current.name,
                kind: current.kind,
                description: current.description,
                items: current.items.map((i) => ({
                  section: i.section,
                  text: i.text,
                  day_offset: i.day_offset,
                  window: i.window_start && i.window_end ? [dayjs(`2000-01-01T${i.window_start}`), dayjs(`2000-01-01T${i.window_end}`)] : null,
                })),
              }
            : { name: "", kind: "custom", description: "", items: [{ section: "", text: "", day_offset: 0, window: null }] }}
      >
        <Space align="start" wrap>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: "请填名称" }]}>
            <Input maxLength={20} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="kind" label="类型" extra="爆款日、会员日、节日活动的日期从活动当天推算">
            <Select style={{ width: 160 }} options={Object.entries(TEMPLATE_KIND_LABEL).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        <Typography.Text type="secondary">“第几天”：0 是开始当天（活动类是活动当天），-7 是前 7 天；留空表示不限日期。</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" style={{ display: "flex", marginTop: 8 }} wrap>
                  <Typography.Text style={{ width: 24, display: "inline-block", paddingTop: 5 }}>{i + 1}</Typography.Text>
                  <Form.Item name={[f.name, "section"]} style={{ marginBottom: 0 }}>
                    <Input placeholder="分段" style={{ width: 130 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[f.name, "text"]} style={{ marginBottom: 0 }}>
                    <Input placeholder="要做的事" style={{ width: 300 }} maxLength={120} />
                  </Form.Item>
                  <Form.Item name={[f.name, "day_offset"]} style={{ marginBottom: 0 }}>
                    <InputNumber placeholder="第几天" style={{ width: 90 }} min={-366} max={366} precision={0} />
                  </Form.Item>
                  <Form.Item name={[f.name, "window"]} style={{ marginBottom: 0 }}>
                    <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: 170 }} placeholder={["开始", "结束"]} />
                  </Form.Item>
                  <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>
                    上移
                  </Button>
                  <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => add({ section: "", text: "", day_offset: 0, window: null })}>
                加一项
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** The checklist templates: shipped ones and the shop's own, all editable. */
export function TemplatesTab() {
  const { message } = App.useApp();
  const changed = useChanged();
  const [editing, setEditing] = useState<TemplateView | "new">();
  const templates = useQuery(queries.checklistTemplates());
  const remove = useMutation({
    mutationFn: api.checklists.removeTemplate,
    onSuccess: () => changed("training"),
    onError: (e: AppError) => message.error(e.message),
  });
  const restore = useMutation({
    mutationFn: api.checklists.restoreTemplates,
    onSuccess: (n) => {
      message.success(n ? `找回了 ${n} 个默认模板` : "默认模板都在");
      changed("training");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
          新建模板
        </Button>
        <Button icon={<UndoOutlined />} loading={restore.isPending} onClick={() => restore.mutate()}>
          找回默认模板
        </Button>
        <Typography.Text type="secondary">改模板不会改动已经开始的清单。</Typography.Text>
      </Space>
      <Table<TemplateView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={templates.data ?? []}
        expandable={{
          expandedRowRender: (t) => (
            <Card size="small">
              {t.description ? <Typography.Paragraph type="secondary">{t.description}</Typography.Paragraph> : null}
              <ol style={{ margin: 0 }}>
                {t.items.map((i, n) => (
                  <li key={n}>
                    {i.section ? <Tag>{i.section}</Tag> : null}
                    {i.text}
                    <Typography.Text type="secondary">
                      {i.day_offset === null ? "" : `　第 ${i.day_offset} 天`}
                      {i.window_start ? `　${i.window_start}–${i.window_end}` : ""}
                    </Typography.Text>
                  </li>
                ))}
              </ol>
            </Card>
          ),
        }}
        columns={[
          { title: "名称", dataIndex: "name" },
          { title: "类型", dataIndex: "kind_label", render: (k: string) => <Tag>{k}</Tag> },
          { title: "事项", render: (_, t) => `${t.items.length} 项` },
          { title: "", render: (_, t) => (t.is_default ? <Tag color="blue">默认</Tag> : null) },
          {
            title: "",
            width: 140,
            render: (_, t) => (
              <Space>
                <Button type="link" size="small" onClick={() => setEditing(t)}>
                  编辑
                </Button>
                <Popconfirm title="删除这个模板？已经开始的清单会保留" onConfirm={() => remove.mutate(t.id)}>
                  <Button type="link" size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <TemplateModal editing={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
