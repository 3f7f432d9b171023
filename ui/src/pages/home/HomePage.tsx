import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Empty, Progress, Result, Space, Tag, Typography } from "antd";
import { useNavigate } from "react-router";

import { api } from "../../api";
import { formatYuan } from "../../lib/money";

export function HomePage() {
  const navigate = useNavigate();
  const shop = useQuery({ queryKey: ["shop"], queryFn: api.shop.get });
  const status = useQuery({ queryKey: ["status"], queryFn: api.status });
  const sop = useQuery({ queryKey: ["training", "today"], queryFn: api.checklists.today });
  const growth = useQuery({ queryKey: ["training", "growth"], queryFn: api.staff.growth });
  const profile = shop.data;

  if (profile && !profile.name) {
    return (
      <Result
        icon={<img src="/icon.png" alt="" width={72} height={72} />}
        title="欢迎使用社群掌柜"
        subTitle="先填好店铺名称、标志和品牌色，之后打印的邀请卡、海报和报表都会用上。"
        extra={
          <Button type="primary" size="large" onClick={() => navigate("/settings")}>
            填写店铺资料
          </Button>
        }
      />
    );
  }

  const tiers = profile?.rules.tiers;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%", maxWidth: 880 }}>
      <Card loading={shop.isPending} title="我的店铺">
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
        {sop.data?.length ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            {sop.data.map((run) => (
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
          备份方法：先关闭社群掌柜，再把整个文件夹复制到 U 盘或网盘。
        </Typography.Text>
      </Card>
    </Space>
  );
}
