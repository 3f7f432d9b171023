// 导出 PDF and 导出 Excel of the period on screen, through the save dialog.
import { useState } from "react";
import { FileExcelOutlined, FilePdfOutlined } from "@ant-design/icons";
import { App, Button, Space } from "antd";

import { api, type AppError } from "../../api";

type Kind = "pdf" | "xlsx";

const LABEL: Record<Kind, string> = { pdf: "PDF", xlsx: "Excel" };

export function ReportExports({ from, to }: { from: string; to: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Kind | null>(null);

  const run = async (kind: Kind) => {
    setBusy(kind);
    try {
      const path = kind === "pdf" ? await api.reports.exportPdf(from, to) : await api.reports.exportXlsx(from, to);
      if (path !== null) message.success(`已导出 ${LABEL[kind]} 报表：${path}`);
    } catch (e) {
      message.error((e as AppError).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space>
      <Button icon={<FilePdfOutlined />} loading={busy === "pdf"} disabled={busy !== null} onClick={() => void run("pdf")} data-testid="report-export-pdf">
        导出 PDF
      </Button>
      <Button icon={<FileExcelOutlined />} loading={busy === "xlsx"} disabled={busy !== null} onClick={() => void run("xlsx")} data-testid="report-export-xlsx">
        导出 Excel
      </Button>
    </Space>
  );
}
