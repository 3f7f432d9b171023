// 导出 Excel (and, with the PDF step, 导出 PDF) of the period on screen.
import { useState } from "react";
import { FileExcelOutlined } from "@ant-design/icons";
import { App, Button, Space } from "antd";

import { api, type AppError } from "../../api";

export function ReportExports({ from, to }: { from: string; to: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"xlsx" | null>(null);

  const exportXlsx = async () => {
    setBusy("xlsx");
    try {
      const path = await api.reports.exportXlsx(from, to);
      if (path !== null) message.success(`已导出 Excel 报表：${path}`);
    } catch (e) {
      message.error((e as AppError).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space>
      <Button icon={<FileExcelOutlined />} loading={busy === "xlsx"} onClick={() => void exportXlsx()} data-testid="report-export-xlsx">
        导出 Excel
      </Button>
    </Space>
  );
}
