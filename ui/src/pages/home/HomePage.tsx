import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Empty, List, Progress, Result, Space, Spin, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { Navigate, useNavigate } from "react-router";

import { queries } from "../../api";
import type { TodayOverview } from "../../bindings/TodayOverview";
import { qrTag, seatsText } from "../../lib/invites";
import { formatYuan } from "../../lib/money";
import { setupToOffer } from "../../lib/setupOffer";
import { TIER_LABEL } from "../../lib/tiers";
import { PrepCard } from "./PrepCard";

const WEEKDAY = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

/** One line of 今天要做: what, how many, and the page where it is handled. */
function Todo({ title, count, action, testId, children }: { title: string; count: number; action: () => void; testId: string; children?: React.ReactNode }) {
  return (
    <List.Item
      data-testid={testId}
      actions={[
        <Button key="go" type="link" onClick={action} data-testid={`${testId}-go`}>
          去处理
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space>
            {title}
            <Tag color={count ? "orange" : "default"}>{count}</Tag>
          </Space>
        }
        description={children}
      />
    </List.Item>
  );
}

/** 今天要做: birthdays, group QR codes, full groups, dormant members worth a call. */
function TodayCard({ o }: { o: TodayOverview }) {
  const navigate = useNavigate();
  const names = (list: TodayOverview["birthdays_today"]) => list.map((m) => m.name).join("、");
  const weekday = WEEKDAY[dayjs(o.date).day()];
  return (
    <Card title={<span data-testid="home-date">今天 {o.date} {weekday}</span>} size="small">
      <List size="small">
        <Todo title="生日" count={o.birthdays_today.length + o.birthdays_week.length} action={() => navigate("/members?list=birthday_week")} testId="home-birthdays">
          {o.birthdays_today.length ? <div>今天：{names(o.birthdays_today)}，别忘了送上祝福</div> : null}
          {o.birthdays_week.length ? (
            <div>7 天内：{o.birthdays_week.map((m) => `${m.name}（${m.birthday_this_year?.slice(5) ?? ""}）`).join("、")}</div>
          ) : null}
          {!o.birthdays_today.length && !o.birthdays_week.length ? "这一周没有会员过生日" : null}
        </Todo>
        <Todo title="群二维码" count={o.qr_alerts.length} action={() => navigate("/groups")} testId="home-qr">
          {o.qr_alerts.length
            ? o.qr_alerts.map((g) => (
                <div key={g.id}>
                  {g.name}：<Tag color={qrTag(g.qr).color}>{qrTag(g.qr).text}</Tag>
                </div>
              ))
            : "没有快过期的群二维码"}
        </Todo>
        <Todo title="群快满了" count={o.near_capacity.length} action={() => navigate("/groups")} testId="home-capacity">
          {o.near_capacity.length ? o.near_capacity.map((g) => <div key={g.id}>{`${g.name}：${g.size}/${g.capacity} 人，${seatsText(g.seats_left, true).text}`}</div>) : "每个群都还有空位"}
        </Todo>
        <Todo title="值得打个电话的沉睡会员" count={o.dormant_total} action={() => navigate("/members?list=dormant")} testId="home-dormant">
          {o.dormant.length
            ? o.dormant.map((m) => (
                <div key={m.id}>
                  {m.name} {m.phone} · {TIER_LABEL[m.tier]} · 近 12 个月 {formatYuan(m.spend_12m_fen)} · 最近消费 {m.last_purchase_on ?? "—"}
                </div>
              ))
            : "没有沉睡会员"}
        </Todo>
      </List>
    </Card>
  );
}

/**
 * A shop without a name. At the first start of a new data file the 开店向导 opens
 * instead (decided before anything shows, so nothing flashes past); after that, or
 * when the owner left the wizard, this screen offers it and 从备份恢复.
 */
function Welcome() {
  const navigate = useNavigate();
  const setup = useQuery(queries.setupStatus());
  if (!setup.data) return <Spin style={{ display: "block", marginTop: 80 }} />;
  if (setupToOffer(setup.data.opens_at_start)) return <Navigate to="/setup" replace />;
  return (
    <Result
      icon={<img src="/icon.png" alt="" width={72} height={72} />}
      title="欢迎使用社群掌柜"
      subTitle="开店向导会带你填好店铺资料、放进会员、登记第一个群，再印出第一张邀请卡。"
      extra={
        <Space direction="vertical" size={12}>
          <Button type="primary" size="large" onClick={() => navigate("/setup")} data-testid="welcome-setup">
            打开开店向导
          </Button>
          {/* 换电脑: the whole shop comes back from one backup file. */}
          <Button size="large" onClick={() => navigate("/backup?restore=file")} data-testid="welcome-restore">
            换了新电脑？从备份恢复
          </Button>
        </Space>
      }
    />
  );
}

export function HomePage() {
  const navigate = useNavigate();
  const shop = useQuery(queries.shopGet());
  const status = useQuery(queries.appStatus());
  // Refetched each minute too: SOP items turn late as their windows close.
  // Always fresh when the page opens: it sums up what every other page changes.
  const overview = useQuery({ ...queries.todayOverview(), refetchInterval: 60_000, staleTime: 0 });
  const sop = overview.data?.sop;
  const growth = useQuery(queries.staffGrowth());
  const profile = shop.data;

  if (profile && !profile.name) {
    return <Welcome />;
  }

  const tiers = profile?.rules.tiers;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%", maxWidth: 880 }}>
      {overview.data ? <TodayCard o={overview.data} /> : <Card loading size="small" />}
      <PrepCard />
      <Card
        title="今日SOP"
        size="small"
        extra={
          <Button type="link" onClick={() => navigate("/training")}>
            去勾选
          </Button>
        }
        data-testid="home-sop"
      >
        {sop?.length ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            {sop.map((run) => (
              <Space key={run.id} wrap>
                <Typography.Text style={{ display: "inline-block", width: 80 }}>{run.staff}</Typography.Text>
                <Progress percent={run.percent} size="small" style={{ width: 240 }} />
                <Typography.Text type="secondary">
                  {run.done}/{run.total}
                </Typography.Text>
                {run.overdue ? <Tag color="red">{run.overdue} 项已过时</Tag> : null}
              </Space>
            ))}
            {(growth.data ?? [])
              .filter((g) => g.suggestion)
              .map((g) => (
                <Alert key={g.staff_id} type="success" showIcon message={g.suggestion} />
              ))}
          </Space>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="添加店员后，每天自动生成每日SOP" />
        )}
      </Card>
      <Card loading={shop.isPending} title="我的店铺" size="small">
        {profile ? (
          <Descriptions column={2} size="middle">
            <Descriptions.Item label="店铺名称">{profile.name}</Descriptions.Item>
            <Descriptions.Item label="宣传语">{profile.slogan || "—"}</Descriptions.Item>
            <Descriptions.Item label="地址">{profile.address || "—"}</Descriptions.Item>
            <Descriptions.Item label="电话">{profile.phone || "—"}</Descriptions.Item>
            <Descriptions.Item label="品牌色">
              <Space>
                <Tag color={profile.primary}>主色 {profile.primary}</Tag>
                <Tag color={profile.accent}>辅助色 {profile.accent}</Tag>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="默认链接">{profile.link || "—"}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Card>
      {tiers && profile ? (
        <Card title="经营规则">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="会员等级（近 12 个月消费）">
              铜牌 {formatYuan(tiers.bronze_fen)} · 银牌 {formatYuan(tiers.silver_fen)} · 金牌{" "}
              {formatYuan(tiers.gold_fen)} · 钻石 {formatYuan(tiers.diamond_fen)}
            </Descriptions.Item>
            <Descriptions.Item label="沉睡会员">
              超过 {profile.rules.dormant_days} 天没有消费
            </Descriptions.Item>
            <Descriptions.Item label="消费积分">
              每消费 1 元得 {profile.rules.points_per_yuan} 分
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Card title="数据保存在哪里" size="small">
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          所有资料只保存在这台电脑上：
          <Typography.Text code copyable>
            {status.data?.data_dir}
          </Typography.Text>
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          每天自动备份到其中的 backups 文件夹；在 备份与恢复 里可以再设一个 U 盘或网盘同步文件夹，每份备份都会复制过去。
        </Typography.Text>
      </Card>
    </Space>
  );
}
