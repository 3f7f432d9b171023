import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CloseOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Drawer, Empty, Input, InputNumber, Popconfirm, Progress, Space, Table, Tabs, Tag, Tree, Typography } from "antd";
import type { TreeDataNode } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { MemberView } from "../../bindings/MemberView";
import type { ReferralNode } from "../../bindings/ReferralNode";
import { confirmAndRetry } from "../../lib/confirm";
import { formatYuan } from "../../lib/money";
import { AddMemberModal } from "./AddMemberModal";
import { TIER_COLOR, TIER_LABEL } from "../../lib/tiers";

function toTree(node: ReferralNode): TreeDataNode {
  return { key: node.id, title: `${node.name}（${node.joined_on} 入会）`, children: node.children.map(toTree) };
}

function TierProgress({ member }: { member: MemberView }) {
  const next = member.next_tier;
  if (!next) return <Typography.Text>已是最高等级</Typography.Text>;
  const reached = member.spend_12m_fen;
  const percent = Math.min(100, Math.round((reached / (reached + next.remaining_fen)) * 100));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Progress percent={percent} showInfo={false} />
      <Typography.Text data-testid="next-tier">
        再消费 {formatYuan(next.remaining_fen)} 升级{TIER_LABEL[next.tier]}
      </Typography.Text>
    </Space>
  );
}

