// 报表: a period's figures against the period before, as charts with the numbers beside
// them, every figure's 统计口径 one click away.
import { memo, useDeferredValue, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { QuestionCircleOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, DatePicker, Drawer, Empty, List, Row, Segmented, Skeleton, Space, Spin, Statistic, Table, Tooltip, Typography } from "antd";
import dayjs from "dayjs";

import { queries } from "../../api";
import type { Definition } from "../../bindings/Definition";
import type { Headline } from "../../bindings/Headline";
import type { Summary } from "../../bindings/Summary";
import { Chart } from "./Chart";
import { change, count, days, money, rate } from "./format";
import { channelsOption, growthOption, salesOption, tiersOption, type Colours } from "./options";
import { PRESETS, periodText, presetRange, type PeriodRange, type PresetKey } from "./periods";
import { ReportExports } from "./ReportExports";

const DEFAULT_COLOURS: Colours = { primary: "#1F7A6D", accent: "#E8A33D" };

/** The title of a card or figure, with its definition behind a question mark. */
function Defined({ title, def }: { title: string; def?: Definition }) {
  return (
    <Space size={4}>
      {title}
      {def ? (
        <Tooltip title={def.text}>
          <QuestionCircleOutlined style={{ color: "#999" }} aria-label={`${title}的统计口径`} />
        </Tooltip>
      ) : null}
    </Space>
  );
}

interface Figure {
  key: string;
  title: string;
  value: (h: Headline) => number | null;
  text: (v: number | null) => string;
  /** For 复购间隔 shorter is better: an increase is not good news. */
  lowerIsBetter?: boolean;
}

const HEADLINE: Figure[] = [
  { key: "sales_fen", title: "销售额", value: (h) => h.sales_fen, text: (v) => money(v) },
  { key: "orders", title: "订单数", value: (h) => h.orders, text: (v) => count(v ?? 0) },
  { key: "avg_order_fen", title: "客单价", value: (h) => h.avg_order_fen, text: (v) => money(v) },
  { key: "buyers", title: "购买会员", value: (h) => h.buyers, text: (v) => `${count(v ?? 0)} 人` },
  { key: "conversion_rate", title: "转化率", value: (h) => h.conversion_rate, text: rate },
  { key: "repurchase_rate", title: "复购率", value: (h) => h.repurchase_rate, text: rate },
  { key: "repurchase_interval_days", title: "复购间隔", value: (h) => h.repurchase_interval_days, text: days, lowerIsBetter: true },
  { key: "members.new", title: "新会员", value: (h) => h.members.new, text: (v) => `${count(v ?? 0)} 人` },
  { key: "members.total", title: "会员总数", value: (h) => h.members.total, text: (v) => `${count(v ?? 0)} 人` },
  { key: "members.left", title: "离开", value: (h) => h.members.left, text: (v) => `${count(v ?? 0)} 人`, lowerIsBetter: true },
];

function HeadlineCard({ f, now, before, def }: { f: Figure; now: Headline; before: Headline; def?: Definition }) {
  const v = f.value(now);
  const c = change(v, f.value(before));
  const good = c?.up === null || c === null ? null : c.up !== Boolean(f.lowerIsBetter);
  return (
    <Card size="small" data-testid={`report-figure-${f.key}`}>
      <Statistic title={<Defined title={f.title} def={def} />} value={f.text(v)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        上期 {f.text(f.value(before))}
        {c ? (
          <span style={{ marginLeft: 8, color: good === null ? undefined : good ? "#389e0d" : "#cf1322" }} data-testid={`report-change-${f.key}`}>
            {c.text}
          </span>
        ) : null}
      </Typography.Text>
    </Card>
  );
}

function Figures({ items }: { items: { label: React.ReactNode; value: string; testId?: string }[] }) {
  return (
    <Row gutter={[12, 12]}>
      {items.map((i, n) => (
        <Col span={12} key={n}>
          <Statistic title={i.label} value={i.value} valueStyle={{ fontSize: 20 }} data-testid={i.testId} />
        </Col>
      ))}
    </Row>
  );
}

// Memoised: while a new period is being computed the page re-renders (the period,
// 正在计算…) and the old figures must not be drawn again meanwhile.
const Sections = memo(function Sections({ s, defs, colours }: { s: Summary; defs: Map<string, Definition>; colours: Colours }) {
  const d = (key: string) => defs.get(key);
  const growth = useMemo(() => growthOption(s, colours), [s, colours]);
  const sales = useMemo(() => salesOption(s, colours), [s, colours]);
  const tiers = useMemo(() => tiersOption(s, colours), [s, colours]);
  const channels = useMemo(() => channelsOption(s, colours), [s, colours]);
  const unit = { day: "每天", week: "每周", month: "每月" }[s.bucket];
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Row gutter={[12, 12]}>
        {HEADLINE.map((f) => (
          <Col xs={12} md={8} xl={6} xxl={4} key={f.key}>
            <HeadlineCard f={f} now={s} before={s.previous} def={d(f.key)} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title={`会员增长（${unit}）`} def={d("members.new")} />}>
            <Chart option={growth} testId="report-chart-growth" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title={`销售（${unit}）`} def={d("sales_fen")} />}>
            <Chart option={sales} testId="report-chart-sales" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="等级分布（期末）" def={d("tiers")} />}>
            <Chart option={tiers} height={240} testId="report-chart-tiers" />
            <Typography.Text type="secondary">
              <Defined title={`本期升级 ${s.tier_moves.upgrades} 次，降级 ${s.tier_moves.downgrades} 次`} def={d("tier_moves")} />
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="沉睡与唤醒、积分">
            <Figures
              items={[
                { label: <Defined title="期末沉睡" def={d("dormant")} />, value: `${count(s.dormant)} 人`, testId: "report-dormant" },
                { label: <Defined title="本期唤醒" def={d("woken")} />, value: `${count(s.woken)} 人` },
                { label: <Defined title="发放积分" def={d("points")} />, value: count(s.points.issued) },
                { label: "兑换 / 过期", value: `${count(s.points.redeemed)} / ${count(s.points.expired)}` },
                { label: "期末未用积分", value: count(s.points.outstanding) },
                { label: <Defined title="积分负债" def={d("points.outstanding_fen")} />, value: money(s.points.outstanding_fen), testId: "report-points-liability" },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="渠道" def={d("channels")} />}>
            {s.channels.length ? <Chart option={channels} height={Math.max(160, 40 + s.channels.slice(0, 10).length * 36)} testId="report-chart-channels" /> : null}
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.channel_id ?? "gone"}-${r.channel}`}
              dataSource={s.channels}
              locale={{ emptyText: "还没有邀请渠道" }}
              columns={[
                { title: "渠道", dataIndex: "channel", render: (v: string, r) => (r.channel_id === null ? `${v}（已删除）` : v) },
                { title: "新会员", dataIndex: "new_members", align: "right" },
                { title: "核销", dataIndex: "redemptions", align: "right" },
                { title: "带来消费", dataIndex: "spend_fen", align: "right", render: (v: number) => money(v) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="群" def={d("groups")} />}>
            <Typography.Paragraph type="secondary">
              <Defined
                title={`共 ${s.community.groups} 个群，席位 ${count(s.community.seats_used)} / ${count(s.community.seats)}；${s.community.qr_expiring} 个群二维码已过期或快过期`}
                def={d("community")}
              />
            </Typography.Paragraph>
            <Table
              size="small"
              pagination={false}
              rowKey="group_id"
              dataSource={s.groups}
              locale={{ emptyText: "群台账里还没有群" }}
              columns={[
                { title: "群", dataIndex: "group" },
                { title: "会员", dataIndex: "members", align: "right" },
                { title: "新进群", dataIndex: "new_members", align: "right" },
                { title: "带来消费", dataIndex: "spend_fen", align: "right", render: (v: number) => money(v) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="新会员 30 天留存" def={d("retention_30d")} />}>
            <Table
              size="small"
              pagination={false}
              rowKey="cohort"
              dataSource={s.retention_30d}
              locale={{ emptyText: "本期没有新会员" }}
              columns={[
                { title: "入会月份", dataIndex: "cohort" },
                { title: "入会", dataIndex: "joined", align: "right" },
                { title: "30 天内回来", dataIndex: "retained", align: "right" },
                { title: "留存", align: "right", render: (_, r) => rate(r.joined ? r.retained / r.joined : null) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="老带新" def={d("referral")} />}>
            <Figures
              items={[
                { label: "推荐人", value: `${count(s.referral.referrers)} 人` },
                { label: "被推荐入会", value: `${count(s.referral.referred)} 人` },
                { label: "裂变倍数", value: s.referral.fission_multiple === null ? "—" : `${s.referral.fission_multiple.toFixed(1)} 倍` },
                { label: "参与率", value: rate(s.referral.participation_rate) },
              ]}
            />
            {s.referral.top_referrers.length ? (
              <List
                size="small"
                header="带人最多"
                dataSource={s.referral.top_referrers}
                renderItem={(r) => (
                  <List.Item>
                    {r.name}（{r.phone}）带来 {r.referred} 人
                  </List.Item>
                )}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Defined title="培训" def={d("training")} />}>
            <Figures
              items={[
                { label: "每日 SOP", value: `${s.training.sop_days_complete} / ${s.training.sop_days} 天做完` },
                { label: "打勾比例", value: rate(s.training.sop_completion) },
                { label: "考试", value: `${s.training.exams_passed} / ${s.training.exams} 人通过` },
                { label: "平均分", value: s.training.average_score === null ? "—" : `${s.training.average_score.toFixed(1)} 分` },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
});

export function ReportsPage() {
  const today = useQuery(queries.appToday());
  const shop = useQuery(queries.shopGet());
  const definitions = useQuery(queries.reportDefinitions());
  const [preset, setPreset] = useState<PresetKey>("this_month");
  const [custom, setCustom] = useState<PeriodRange | null>(null);
  const [showDefs, setShowDefs] = useState(false);

  const period: PeriodRange | null = !today.data ? null : preset === "custom" ? custom ?? presetRange("this_month", today.data) : presetRange(preset, today.data);
  const summary = useQuery({
    ...queries.reportSummary(period?.from ?? "", period?.to ?? ""),
    enabled: period !== null,
    placeholderData: (previous) => previous,
  });
  // New figures are rendered in an interruptible pass, so the window keeps
  // answering while a big period's sections are laid out.
  const shown = useDeferredValue(summary.data);
  const defs = useMemo(() => new Map((definitions.data ?? []).map((d) => [d.key, d])), [definitions.data]);
  const colours = useMemo<Colours>(() => (shop.data ? { primary: shop.data.primary, accent: shop.data.accent } : DEFAULT_COLOURS), [shop.data]);

  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: "100%" }}
      data-testid="report-page"
      // The period asked for and the one on screen: equal once a switch has landed.
      data-wanted-period={period ? `${period.from}~${period.to}` : ""}
      data-shown-period={shown && shown === summary.data && !summary.isPlaceholderData ? `${shown.from}~${shown.to}` : ""}
    >
      <Card size="small">
        <Space wrap>
          <Segmented
            value={preset}
            onChange={(v) => setPreset(v as PresetKey)}
            options={PRESETS.map((p) => ({ value: p.key, label: <span data-testid={`report-preset-${p.key}`}>{p.label}</span> }))}
          />
          {preset === "custom" ? (
            <DatePicker.RangePicker
              allowClear={false}
              value={period ? [dayjs(period.from), dayjs(period.to)] : null}
              onChange={(v) => {
                if (v?.[0] && v[1]) setCustom({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") });
              }}
              data-testid="report-range"
            />
          ) : null}
          {period ? (
            <Typography.Text data-testid="report-period">
              {periodText(period)}
              {summary.data ? `，对比上期 ${summary.data.previous.from} 至 ${summary.data.previous.to}` : ""}
            </Typography.Text>
          ) : null}
          <Button icon={<QuestionCircleOutlined />} onClick={() => setShowDefs(true)} data-testid="report-definitions">
            统计口径
          </Button>
          {summary.isPlaceholderData ? (
            <Space size={4} data-testid="report-loading">
              <Spin size="small" />
              <Typography.Text type="secondary">正在计算…</Typography.Text>
            </Space>
          ) : null}
          {period ? <ReportExports from={period.from} to={period.to} /> : null}
        </Space>
      </Card>
      {summary.isError ? <Alert type="error" showIcon message="报表没算出来" description={summary.error.message} /> : null}
      {shown ? <Sections s={shown} defs={defs} colours={colours} /> : summary.isError ? <Empty /> : <Skeleton active />}
      <Drawer title="统计口径" open={showDefs} onClose={() => setShowDefs(false)} width={480}>
        <List
          dataSource={definitions.data ?? []}
          renderItem={(d) => (
            <List.Item>
              <List.Item.Meta title={d.title} description={d.text} />
            </List.Item>
          )}
        />
      </Drawer>
    </Space>
  );
}
