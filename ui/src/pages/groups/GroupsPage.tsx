import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Progress, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { TableProps } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { GroupView } from "../../bindings/GroupView";
import { PLATFORM_LABEL, STAGE_LABEL, qrTag, seatsText } from "../../lib/invites";
import { GroupModal } from "./GroupModal";

/** 群台账: every group with its size, stage and the state of its join QR. */
export function GroupsPage() {
  const { message, modal } = App.useApp();
  const changed = useChanged();
  const groups = useQuery(queries.groupsList());
  // Asked first; refused with the reason while invite channels lead into the group.
  const remove = (g: GroupView) =>
    modal.confirm({
      title: `删除群“${g.name}”？`,
      content: g.members
        ? `登记在这个群里的 ${g.members} 位会员会去掉这个群（会员本身不受影响）。`
        : "只从群台账里删掉，微信里的群不受影响。",
      okText: "删除",
      okButtonProps: { danger: true, "data-testid": "group-delete-ok" } as React.ComponentProps<typeof Button>,
      cancelText: "取消",
      onOk: async () => {
        try {
          await api.groups.remove(g.id);
          changed("invites", "members");
          message.success(`已删除群“${g.name}”`);
        } catch (e) {
          modal.warning({ title: "这个群还不能删", content: (e as AppError).message });
        }
      },
    });
  const [editing, setEditing] = useState<GroupView | undefined>();
  const [open, setOpen] = useState(false);

  const list = groups.data ?? [];
  const qrAlerts = list.filter((g) => g.qr.state === "expires_soon" || g.qr.state === "expired");

  const columns: TableProps<GroupView>["columns"] = [
    {
      title: "群名",
      dataIndex: "name",
      render: (name: string, g) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {g.kind} · {PLATFORM_LABEL[g.platform]}
            {g.owner ? ` · 群主 ${g.owner}` : ""}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: "人数",
      width: 220,
      render: (_, g) => {
        const seats = seatsText(g.seats_left, g.near_capacity);
        return (
          <Space direction="vertical" size={0} style={{ width: "100%" }}>
            <Progress percent={Math.round((g.size * 100) / g.capacity)} size="small" status={seats.warn ? "exception" : "normal"} showInfo={false} />
            <Typography.Text type={seats.warn ? "warning" : "secondary"} style={{ fontSize: 12 }} data-testid={`group-seats-${g.id}`}>
              {g.size}/{g.capacity} 人，{seats.text}
            </Typography.Text>
          </Space>
        );
      },
    },
    { title: "阶段", dataIndex: "stage", width: 80, render: (s: GroupView["stage"]) => <Tag>{STAGE_LABEL[s]}</Tag> },
    {
      title: "进群二维码",
      width: 220,
      render: (_, g) => {
        if (!g.link) return <Typography.Text type="secondary">未填写</Typography.Text>;
        const tag = qrTag(g.qr);
        return (
          <Tooltip title={g.link}>
            <Tag color={tag.color} data-testid={`group-qr-${g.id}`}>
              {tag.text}
            </Tag>
          </Tooltip>
        );
      },
    },
    { title: "已登记会员", dataIndex: "members", width: 100 },
    {
      title: "",
      width: 120,
      render: (_, g) => (
        <Button
          size="small"
          onClick={() => {
            setEditing(g);
            setOpen(true);
          }}
          data-testid={`edit-group-${g.id}`}
        >
          {g.qr.state === "expires_soon" || g.qr.state === "expired" ? "更新二维码" : "编辑"}
        </Button>
      ),
    },
    {
      title: "",
      width: 48,
      render: (_, g) => (
        <Tooltip title="删除群">
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(g)} data-testid={`delete-group-${g.id}`} />
        </Tooltip>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          群台账
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(undefined);
            setOpen(true);
          }}
          data-testid="add-group"
        >
          登记新群
        </Button>
      </Space>
      {qrAlerts.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="group-qr-alerts"
          message="这些群的二维码需要更新"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {qrAlerts.map((g) => (
                <li key={g.id}>
                  {g.name}：{g.qr.state === "expired" ? `已于 ${g.qr.expires_on} 过期` : `${g.qr.state === "expires_soon" ? g.qr.days_left : ""} 天后过期`}
                  ，请在微信里重新生成二维码，再点“更新二维码”上传截图
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card size="small">
        <Table<GroupView>
          rowKey="id"
          loading={groups.isPending}
          dataSource={list}
          columns={columns}
          pagination={false}
          locale={{ emptyText: <Empty description="还没有登记群。点“登记新群”，粘贴进群链接或上传群二维码截图" /> }}
        />
      </Card>
      <GroupModal open={open} editing={editing} onClose={() => setOpen(false)} />
    </Space>
  );
}
