import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, EditOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Image, Space, Table, Tag, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { AssetView } from "../../bindings/AssetView";
import { LICENCE_LABEL } from "../../lib/posters";
import { AssetModal } from "../posters/AssetModal";

const LICENCE_COLOR: Record<AssetView["licence"], string> = {
  own: "green",
  licensed: "blue",
  consent: "cyan",
  web: "red",
};

function Thumbnail({ id }: { id: number }) {
  const thumb = useQuery(queries.assetsThumbnail(id));
  return thumb.data ? <Image src={thumb.data} width={96} style={{ objectFit: "contain" }} /> : <div style={{ width: 96, height: 64 }} />;
}

/** What the record says about where a picture came from. */
function record(a: AssetView): string {
  switch (a.licence) {
    case "own":
      return "店里自己拍的或做的";
    case "licensed":
      return `授权来源：${a.source}`;
    case "consent":
      return `${a.consent_name} 于 ${a.consent_on ?? "—"} 同意使用`;
    case "web":
      return a.source ? `网上看到的：${a.source}（只能内部参考）` : "网上看到的（只能内部参考）";
  }
}

/** 素材库: every picture with its source, licence and consent record; correct or delete. */
export function AssetsPage() {
  const { message, modal } = App.useApp();
  const changed = useChanged();
  const assets = useQuery(queries.assetsList());
  const [uploading, setUploading] = useState(false);
  const [editing, setEditing] = useState<AssetView | undefined>();
  const remove = useMutation({
    mutationFn: (id: number) => api.assets.remove(id),
    onSuccess: () => {
      changed("posters");
      message.success("已从素材库删除");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  const confirmRemove = (a: AssetView) =>
    modal.confirm({
      title: `删除“${a.original_name}”？`,
      content: a.designs.length
        ? `这些海报设计用了它：${a.designs.map((d) => `“${d}”`).join("、")}。删除后它们会少这张图片，打开时需要重新选一张。`
        : "没有海报设计用到它。",
      okText: "删除",
      okButtonProps: { danger: true, "data-testid": "asset-delete-ok" } as React.ComponentProps<typeof Button>,
      cancelText: "取消",
      onOk: () => remove.mutateAsync(a.id),
    });
  return (
    <Card
      title="素材库"
      extra={
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="assets-upload">
          上传图片
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        每张图片都记着它是怎么来的：自有、已购授权（从哪里买的）、用户授权（谁、哪天同意的）、网络素材（只能内部参考）。记录写错了可以改；网上找的图片后来买了授权，改成“已购授权”并写明来源，海报就不会再拦着。
      </Typography.Paragraph>
      <Table<AssetView>
        rowKey="id"
        loading={assets.isPending}
        dataSource={assets.data}
        pagination={{ pageSize: 10 }}
        locale={{ emptyText: <Empty description="素材库还是空的：上传商品照片，做海报时就能直接选" /> }}
        columns={[
          { title: "图片", width: 120, render: (_, a) => <Thumbnail id={a.id} /> },
          {
            title: "文件",
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong data-testid={`asset-name-${a.id}`}>
                  {a.original_name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.width}×{a.height} · 上传于 {a.created_at.slice(0, 10)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: "授权",
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={LICENCE_COLOR[a.licence]} data-testid={`asset-licence-${a.id}`}>
                  {LICENCE_LABEL[a.licence]}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {record(a)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: "用在",
            render: (_, a) => (a.designs.length ? a.designs.join("、") : <Typography.Text type="secondary">—</Typography.Text>),
          },
          {
            title: "",
            width: 150,
            render: (_, a) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} data-testid={`asset-edit-${a.id}`}>
                  改授权
                </Button>
                <Button size="small" danger type="text" icon={<DeleteOutlined />} onClick={() => confirmRemove(a)} data-testid={`asset-delete-${a.id}`} />
              </Space>
            ),
          },
        ]}
      />
      <AssetModal open={uploading} onClose={() => setUploading(false)} onAdded={() => undefined} />
      {editing ? <AssetModal open editing={editing} onClose={() => setEditing(undefined)} onAdded={() => undefined} /> : null}
    </Card>
  );
}
