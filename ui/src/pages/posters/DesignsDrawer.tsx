import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Drawer, Empty, List, Popconfirm, Space, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { DesignView } from "../../bindings/DesignView";

/** 我的设计: saved posters to reopen, copy or delete. */
export function DesignsDrawer({ open, onClose, onOpen }: { open: boolean; onClose: () => void; onOpen: (d: DesignView) => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const designs = useQuery({ ...queries.designsList(), enabled: open });
  const refresh = () => changed("posters");
  const onError = (e: AppError) => message.error(e.message);
  const duplicate = useMutation({ mutationFn: api.designs.duplicate, onSuccess: (d) => (message.success(`已复制为“${d.name}”`), refresh()), onError });
  const remove = useMutation({ mutationFn: api.designs.remove, onSuccess: () => (message.success("已删除这个设计"), refresh()), onError });
  return (
    <Drawer title="我的设计" open={open} onClose={onClose} width={440} destroyOnHidden>
      <List
        loading={designs.isPending}
        dataSource={designs.data ?? []}
        locale={{ emptyText: <Empty description="还没有保存的设计：做好海报后点“保存设计”" /> }}
        renderItem={(d) => (
          <List.Item
            data-testid={`design-${d.id}`}
            actions={[
              <Button key="open" type="link" onClick={() => onOpen(d)} data-testid={`design-open-${d.id}`}>
                打开
              </Button>,
              <Button key="copy" type="link" onClick={() => duplicate.mutate(d.id)}>
                复制
              </Button>,
              <Popconfirm key="delete" title={`删除设计“${d.name}”？`} okText="删除" cancelText="不删" onConfirm={() => remove.mutate(d.id)}>
                <Button type="link" danger>
                  删除
                </Button>
              </Popconfirm>,
            ]}
          >
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{d.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.template_name} · {d.updated_at.slice(0, 16).replace("T", " ")}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Drawer>
  );
}
