import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { DownOutlined, ExportOutlined, ImportOutlined, PlusOutlined, UndoOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Modal, Popconfirm, Space, Statistic, Table, Tabs, Tag, Typography } from "antd";

import { AppError, api, useChanged } from "../../api";
import type { ImportChange } from "../../bindings/ImportChange";
import type { PickedPhrases } from "../../bindings/PickedPhrases";
import { BuildersTab } from "./BuildersTab";
import { KeywordRulesTab } from "./KeywordRulesTab";
import { LibraryTab } from "./LibraryTab";
import { PhraseModal } from "./PhraseModal";

const ACTION_LABEL: Record<ImportChange["action"], [string, string]> = {
  added: ["新增", "green"],
  updated: ["更新", "orange"],
  skipped: ["相同，跳过", "default"],
};

export function PhrasesPage() {
  const { message } = App.useApp();
  const changed = useChanged();
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<PickedPhrases>();
  const refresh = () => {
    changed("phrases");
  };

  const pick = useMutation({
    mutationFn: api.phrases.importPick,
    onSuccess: (picked) => picked && setPending(picked),
    onError: (e: AppError) => Modal.error({ title: "这个文件不能导入", content: <div style={{ whiteSpace: "pre-wrap" }}>{e.message}</div> }),
  });
  const run = useMutation({
    mutationFn: (path: string) => api.phrases.importRun(path),
    onSuccess: (r) => {
      message.success(`导入完成：新增 ${r.added} 条，更新 ${r.updated} 条，跳过 ${r.skipped} 条`);
      setPending(undefined);
      refresh();
    },
    onError: (e: AppError) => message.error(e.message),
  });
  const exportTo = useMutation({
    mutationFn: api.phrases.exportTo,
    onSuccess: (done) => done && message.success(`已导出 ${done.phrases} 条话术、${done.rules} 条关键词回复到 ${done.path}`),
    onError: (e: AppError) => message.error(e.message),
  });
  const restore = useMutation({
    mutationFn: api.phrases.restoreDefaults,
    onSuccess: (r) => {
      const kept = r.kept_own.length ? `；${r.kept_own.length} 条因为你有同名话术没有找回` : "";
      message.success(r.scripts + r.keyword_rules ? `找回了 ${r.scripts} 条默认话术、${r.keyword_rules} 条关键词回复${kept}` : `默认话术都在，没有要找回的${kept}`);
      refresh();
    },
    onError: (e: AppError) => message.error(e.message),
  });

  const changes = (pending?.preview.changes ?? []).filter((c) => c.action !== "skipped");
  return (
    <>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          话术库
        </Typography.Title>
        <Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="phrase-add">
            新建话术
          </Button>
          <Button icon={<ImportOutlined />} loading={pick.isPending} onClick={() => pick.mutate()} data-testid="phrases-import">
            导入
          </Button>
          <Dropdown
            menu={{
              items: [
                { key: "json", label: "完整备份（.json，换电脑或分店用）" },
                { key: "xlsx", label: "Excel 表格（.xlsx，方便编辑）" },
              ],
              onClick: ({ key }) => exportTo.mutate(key as "json" | "xlsx"),
            }}
          >
            <Button icon={<ExportOutlined />} loading={exportTo.isPending} data-testid="phrases-export">
              导出 <DownOutlined />
            </Button>
          </Dropdown>
          <Popconfirm title="找回删掉的默认话术？" description="你自己写的和改过的话术不会被动到。" okText="找回" cancelText="取消" onConfirm={() => restore.mutate()}>
            <Button icon={<UndoOutlined />} loading={restore.isPending}>
              恢复默认话术
            </Button>
          </Popconfirm>
        </Space>
      </Space>
      <Tabs
        items={[
          { key: "library", label: "话术", children: <LibraryTab /> },
          { key: "keywords", label: <span data-testid="tab-keywords">关键词回复</span>, children: <KeywordRulesTab /> },
          { key: "builders", label: <span data-testid="tab-builders">群公告 / 群规生成</span>, children: <BuildersTab /> },
        ]}
      />
      <PhraseModal open={adding} onClose={() => setAdding(false)} />
      <Modal
        title="导入话术库"
        open={pending !== undefined}
        onCancel={() => setPending(undefined)}
        onOk={() => pending && run.mutate(pending.path)}
        okText="确认导入"
        cancelText="取消"
        confirmLoading={run.isPending}
        okButtonProps={{ disabled: changes.length === 0, "data-testid": "phrases-import-confirm" } as React.ComponentProps<typeof Button>}
        width={640}
        destroyOnHidden
      >
        {pending ? (
          <>
            <Typography.Paragraph type="secondary">{pending.path}</Typography.Paragraph>
            <Space size="large" style={{ marginBottom: 12 }}>
              <Statistic title="新增" value={pending.preview.added} />
              <Statistic title="更新（覆盖现有内容）" value={pending.preview.updated} />
              <Statistic title="相同，跳过" value={pending.preview.skipped} />
            </Space>
            {changes.length ? (
              <Table<ImportChange>
                size="small"
                rowKey={(c) => `${c.category}/${c.title}`}
                dataSource={changes}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                columns={[
                  { title: "", dataIndex: "action", width: 70, render: (a: ImportChange["action"]) => <Tag color={ACTION_LABEL[a][1]}>{ACTION_LABEL[a][0]}</Tag> },
                  { title: "分类", dataIndex: "category", width: 120 },
                  { title: "标题", dataIndex: "title" },
                ]}
              />
            ) : (
              <Typography.Text>文件里的内容和话术库里的一模一样，不需要导入。</Typography.Text>
            )}
          </>
        ) : null}
      </Modal>
    </>
  );
}
