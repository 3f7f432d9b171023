import { useState } from "react";
import { CloseOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Drawer, Form, Popconfirm, Select, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";

import { AppError, api, queries, useChanged } from "../../api";
import type { RunSummary } from "../../bindings/RunSummary";
import { useFormErrors } from "../../lib/useFormErrors";
import { DocumentButtons } from "./DocumentButtons";
import { RunCard } from "./RunCard";

interface StartForm {
  template_id?: number;
  staff_id?: number;
  date?: Dayjs;
  event_date?: Dayjs;
}

function RunDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const run = useQuery({ ...queries.checklistsGet(id ?? 0), enabled: id !== null });
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={720}
      title={run.data ? `${run.data.template} · ${run.data.staff}` : "清单"}
      closeIcon={<CloseOutlined data-testid="drawer-close-run" />}
      destroyOnClose
    >
      {run.data ? <RunCard run={run.data} extra={<DocumentButtons document={{ kind: "run", id: run.data.id }} testId="run-drawer-pdf" />} /> : null}
    </Drawer>
  );
}

function WeekCard() {
  const [day, setDay] = useState<Dayjs>(dayjs());
  const week = useQuery(queries.checklistsWeek(day.format("YYYY-MM-DD")));
  const days = ["一", "二", "三", "四", "五", "六", "日"];
  return (
    <Card
      size="small"
      title={week.data ? `本周完成率 ${week.data.week_start} 至 ${week.data.week_end}：${week.data.overall.percent}%（${week.data.overall.done}/${week.data.overall.total}）` : "本周完成率"}
      extra={<DatePicker picker="week" value={day} onChange={(d) => d && setDay(d)} allowClear={false} />}
      style={{ marginBottom: 16 }}
    >
      <Table
        size="small"
        rowKey="staff_id"
        pagination={false}
        dataSource={week.data?.staff ?? []}
        columns={[
          { title: "店员", dataIndex: "staff" },
          { title: "完成率", render: (_, s) => `${s.completion.percent}%（${s.completion.done}/${s.completion.total}）` },
          { title: "SOP 全部做完", render: (_, s) => `${s.full_sop_days} 天` },
          ...days.map((d, i) => ({
            title: `周${d}`,
            render: (_: unknown, s: (typeof week.data & object)["staff"][number]) => (s.days[i]?.total ? `${s.days[i]?.percent}%` : "—"),
          })),
        ]}
      />
    </Card>
  );
}

/** Start any checklist for a staff member; every run with its completion. */
export function RunsTab() {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<StartForm>();
  const showErrors = useFormErrors(form, new Set(["date", "event_date", "staff_id", "template_id"]));
  const [open, setOpen] = useState<number | null>(null);
  const [staffFilter, setStaffFilter] = useState<number>();
  const templates = useQuery(queries.checklistTemplates());
  const staff = useQuery(queries.staffList(false));
  const runs = useQuery(queries.checklistsList({ staff_id: staffFilter }));
  const templateId = Form.useWatch("template_id", form);
  const chosen = templates.data?.find((t) => t.id === templateId);

  const start = useMutation({
    mutationFn: (v: StartForm) =>
      api.checklists.start({
        template_id: v.template_id ?? 0,
        staff_id: v.staff_id ?? 0,
        date: v.date?.format("YYYY-MM-DD") ?? "",
        event_date: v.event_date?.format("YYYY-MM-DD") ?? "",
      }),
    onSuccess: (run) => {
      message.success(`已为${run.staff}开始“${run.template}”，共 ${run.total} 项`);
      changed("training");
      setOpen(run.id);
    },
    onError: showErrors,
  });
  const remove = useMutation({
    mutationFn: api.checklists.remove,
    onSuccess: () => changed("training"),
    onError: (e: AppError) => message.error(e.message),
  });

  return (
    <>
      <Card size="small" title="开始一张清单" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={(v) => start.mutate(v)} initialValues={{ date: dayjs() }}>
          <Form.Item name="template_id" rules={[{ required: true, message: "选一个模板" }]}>
            <Select placeholder="清单模板" style={{ width: 180 }} options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))} data-testid="start-template" />
          </Form.Item>
          <Form.Item name="staff_id" rules={[{ required: true, message: "选一位店员" }]}>
            <Select placeholder="店员" style={{ width: 140 }} options={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="start-staff" />
          </Form.Item>
          <Form.Item name="date" label="开始日期">
            <DatePicker allowClear={false} />
          </Form.Item>
          {chosen?.event_based ? (
            <Form.Item name="event_date" label={chosen.kind === "member_day" ? "会员日日期" : chosen.kind === "festival" ? "节日日期" : chosen.kind === "launch_day" ? "爆款日日期" : "活动日期"} rules={[{ required: true, message: "这张清单的日期从它推算" }]}>
              <DatePicker data-testid="start-event-date" />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="start-run">
            开始
          </Button>
        </Form>
        {chosen ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {chosen.description}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <WeekCard />
      <Card size="small" title="所有清单" extra={<Select allowClear placeholder="按店员筛选" style={{ width: 140 }} value={staffFilter} onChange={setStaffFilter} options={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />}>
        <Table<RunSummary>
          size="small"
          rowKey="id"
          dataSource={runs.data ?? []}
          loading={runs.isLoading}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: "pointer" }, "data-testid": `run-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: "日期", dataIndex: "date", width: 110 },
            { title: "清单", dataIndex: "template" },
            { title: "店员", dataIndex: "staff", width: 100 },
            { title: "活动日", dataIndex: "event_date", width: 110, render: (d: string | null) => d ?? "" },
            { title: "完成", width: 150, render: (_, r) => `${r.done}/${r.total}（${r.percent}%）` },
            { title: "", width: 90, render: (_, r) => (r.overdue ? <Tag color="red">{r.overdue} 项过时</Tag> : null) },
            {
              title: "",
              width: 70,
              render: (_, r) => (
                <Popconfirm title="删除这张清单？勾选记录会一起删除" onConfirm={(e) => (e?.stopPropagation(), remove.mutate(r.id))} onCancel={(e) => e?.stopPropagation()}>
                  <Button type="link" danger size="small" onClick={(e) => e.stopPropagation()}>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <RunDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
