// 活动: every campaign with its goal's progress computed live from the ledgers, and one
// campaign's page — the goal day by day, the pace still needed, its checklist and,
// once ended, the 复盘 that freezes its figures.
import { useMemo, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Popconfirm, Progress, Select, Space, Table, Tag, Typography } from "antd";
import { CloseOutlined } from "@ant-design/icons";
import { useSearchParams } from "react-router";

import { type AppError, api, queries, useChanged } from "../../api";
import type { Campaign } from "../../bindings/Campaign";
import { formatYuan } from "../../lib/money";
import { Chart, type ChartOption } from "../reports/Chart";
import { CampaignForm, type CampaignDraft, draftOf } from "./CampaignForm";
import { CAMPAIGN_KIND_LABEL, CAMPAIGN_STATUS_LABEL, GOAL_METRIC_LABEL, GOAL_METRIC_UNIT, STATUS_COLOR } from "./labels";

/** A goal figure as the owner reads it: money for sales, a count otherwise. */
export function goalValue(c: Campaign, value: number): string {
  return c.goal.metric === "sales" ? formatYuan(Math.round(value)) : `${Math.round(value * 10) / 10} ${GOAL_METRIC_UNIT[c.goal.metric]}`;
}

function percent(c: Campaign): number {
  return Math.round(c.progress * 1000) / 10;
}

function dayChart(c: Campaign): ChartOption {
  const money = c.goal.metric === "sales";
  const y = (v: number) => (money ? v / 100 : v);
  return {
    tooltip: { trigger: "axis" },
    legend: { data: ["当天", "累计", "目标"] },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: c.days.map((d) => d.date.slice(5)) },
    yAxis: { type: "value" },
    series: [
      { name: "当天", type: "bar", data: c.days.map((d) => y(d.value)), itemStyle: { color: "#E8A33D" } },
      { name: "累计", type: "line", data: c.days.map((d) => y(d.total)), itemStyle: { color: "#1F7A6D" } },
      { name: "目标", type: "line", data: c.days.map(() => y(c.goal.target)), lineStyle: { type: "dashed" }, symbol: "none", itemStyle: { color: "#cf1322" } },
    ],
  };
}

function ReviewCard({ c }: { c: Campaign }) {
  const [form] = Form.useForm<{ worked: string; missed: string }>();
  const { message } = App.useApp();
  const changed = useChanged();
  const save = useMutation({
    mutationFn: (v: { worked: string; missed: string }) => api.campaigns.review(c.id, v.worked ?? "", v.missed ?? ""),
    onSuccess: () => {
      changed("campaigns");
      void message.success("复盘已保存，数字已定格");
    },
    onError: (e: AppError) => void message.error(e.message),
  });
  if (c.status !== "ended") {
    return <Typography.Text type="secondary">活动结束后在这里写复盘：做得好的、没做好的，数字会在第一次保存时定格。</Typography.Text>;
  }
  return (
    <Form form={form} layout="vertical" initialValues={{ worked: c.review?.worked ?? "", missed: c.review?.missed ?? "" }} onFinish={(v) => save.mutate(v)}>
      {c.review ? <Typography.Paragraph type="secondary">数字定格于 {c.review.reviewed_at.slice(0, 16).replace("T", " ")}</Typography.Paragraph> : null}
      <Form.Item name="worked" label="做得好的">
        <Input.TextArea rows={3} data-testid="campaign-review-worked" />
      </Form.Item>
      <Form.Item name="missed" label="没做好的、下次改进">
        <Input.TextArea rows={3} data-testid="campaign-review-missed" />
      </Form.Item>
      <Button htmlType="submit" type="primary" loading={save.isPending} data-testid="campaign-review-save">
        保存复盘
      </Button>
    </Form>
  );
}

