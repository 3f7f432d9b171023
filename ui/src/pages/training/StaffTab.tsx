import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Tooltip, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";

import { AppError, api, queries, useChanged } from "../../api";
import type { LevelCriteria } from "../../bindings/LevelCriteria";
import type { StaffView } from "../../bindings/StaffView";
import { useFormErrors } from "../../lib/useFormErrors";
import { LEVELS, ROLES } from "../../lib/training";

interface StaffForm {
  name: string;
  role: string;
  level: string;
  started_on: Dayjs;
  active: boolean;
}

function StaffModal({ open, editing, onClose }: { open: boolean; editing?: StaffView; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<StaffForm>();
  const showErrors = useFormErrors(form, new Set(["name", "role", "level", "started_on"]));
  const save = useMutation({
    mutationFn: (v: StaffForm) => {
      const staff = { name: v.name ?? "", role: v.role ?? "", level: v.level ?? "", started_on: v.started_on?.format("YYYY-MM-DD") ?? "", active: v.active ?? true };
      return editing ? api.staff.update(editing.id, staff) : api.staff.add(staff);
    },
    onSuccess: (s) => {
      message.success(editing ? `已保存：${s.name}` : `已添加店员：${s.name}`);
      changed("training");
      onClose();
    },
    onError: showErrors,
  });
  return (
    <Modal
      open={open}
      title={editing ? `编辑店员：${editing.name}` : "添加店员"}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      okButtonProps={{ loading: save.isPending, "data-testid": "save-staff" } as React.ComponentProps<typeof Button>}
      destroyOnClose
    >
      {/* Values set on mount (not after the opening animation), so nothing typed early is lost. */}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={editing ? { ...editing, started_on: dayjs(editing.started_on) } : { name: "", role: ROLES[1], level: LEVELS[0], started_on: dayjs(), active: true }}
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: "请填姓名" }]}>
          <Input maxLength={20} data-testid="staff-name" />
        </Form.Item>
        <Form.Item name="role" label="岗位">
          <Select options={ROLES.map((r) => ({ value: r, label: r }))} data-testid="staff-role" />
        </Form.Item>
        <Form.Item name="level" label="级别">
          <Select options={LEVELS.map((l) => ({ value: l, label: l }))} data-testid="staff-level" />
        </Form.Item>
        <Form.Item name="started_on" label="入职日期">
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="active" label="在岗" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CriteriaModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const criteria = useQuery({ ...queries.levelCriteriaGet(), enabled: open });
  const [form] = Form.useForm<{ rows: LevelCriteria[] }>();
  const save = useMutation({
    mutationFn: (rows: LevelCriteria[]) => api.staff.setCriteria(rows),
    onSuccess: () => {
      message.success("升级条件已保存");
      changed("training");
      onClose();
    },
    onError: (e: AppError) => message.error(e.message),
  });
  return (
    <Modal open={open} title="升级条件" onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={640} destroyOnClose>
      {criteria.data ? (
        <Form form={form} initialValues={{ rows: criteria.data }} onFinish={(v) => save.mutate(v.rows)}>
          <Form.List name="rows">
            {(fields) =>
              fields.map((f) => (
                <Card key={f.key} size="small" title={criteria.data[f.name]?.level} style={{ marginBottom: 8 }}>
                  <Space wrap>
                    <Form.Item name={[f.name, "min_exam_score"]} label="考试至少" style={{ marginBottom: 0 }}>
                      <InputNumber min={80} max={100} addonAfter="分" />
                    </Form.Item>
                    <Form.Item name={[f.name, "min_sop_days"]} label="SOP 全部做完" style={{ marginBottom: 0 }}>
                      <InputNumber min={0} max={3650} addonAfter="天" />
                    </Form.Item>
                    <Form.Item name={[f.name, "min_months"]} label="入职满" style={{ marginBottom: 0 }}>
                      <InputNumber min={0} max={600} addonAfter="个月" />
                    </Form.Item>
                    <Form.Item name={[f.name, "course_done"]} valuePropName="checked" style={{ marginBottom: 0 }}>
                      <Checkbox>学完全部课程</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, "level"]} hidden>
                      <Input />
                    </Form.Item>
                  </Space>
                </Card>
              ))
            }
          </Form.List>
        </Form>
      ) : null}
    </Modal>
  );
}

/** The roster with each member's standing against the next level. */
export function StaffTab() {
  const [editing, setEditing] = useState<StaffView | "new">();
  const [criteriaOpen, setCriteriaOpen] = useState(false);
  const staff = useQuery(queries.staffList(true));
  const growth = useQuery(queries.staffGrowth());
  const suggestions = (growth.data ?? []).filter((g) => g.suggestion);
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="open-add-staff">
          添加店员
        </Button>
        <Button onClick={() => setCriteriaOpen(true)}>升级条件</Button>
      </Space>
      {suggestions.map((g) => (
        <Alert key={g.staff_id} type="success" showIcon message={g.suggestion} style={{ marginBottom: 8 }} />
      ))}
      <Table<StaffView>
        rowKey="id"
        size="small"
        loading={staff.isLoading}
        dataSource={staff.data ?? []}
        pagination={false}
        columns={[
          { title: "姓名", dataIndex: "name", render: (n: string, s) => <span data-testid={`staff-row-${s.name}`}>{n}</span> },
          { title: "岗位", dataIndex: "role" },
          { title: "级别", dataIndex: "level", render: (l: string) => <Tag color="blue">{l}</Tag> },
          { title: "入职", dataIndex: "started_on" },
          { title: "状态", dataIndex: "active", render: (a: boolean) => (a ? <Tag color="green">在岗</Tag> : <Tag>停用</Tag>) },
          {
            title: "成长",
            render: (_, s) => {
              const g = growth.data?.find((x) => x.staff_id === s.id);
              if (!g) return null;
              if (!g.next_level) return <Typography.Text type="secondary">已是最高级</Typography.Text>;
              if (g.suggestion) return <Tag color="gold">可升{g.next_level}</Tag>;
              return (
                <Tooltip title={g.missing.join("；")}>
                  <Typography.Text type="secondary">
                    离{g.next_level}还差 {g.missing.length} 项 · 考试 {g.best_score ?? "—"} · SOP {g.sop_days} 天 · 课程 {g.modules_done}/{g.modules_total}
                  </Typography.Text>
                </Tooltip>
              );
            },
          },
          { title: "", width: 70, render: (_, s) => <Button type="link" size="small" onClick={() => setEditing(s)}>编辑</Button> },
        ]}
      />
      <StaffModal open={editing !== undefined} editing={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} />
      <CriteriaModal open={criteriaOpen} onClose={() => setCriteriaOpen(false)} />
    </>
  );
}
