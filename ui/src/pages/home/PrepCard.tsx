// 提前准备: festivals, campaigns and member days in the next 30 days, what should be
// ready by now (30 days out: theme, goal, offers; 14: poster, codes, phrases; 7: warm
// up and hand out the checklist), with a button for each step.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Empty, List, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useNavigate } from "react-router";

import { queries } from "../../api";
import type { Upcoming } from "../../bindings/Upcoming";
import { CampaignForm, type CampaignDraft } from "../campaigns/CampaignForm";

const STAGE: Record<Upcoming["stage"], string> = { plan: "定方案", materials: "备物料", warm_up: "预热" };

function draftFor(u: Upcoming): CampaignDraft {
  const day = dayjs(u.date);
  return {
    input: {
      name: u.kind === "member_day" ? `${day.format("M月")}会员日` : `${u.name}活动`,
      kind: u.kind === "member_day" ? "member_day" : "festival",
      festival: u.kind === "festival" ? u.name : "",
      start: (u.kind === "member_day" ? day : day.subtract(3, "day")).format("YYYY-MM-DD"),
      end: day.format("YYYY-MM-DD"),
      metric: "sales",
    },
  };
}

export function PrepCard() {
  const navigate = useNavigate();
  const upcoming = useQuery(queries.calendarUpcoming());
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const items = upcoming.data ?? [];
  return (
    <Card
      title="提前准备"
      size="small"
      data-testid="home-prep"
      extra={
        <Button type="link" onClick={() => void navigate("/calendar")}>
          看日历
        </Button>
      }
    >
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(u) => (
            <List.Item data-testid={`home-prep-${u.date}`}>
              <Space direction="vertical" size={2} style={{ width: "100%" }}>
                <Space wrap>
                  <strong>{u.name}</strong>
                  <Typography.Text type="secondary">
                    {u.date}，还有 {u.days_to_go} 天
                  </Typography.Text>
                  <Tag color={u.stage === "warm_up" ? "orange" : u.stage === "materials" ? "blue" : "default"}>{STAGE[u.stage]}</Tag>
                  <Typography.Text>{u.todo}</Typography.Text>
                </Space>
                <Space wrap size={4}>
                  {u.campaign_id !== null ? (
                    <Button size="small" type="primary" onClick={() => void navigate(`/campaigns?id=${u.campaign_id}`)}>
                      查看活动
                    </Button>
                  ) : (
                    <Button size="small" type="primary" onClick={() => setDraft(draftFor(u))}>
                      定主题和目标
                    </Button>
                  )}
                  <Button size="small" onClick={() => void navigate("/posters")}>
                    做海报
                  </Button>
                  <Button size="small" onClick={() => void navigate("/invites")}>
                    备邀请码
                  </Button>
                  <Button size="small" onClick={() => void navigate("/phrases")}>
                    找话术
                  </Button>
                  <Button size="small" onClick={() => void navigate("/training")}>
                    派清单
                  </Button>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="30 天内没有要准备的节日或活动" />
      )}
      <CampaignForm draft={draft} onClose={() => setDraft(null)} onSaved={(c) => void navigate(`/campaigns?id=${c.id}`)} />
    </Card>
  );
}