export function MemberDrawer({ memberId, onClose }: { memberId: number | null; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const changed = useChanged();
  const id = memberId ?? 0;
  const enabled = memberId !== null;
  const member = useQuery({ ...queries.membersGet(id), enabled });
  const purchases = useQuery({ ...queries.membersPurchases(id), enabled });
  const points = useQuery({ ...queries.membersPoints(id), enabled });
  const referrals = useQuery({ ...queries.membersReferrals(id), enabled });
  const [pointsDelta, setPointsDelta] = useState<number | null>(null);
  const [pointsReason, setPointsReason] = useState("");
  const [leaveReason, setLeaveReason] = useState("");
  const [editing, setEditing] = useState(false);

  const refresh = () => changed("members");
  const onError = (e: AppError) => message.error(e.message);

  const voidPurchase = useMutation({ mutationFn: api.members.voidPurchase, onSuccess: () => { message.success("已撤销这笔消费"); refresh(); }, onError });
  const adjust = useMutation({
    mutationFn: () => api.members.adjustPoints(id, pointsDelta ?? 0, pointsReason),
    onSuccess: (balance) => {
      message.success(`积分已更新，现有 ${balance} 分`);
      setPointsDelta(null);
      setPointsReason("");
      refresh();
    },
    onError,
  });
  const leave = useMutation({ mutationFn: () => api.members.markLeft(id, leaveReason), onSuccess: () => { message.success("已标记为离开"); refresh(); onClose(); }, onError });
  const comeBack = useMutation({
    mutationFn: () => api.members.returnMember(id),
    onSuccess: () => {
      message.success("欢迎回来：已恢复为在册会员");
      refresh();
    },
    onError,
  });
  const remove = useMutation({ mutationFn: () => api.members.remove(id), onSuccess: () => { message.success("已删除该会员的个人信息"); refresh(); onClose(); }, onError });

  const m = member.data;
  const saveReferralCard = async (allowExpiredQr = false): Promise<void> => {
    try {
      const outcome = await api.invites.referralCard(id, allowExpiredQr);
      if (outcome) message.success(`已保存 ${m?.name ?? ""} 的老带新邀请卡（推荐码 ${outcome.run.codes[0]}）：${outcome.path}`);
    } catch (e) {
      const asked = confirmAndRetry(modal, e as AppError, () => saveReferralCard(true), {
        title: "群二维码已过期",
        okText: "仍然保存",
        when: (err) => err.code === "Conflict" && !allowExpiredQr,
      });
      if (!asked) message.error((e as AppError).message);
    }
  };
  return (
    <Drawer
      open={enabled}
      onClose={onClose}
      width={640}
      closeIcon={<CloseOutlined data-testid="drawer-close" />}
      title={m ? `${m.name} · ${TIER_LABEL[m.tier]}` : "会员"}
      extra={
        m ? (
          <Space>
            <Button onClick={() => void saveReferralCard()} data-testid="referral-card">
              老带新邀请卡
            </Button>
            <Button onClick={() => setEditing(true)} data-testid="edit-member">
              编辑
            </Button>
          </Space>
        ) : null
      }
      destroyOnHidden
    >
      {m ? <AddMemberModal open={editing} editing={m} onClose={() => setEditing(false)} onOpenMember={() => undefined} /> : null}
      {m ? (
        <Space direction="vertical" size={16} style={{ width: "100%" }} data-testid="member-drawer">
          {m.status === "left" ? (
            <Alert
              type="warning"
              showIcon
              message={`这位会员已离开${m.left_reason ? `：${m.left_reason}` : ""}`}
              description="离开的会员不在会员列表和名单里，资料和消费记录都还在。回来了就点“恢复”。"
              action={
                <Button type="primary" loading={comeBack.isPending} onClick={() => comeBack.mutate()} data-testid="member-return">
                  恢复
                </Button>
              }
              data-testid="member-left"
            />
          ) : null}
          <Descriptions column={2} size="small">
            <Descriptions.Item label="手机号">{m.phone}</Descriptions.Item>
            {m.wechat ? <Descriptions.Item label="微信昵称">{m.wechat}</Descriptions.Item> : null}
            <Descriptions.Item label="等级">
              <Tag color={TIER_COLOR[m.tier]}>{TIER_LABEL[m.tier]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="近 12 个月消费">{formatYuan(m.spend_12m_fen)}</Descriptions.Item>
            <Descriptions.Item label="积分">{m.points}</Descriptions.Item>
            <Descriptions.Item label="生日">
              {m.birthday ? `${m.birthday.lunar ? "农历 " : ""}${m.birthday.month} 月 ${m.birthday.day} 日${m.birthday_this_year && m.birthday.lunar ? `（今年 ${m.birthday_this_year}）` : ""}` : "—"}
            </Descriptions.Item>
            <Descriptions.Item label="入会">{m.joined_on}</Descriptions.Item>
            <Descriptions.Item label="来源">
              <span data-testid="member-source">{m.source || "—"}</span>
            </Descriptions.Item>
            <Descriptions.Item label="推荐人">{m.referrer_name ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="推荐了">{m.referrals} 位</Descriptions.Item>
            <Descriptions.Item label="所在的群" span={2}>
              <span data-testid="member-groups-shown">{m.groups.length ? m.groups.map((g) => <Tag key={g.id}>{g.name}</Tag>) : "—"}</span>
            </Descriptions.Item>
            <Descriptions.Item label="标签" span={2}>
              {m.tags.length ? m.tags.map((t) => <Tag key={t}>{t}</Tag>) : "—"}
            </Descriptions.Item>
            {m.notes ? <Descriptions.Item label="备注" span={2}>{m.notes}</Descriptions.Item> : null}
          </Descriptions>
          <TierProgress member={m} />
          <Tabs
            items={[
              {
                key: "purchases",
                label: "消费记录",
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={{ pageSize: 10 }}
                    dataSource={purchases.data}
                    columns={[
                      { title: "日期", dataIndex: "occurred_on" },
                      { title: "金额", dataIndex: "amount_fen", align: "right", render: (fen: number) => formatYuan(fen) },
                      { title: "备注", render: (_, p) => (p.reverses_id ? "撤销" : p.voided ? "已撤销" : p.note || p.category) },
                      {
                        title: "",
                        render: (_, p) =>
                          p.reverses_id || p.voided ? null : (
                            <Popconfirm title="撤销这笔消费？会同时扣回它送的积分。" okText="撤销" cancelText="不撤销" onConfirm={() => voidPurchase.mutate(p.id)}>
                              <Button type="link" size="small" danger>
                                撤销
                              </Button>
                            </Popconfirm>
                          ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: "points",
                label: "积分",
                children: (
                  <Space direction="vertical" style={{ width: "100%" }}>
                    <Space wrap>
                      <InputNumber placeholder="正数奖励，负数兑换" value={pointsDelta} onChange={setPointsDelta} precision={0} style={{ width: 180 }} />
                      <Input placeholder="原因，如 每日签到、兑换保温杯" value={pointsReason} onChange={(e) => setPointsReason(e.target.value)} style={{ width: 240 }} />
                      <Button disabled={!pointsDelta} loading={adjust.isPending} onClick={() => adjust.mutate()}>
                        确定
                      </Button>
                    </Space>
                    <Table
                      size="small"
                      rowKey="id"
                      pagination={{ pageSize: 10 }}
                      dataSource={points.data}
                      columns={[
                        { title: "日期", dataIndex: "occurred_on" },
                        { title: "变动", dataIndex: "delta", align: "right", render: (d: number) => (d > 0 ? `+${d}` : d) },
                        { title: "原因", dataIndex: "reason" },
                        { title: "到期", dataIndex: "expires_on", render: (d: string | null) => d ?? "" },
                      ]}
                    />
                  </Space>
                ),
              },
              {
                key: "referrals",
                label: "推荐关系",
                children: referrals.data && referrals.data.children.length ? <Tree defaultExpandAll treeData={[toTree(referrals.data)]} /> : <Empty description="还没有推荐新会员" />,
              },
              {
                key: "manage",
                label: "离开 / 删除",
                children: (
                  <Space direction="vertical" style={{ width: "100%" }}>
                    <Space>
                      <Input placeholder="离开原因（必填）" value={leaveReason} onChange={(e) => setLeaveReason(e.target.value)} style={{ width: 300 }} />
                      <Button onClick={() => leave.mutate()} disabled={!leaveReason.trim()}>
                        标记为离开
                      </Button>
                    </Space>
                    <Popconfirm
                      title="删除这位会员？"
                      description="姓名、手机号、生日等个人信息会被永久删除，只保留不记名的消费合计。"
                      okText="删除"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => remove.mutate()}
                    >
                      <Button danger>删除个人信息</Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      ) : (
        <Empty />
      )}
    </Drawer>
  );
}