function ChecklistStarter({ c }: { c: Campaign }) {
  const staff = useQuery(queries.staffList(false));
  const [staffId, setStaffId] = useState<number | undefined>();
  const { message } = App.useApp();
  const changed = useChanged();
  const start = useMutation({
    mutationFn: (id: number) => api.campaigns.startChecklist(c.id, id),
    onSuccess: () => {
      changed("campaigns", "training");
      void message.success("清单已派发，可在“培训与SOP”里查看");
    },
    onError: (e: AppError) => void message.error(e.message),
  });
  if (c.kind !== "launch" && c.kind !== "festival" && c.kind !== "member_day") return null;
  if (c.checklist_run_id !== null) return <Tag color="green">活动清单已派发</Tag>;
  const label = { launch: "爆款日 T-7 到 D 清单", festival: "节日活动六步清单", member_day: "会员日预热与收尾清单" }[c.kind];
  return (
    <Space>
      <Select placeholder="派给哪位店员" style={{ width: 160 }} value={staffId} onChange={setStaffId} options={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      <Button disabled={staffId === undefined} loading={start.isPending} onClick={() => staffId !== undefined && start.mutate(staffId)}>
        派发{label}
      </Button>
    </Space>
  );
}

export function CampaignDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const campaign = useQuery({ ...queries.campaignGet(id ?? 0), enabled: id !== null });
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const { message } = App.useApp();
  const changed = useChanged();
  const remove = useMutation({
    mutationFn: (cid: number) => api.campaigns.remove(cid),
    onSuccess: () => {
      changed("campaigns");
      onClose();
    },
    onError: (e: AppError) => void message.error(e.message),
  });
  const exportPdf = useMutation({
    mutationFn: (cid: number) => api.campaigns.exportPdf(cid),
    onSuccess: (path) => path && void message.success(`已导出：${path}`),
    onError: (e: AppError) => void message.error(e.message),
  });
  const c = campaign.data;
  const option = useMemo(() => (c ? dayChart(c) : null), [c]);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={720}
      title={c ? c.name : "活动"}
      destroyOnHidden
      closeIcon={<CloseOutlined data-testid="campaign-detail-close" />}
    >
      {c ? (
        <Space direction="vertical" size="middle" style={{ width: "100%" }} data-testid="campaign-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="类型">{CAMPAIGN_KIND_LABEL[c.kind]}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[c.status]}>{CAMPAIGN_STATUS_LABEL[c.status]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="日期">
              {c.start} 至 {c.end}
            </Descriptions.Item>
            <Descriptions.Item label="节日">{c.festival || "—"}</Descriptions.Item>
            <Descriptions.Item label="核心诱饵" span={2}>
              {c.lure || "—"}
            </Descriptions.Item>
            <Descriptions.Item label="规则" span={2}>
              {c.rules || "—"}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={`目标：${GOAL_METRIC_LABEL[c.goal.metric]} ${goalValue(c, c.goal.target)}`}>
            <Space direction="vertical" style={{ width: "100%" }}>
              <Typography.Text data-testid="campaign-actual">
                已完成 {goalValue(c, c.actual)}（{percent(c)}%）
              </Typography.Text>
              <Progress percent={Math.min(100, percent(c))} status={c.progress >= 1 ? "success" : "active"} data-testid="campaign-progress" />
              {c.pace_needed !== null && c.pace_needed > 0 ? (
                <Typography.Text type="warning" data-testid="campaign-pace">
                  还剩 {c.days_left} 天，每天需要 {goalValue(c, Math.ceil(c.pace_needed))}
                </Typography.Text>
              ) : null}
              {c.pace_needed === 0 ? <Typography.Text type="success">目标已达成</Typography.Text> : null}
              <Typography.Text type="secondary">
                同期：销售额 {formatYuan(c.figures.sales)}，新会员 {c.figures.new_members} 人，核销 {c.figures.redemptions} 张，老带新 {c.figures.referrals} 人，消费会员 {c.figures.buyers} 人
              </Typography.Text>
              {option && c.days.length ? <Chart option={option} height={240} testId="campaign-chart" /> : null}
            </Space>
          </Card>
          <Card size="small" title="活动清单">
            <ChecklistStarter c={c} />
          </Card>
          <Card size="small" title="复盘">
            <ReviewCard key={`${c.id}-${c.review?.reviewed_at ?? ""}`} c={c} />
          </Card>
          <Space>
            <Button type="primary" loading={exportPdf.isPending} onClick={() => exportPdf.mutate(c.id)} data-testid="campaign-export-pdf">
              导出 PDF
            </Button>
            <Button onClick={() => setDraft(draftOf(c))} data-testid="campaign-edit">
              编辑
            </Button>
            <Popconfirm title="删除这个活动？账本里的消费和会员不受影响。" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(c.id)}>
              <Button danger>删除</Button>
            </Popconfirm>
          </Space>
        </Space>
      ) : (
        <Empty description={campaign.isError ? "活动没找到" : "正在加载…"} />
      )}
      <CampaignForm draft={draft} onClose={() => setDraft(null)} />
    </Drawer>
  );
}

export function CampaignsPage() {
  const list = useQuery(queries.campaignList());
  const [params, setParams] = useSearchParams();
  const opened = params.get("id");
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const open = (id: number | null) => setParams(id === null ? {} : { id: String(id) });
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          活动
        </Typography.Title>
        <Button type="primary" onClick={() => setDraft({ input: {} })} data-testid="campaign-new">
          新建活动
        </Button>
      </Space>
      <Table<Campaign>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: "还没有活动。可以在“日历”里点一个节日，直接为它建活动。" }}
        onRow={(c) => ({ "data-testid": `campaign-row-${c.id}` }) as object}
        columns={[
          {
            title: "名称",
            render: (_, c) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => open(c.id)} data-testid={`campaign-open-${c.id}`}>
                {c.name}
              </Button>
            ),
          },
          { title: "类型", render: (_, c) => CAMPAIGN_KIND_LABEL[c.kind] },
          { title: "日期", render: (_, c) => `${c.start} 至 ${c.end}` },
          { title: "状态", render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{CAMPAIGN_STATUS_LABEL[c.status]}</Tag> },
          { title: "目标", render: (_, c) => `${GOAL_METRIC_LABEL[c.goal.metric]} ${goalValue(c, c.goal.target)}` },
          { title: "进度", width: 220, render: (_, c) => <Progress percent={Math.min(100, percent(c))} format={() => `${percent(c)}%`} size="small" /> },
        ]}
      />
      <CampaignDetail id={opened ? Number(opened) : null} onClose={() => open(null)} />
      <CampaignForm draft={draft} onClose={() => setDraft(null)} onSaved={(c) => open(c.id)} />
    </Space>
  );
}
