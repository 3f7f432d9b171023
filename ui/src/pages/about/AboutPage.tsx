// 关于 / 帮助: which version this is, where the shop's files live (with buttons that
// open them), and the licences of the font and every library the app is built from
// (generated from Cargo's and npm's metadata at build time, not kept by hand).
import { useMemo, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { FolderOpenOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Input, Modal, Space, Table, Typography } from "antd";

import { api, queries } from "../../api";
import type { AppFolder } from "../../bindings/AppFolder";
import npmLicences from "../../bindings/licences-npm.json";
import rustLicences from "../../bindings/licences-rust.json";

type Library = { name: string; version: string; license: string };
type Row = Library & { kind: "Rust" | "npm" };

const LIBRARIES: Row[] = [
  ...(rustLicences as Library[]).map((l) => ({ ...l, kind: "Rust" as const })),
  ...(npmLicences as Library[]).map((l) => ({ ...l, kind: "npm" as const })),
];

function FolderRow({ path, folder, testId }: { path: string; folder: AppFolder; testId: string }) {
  const { message } = App.useApp();
  const open = useMutation({
    mutationFn: () => api.openFolder(folder),
    onError: (e) => message.error(e.message),
  });
  return (
    <Space wrap>
      <Typography.Text code copyable data-testid={`${testId}-path`}>
        {path}
      </Typography.Text>
      <Button size="small" icon={<FolderOpenOutlined />} loading={open.isPending} onClick={() => open.mutate()} data-testid={testId}>
        打开文件夹
      </Button>
    </Space>
  );
}

export function AboutPage() {
  const about = useQuery(queries.appAbout());
  const [filter, setFilter] = useState("");
  const [showFont, setShowFont] = useState(false);
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? LIBRARIES.filter((l) => l.name.toLowerCase().includes(q) || l.license.toLowerCase().includes(q)) : LIBRARIES;
  }, [filter]);
  const a = about.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} data-testid="about-page">
      <Card title="社群掌柜">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="版本">
            <span data-testid="about-version">{a?.version ?? "…"}</span>
          </Descriptions.Item>
          <Descriptions.Item label="店铺数据">{a ? <FolderRow path={a.data_dir} folder="data" testId="about-open-data" /> : "…"}</Descriptions.Item>
          <Descriptions.Item label="日志">{a ? <FolderRow path={a.log_dir} folder="logs" testId="about-open-logs" /> : "…"}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          所有资料只在这台电脑上，不上传。卸载程序不会删除店铺数据；换电脑请用 备份与恢复。遇到问题时，可以把日志文件夹里的
          shequn.log 发给帮你维护电脑的人。
        </Typography.Paragraph>
      </Card>
      <Card title="字体">
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          打印和导出用的字体是 {a?.font_name ?? "…"}，按 {a?.font_licence_name ?? "…"} 随软件分发。
        </Typography.Paragraph>
        <Button size="small" onClick={() => setShowFont(true)} data-testid="about-font-licence">
          查看字体许可全文
        </Button>
      </Card>
      <Card title={`开源软件（${LIBRARIES.length} 个）`} extra={<Input allowClear placeholder="按名称或许可筛选" onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} data-testid="about-filter" />}>
        <Typography.Paragraph type="secondary">社群掌柜建立在这些开源库之上，各自的许可如下。</Typography.Paragraph>
        <Table<Row>
          size="small"
          rowKey={(r) => `${r.kind} ${r.name} ${r.version}`}
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: "名称", dataIndex: "name" },
            { title: "版本", dataIndex: "version", width: 120 },
            { title: "来源", dataIndex: "kind", width: 80 },
            { title: "许可", dataIndex: "license" },
          ]}
          data-testid="about-licences"
        />
      </Card>
      <Modal title={a?.font_licence_name} open={showFont} onCancel={() => setShowFont(false)} footer={null} width={720}>
        <pre style={{ whiteSpace: "pre-wrap", maxHeight: 480, overflow: "auto", fontSize: 12 }} data-testid="about-font-text">
          {a?.font_licence_text}
        </pre>
      </Modal>
    </Space>
  );
}
