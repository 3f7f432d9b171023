import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, PictureOutlined, PlusOutlined, PrinterOutlined, QrcodeOutlined } from "@ant-design/icons";
import { App, Button, Card, Checkbox, Empty, Input, InputNumber, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from "antd";
import type { TableProps } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { ChannelView } from "../../bindings/ChannelView";
import type { InviteCode } from "../../bindings/InviteCode";
import { confirmAndRetry } from "../../lib/confirm";
import { CHANNEL_KIND_LABEL, qrTag } from "../../lib/invites";
import { ChannelModal } from "./ChannelModal";
import { PrintModal } from "./PrintModal";

/** Makes a batch of one-time codes and shows them, ready to copy. */
function GenerateModal({ channel, onClose }: { channel: ChannelView; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [count, setCount] = useState<number | null>(16);
  const [made, setMade] = useState<InviteCode[] | null>(null);
  const generate = useMutation({
    mutationFn: () => api.invites.generate(channel.id, count ?? 0),
    onSuccess: (codes) => {
      setMade(codes);
      changed("invites");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  return (
    <Modal
      title={`生成邀请码：${channel.name}`}
      open
      onCancel={onClose}
      okText={made ? "完成" : "生成"}
      cancelText="取消"
      confirmLoading={generate.isPending}
      onOk={() => (made ? onClose() : generate.mutate())}
      okButtonProps={{ "data-testid": "generate-ok", disabled: !made && !count } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      {made ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Text data-testid="generated-summary">
            已生成 {made.length} 个一次性邀请码，打印时会优先使用。
          </Typography.Text>
          <Input.TextArea readOnly rows={8} value={made.map((c) => c.code).join("\n")} data-testid="generated-codes" />
          <Typography.Text copyable={{ text: made.map((c) => c.code).join("\n") }}>复制全部</Typography.Text>
        </Space>
      ) : (
        <Space>
          生成
          <InputNumber min={1} max={5000} precision={0} value={count} onChange={setCount} data-testid="generate-count" />
          个一次性邀请码（6 位字母数字 + 1 位校验，不含 0/O、1/I/L）
        </Space>
      )}
    </Modal>
  );
}

/** 邀请渠道: where invite cards go, their codes, printing and the WeChat card picture. */
export function InvitesPage() {
  const { message, modal } = App.useApp();
  const [showArchived, setShowArchived] = useState(false);
  const changed = useChanged();
  const channels = useQuery(queries.channelsList());
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ChannelView | undefined>();
  const [printing, setPrinting] = useState<ChannelView | null>(null);
  const [generating, setGenerating] = useState<ChannelView | null>(null);

  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) => api.channels.setActive(id, active),
    onSuccess: (ch) => {
      changed("invites");
      message.success(ch.active ? `渠道“${ch.name}”已恢复` : `渠道“${ch.name}”已暂停：它的码在收银台会被拒收`);
    },
    onError: (e: AppError) => message.error(e.message),
  });

  const savePng = async (ch: ChannelView, allowExpiredQr = false): Promise<void> => {
    try {
      const outcome = await api.invites.cardPng(ch.id, allowExpiredQr);
      if (!outcome) return;
      changed("invites");
      message.success(`已保存邀请卡图片（邀请码 ${outcome.run.codes[0]}）：${outcome.path}`);
    } catch (e) {
      const asked = confirmAndRetry(modal, e as AppError, () => savePng(ch, true), {
        title: "群二维码已过期",
        okText: "仍然保存",
        when: (err) => err.code === "Conflict" && !allowExpiredQr && ch.qr.state === "expired",
      });
      if (!asked) message.error((e as AppError).message);
    }
  };

  const archive = useMutation({
    mutationFn: ({ id, archived }: { id: number; archived: boolean }) => api.channels.archive(id, archived),
    onSuccess: (ch) => {
      changed("invites");
      message.success(ch.archived ? `渠道“${ch.name}”已归档：不再显示，已发出的码照常能用` : `渠道“${ch.name}”已取消归档`);
    },
    onError: (e: AppError) => message.error(e.message),
  });
  // Asked first; while cards are out the backend refuses and archiving is offered.
  const remove = (ch: ChannelView) =>
    modal.confirm({
      title: `删除渠道“${ch.name}”？`,
      content: "没印过的码会一起删掉；核销记录会保留。",
      okText: "删除",
      okButtonProps: { danger: true, "data-testid": "channel-delete-ok" } as React.ComponentProps<typeof Button>,
      cancelText: "取消",
      onOk: async () => {
        try {
          await api.channels.remove(ch.id);
          changed("invites");
          message.success(`已删除渠道“${ch.name}”`);
        } catch (e) {
          const err = e as AppError;
          if (err.code !== "Conflict") return message.error(err.message);
          modal.confirm({
            title: "这个渠道还不能删",
            content: err.message,
            okText: "改为归档",
            cancelText: "先不动",
            okButtonProps: { "data-testid": "channel-archive-instead" } as React.ComponentProps<typeof Button>,
            onOk: () => archive.mutateAsync({ id: ch.id, archived: true }),
          });
        }
      },
    });

  const columns: TableProps<ChannelView>["columns"] = [
    {
      title: "渠道",
      width: 200,
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{c.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {CHANNEL_KIND_LABEL[c.kind]}
            {c.partner ? ` · ${c.partner}` : ""}
            {c.valid_until ? ` · 有效期至 ${c.valid_until}` : ""}
          </Typography.Text>
        </Space>
      ),
    },
    { title: "进群礼", dataIndex: "gift", width: 140, render: (g: string) => g || <Typography.Text type="secondary">无</Typography.Text> },
    {
      title: "扫码去向",
      width: 170,
      render: (_, c) => {
        const tag = qrTag(c.qr);
        return (
          <Tooltip title={c.link}>
            {c.group_id !== null ? <Tag color={tag.color}>{tag.text}</Tag> : <Tag>链接</Tag>}
          </Tooltip>
        );
      },
    },
    {
      title: "邀请码",
      width: 210,
      render: (_, c) => (
        <Typography.Text data-testid={`channel-counts-${c.id}`}>
          共 {c.codes} · 未打印 {c.unprinted} · 已核销 {c.redeemed}
        </Typography.Text>
      ),
    },
    {
      title: "启用",
      width: 70,
      render: (_, c) => <Switch size="small" checked={c.active} loading={toggle.isPending} onChange={(active) => toggle.mutate({ id: c.id, active })} />,
    },
    {
      title: "",
      render: (_, c) => (
        <Space>
          <Button size="small" icon={<QrcodeOutlined />} onClick={() => setGenerating(c)} data-testid={`generate-${c.id}`}>
            生成码
          </Button>
          <Button size="small" type="primary" icon={<PrinterOutlined />} onClick={() => setPrinting(c)} data-testid={`print-${c.id}`}>
            打印
          </Button>
          <Button size="small" icon={<PictureOutlined />} onClick={() => void savePng(c)} data-testid={`card-png-${c.id}`}>
            微信图片
          </Button>
          <Button
            size="small"
            type="link"
            onClick={() => {
              setEditing(c);
              setAdding(true);
            }}
          >
            编辑
          </Button>
          {c.archived ? (
            <Button size="small" type="link" onClick={() => archive.mutate({ id: c.id, archived: false })}>
              取消归档
            </Button>
          ) : (
            <Button size="small" type="link" onClick={() => archive.mutate({ id: c.id, archived: true })} data-testid={`archive-${c.id}`}>
              归档
            </Button>
          )}
          <Tooltip title="删除渠道">
            <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(c)} data-testid={`delete-channel-${c.id}`} />
          </Tooltip>
        </Space>
      ),
    },
  ];
  const archivedCount = (channels.data ?? []).filter((c) => c.archived).length;
  const shown = (channels.data ?? []).filter((c) => showArchived || !c.archived);

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          邀请码
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(undefined);
            setAdding(true);
          }}
          data-testid="add-channel"
        >
          新建渠道
        </Button>
      </Space>
      <Card size="small">
        <Table<ChannelView>
          rowKey="id"
          loading={channels.isPending}
          dataSource={shown}
          columns={columns}
          pagination={false}
          footer={
            archivedCount
              ? () => (
                  <Checkbox checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="show-archived">
                    显示已归档的 {archivedCount} 个渠道
                  </Checkbox>
                )
              : undefined
          }
          locale={{ emptyText: <Empty description="还没有邀请渠道。先新建一个，比如“收银台立牌”" /> }}
        />
      </Card>
      <ChannelModal open={adding} editing={editing} onClose={() => setAdding(false)} />
      {printing ? <PrintModal channel={printing} onClose={() => setPrinting(null)} /> : null}
      {generating ? <GenerateModal channel={generating} onClose={() => setGenerating(null)} /> : null}
    </Space>
  );
}
