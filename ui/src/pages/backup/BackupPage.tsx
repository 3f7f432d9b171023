import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CloudUploadOutlined, FolderOpenOutlined, SafetyCertificateOutlined, UndoOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Input, Progress as Bar, Space, Table, Tag, Typography } from "antd";

import { AppError, api, percentOf, queries, type RunningJob } from "../../api";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { BackupKind } from "../../bindings/BackupKind";
import type { Progress } from "../../bindings/Progress";
import type { RestorePreview } from "../../bindings/RestorePreview";
import { SettingsCard, keptText } from "./SettingsCard";

const KIND: Record<BackupKind, { label: string; color: string }> = {
  auto: { label: "自动", color: "default" },
  manual: { label: "手动", color: "blue" },
  before_import: { label: "导入前", color: "orange" },
  before_restore: { label: "恢复前", color: "purple" },
  before_upgrade: { label: "升级前", color: "cyan" },
  before_delete: { label: "删除前", color: "red" },
};

function when(b: BackupInfo): string {
  return b.created_at.slice(0, 16).replace("T", " ");
}

function size(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function Comparison({ p }: { p: RestorePreview }) {
  return (
    <Descriptions column={1} size="small" bordered data-testid="restore-preview">
      <Descriptions.Item label="备份里">
        {p.backup.members} 位会员、{p.backup.purchases} 笔消费、{p.backup.pictures} 张图片，最后一笔消费{" "}
        {p.backup.last_sale_on ?? "无"}（{when(p.backup)}）
      </Descriptions.Item>
      <Descriptions.Item label="现在">
        {p.members_now} 位会员、{p.purchases_now} 笔消费、{p.pictures_now} 张图片，最后一笔消费 {p.last_sale_on_now ?? "无"}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 备份与恢复: every backup with what is inside, 立即备份, 验证 and 恢复. */
export function BackupPage() {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const backups = useQuery(queries.backupList());
  const settings = useQuery(queries.backupSettingsGet());
  const [running, setRunning] = useState<{ what: string; progress: Progress | null; id?: number } | null>(null);

  const run = async <T,>(what: string, start: (p: (x: Progress) => void) => Promise<RunningJob<T> | null>) => {
    setRunning({ what, progress: null });
    try {
      const job = await start((progress) => setRunning((r) => ({ what, progress, id: r?.id })));
      if (!job) return null;
      setRunning((r) => ({ what, progress: r?.progress ?? null, id: job.id }));
      return await job.result;
    } finally {
      setRunning(null);
      void client.invalidateQueries({ queryKey: ["backup"] });
    }
  };

  const backupNow = async () => {
    try {
      const made = await run("正在备份", api.backup.create);
      if (made) message.success(`已备份并验证：${fileName(made.path)}`);
    } catch (e) {
      const err = e as AppError;
      if (err.code === "Cancelled") message.info(err.message);
      else message.error(err.message);
    }
  };

  const verify = async (b: BackupInfo) => {
    try {
      await run("正在验证", (p) => api.backup.verify(b.path, null, p));
      modal.success({ title: "备份完好", content: `${fileName(b.path)} 逐项核对无误，可以用来恢复。` });
    } catch (e) {
      modal.error({ title: "这个备份不能用", content: (e as AppError).message });
    }
  };

  // An encrypted backup (from the second place) asks for its passphrase; null when the owner gives up.
  const askPassphrase = (reason: string) =>
    new Promise<string | null>((resolve) => {
      let typed = "";
      modal.confirm({
        title: "输入备份口令",
        content: (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text>{reason}</Typography.Text>
            <Input.Password autoFocus onChange={(e) => (typed = e.target.value)} data-testid="open-passphrase" />
          </Space>
        ),
        okText: "打开",
        cancelText: "取消",
        okButtonProps: { "data-testid": "open-passphrase-ok" } as React.ComponentProps<typeof Button>,
        onOk: () => resolve(typed),
        onCancel: () => resolve(null),
      });
    });

  const restore = async (path: string) => {
    let preview: RestorePreview | undefined;
    let passphrase: string | null = null;
    while (!preview) {
      try {
        preview = await api.backup.preview(path, passphrase);
      } catch (e) {
        const err = e as AppError;
        if (err.code === "Passphrase") {
          passphrase = await askPassphrase(err.message);
          if (passphrase === null) return;
          continue;
        }
        modal.error({ title: "这个文件不能用来恢复", content: `${err.message}。现在的数据没有变化。` });
        return;
      }
    }
    const b = preview.backup;
    modal.confirm({
      title: `用 ${when(b)} 的备份替换现在的数据？`,
      width: 560,
      content: (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Comparison p={preview} />
          <Typography.Text type="secondary">
            恢复前会先把现在的数据备份一份（“恢复前”），恢复错了就恢复那一份。
          </Typography.Text>
        </Space>
      ),
      okText: "恢复",
      okButtonProps: { danger: true, "data-testid": "restore-ok" } as React.ComponentProps<typeof Button>,
      cancelText: "取消",
      onOk: async () => {
        try {
          const done = await run("正在恢复", (p) => api.backup.restore(path, passphrase, p));
          if (!done) return;
          modal.success({
            title: "已恢复",
            content: `恢复前的数据已备份为 ${fileName(done.snapshot)}：想撤销这次恢复，就恢复它。点“重新载入”后窗口显示恢复后的数据。`,
            okText: "重新载入",
            okButtonProps: { "data-testid": "restored-reload" } as React.ComponentProps<typeof Button>,
            onOk: () => window.location.reload(),
          });
        } catch (e) {
          modal.error({ title: "没有恢复", content: `${(e as AppError).message}。现在的数据没有变化。` });
        }
      },
    });
  };

  // A backup from a USB stick or another computer (换电脑): the same file as any backup.
  const restoreFromFile = async () => {
    try {
      const path = await api.backup.pickFile();
      if (path) await restore(path);
    } catch (e) {
      message.error((e as AppError).message);
    }
  };

  // From the first-run screen (换电脑): straight to picking the backup file, once.
  const [params, setParams] = useSearchParams();
  const asked = useRef(false);
  useEffect(() => {
    if (params.get("restore") !== "file" || asked.current) return;
    asked.current = true;
    setParams({}, { replace: true });
    void restoreFromFile();
  });

  return (
    <Card
      title="备份与恢复"
      extra={
        <Space>
          <Button icon={<FolderOpenOutlined />} onClick={restoreFromFile} disabled={!!running} data-testid="restore-from-file">
            从文件恢复…
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={backupNow} disabled={!!running} data-testid="backup-now">
            立即备份
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Alert
          type="info"
          showIcon
          message={`每天打开社群掌柜时自动备份一次，导入会员前也会先备份。${settings.data ? keptText(settings.data.policy) : ""}`}
          description={
            settings.data?.second_dir
              ? `每份备份还会${settings.data.encrypt_second ? "加密后" : ""}复制到 ${settings.data.second_dir}。`
              : "还没有第二个备份位置：电脑坏了或丢了，这台电脑上的备份也会一起没有。建议在下面设一个 U 盘或同步文件夹。"
          }
        />
        {running && (
          <div data-testid="backup-running">
            <Typography.Text>{running.progress?.label ?? running.what}</Typography.Text>
            <Space style={{ width: "100%" }}>
              <Bar percent={percentOf(running.progress)} style={{ width: 480 }} />
              {running.id !== undefined && (
                <Button size="small" onClick={() => void api.jobs.cancel(running.id as number)} data-testid="backup-cancel">
                  取消
                </Button>
              )}
            </Space>
          </div>
        )}
        <Table<BackupInfo>
          rowKey="path"
          loading={backups.isLoading}
          dataSource={backups.data ?? []}
          pagination={{ pageSize: 20 }}
          data-testid="backup-list"
          locale={{ emptyText: "还没有备份" }}
          columns={[
            { title: "时间", render: (_, b) => when(b) },
            { title: "种类", render: (_, b) => <Tag color={KIND[b.kind].color}>{KIND[b.kind].label}</Tag> },
            { title: "内容", render: (_, b) => `${b.members} 位会员、${b.purchases} 笔消费、${b.pictures} 张图片` },
            { title: "最后一笔消费", render: (_, b) => b.last_sale_on ?? "—" },
            { title: "大小", render: (_, b) => size(b.bytes) },
            {
              title: "",
              render: (_, b) => (
                <Space>
                  <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => verify(b)} disabled={!!running}>
                    验证
                  </Button>
                  <Button size="small" danger icon={<UndoOutlined />} onClick={() => restore(b.path)} disabled={!!running} data-testid="backup-restore">
                    恢复
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <SettingsCard />
      </Space>
    </Card>
  );
}
