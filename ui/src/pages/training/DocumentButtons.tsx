import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { App, Button, InputNumber, Select, Space } from "antd";

import { AppError, api, queries } from "../../api";
import type { TrainingDocument } from "../../bindings/TrainingDocument";

/** Save a training document as PDF, or print it on a system printer. */
export function DocumentButtons({ document, testId }: { document: TrainingDocument; testId: string }) {
  const { message } = App.useApp();
  const printers = useQuery({ ...queries.printersList(), retry: false });
  const [printer, setPrinter] = useState<string>();
  const [copies, setCopies] = useState<number | null>(1);
  useEffect(() => {
    if (!printer && printers.data?.length) {
      setPrinter((printers.data.find((p) => p.is_default) ?? printers.data[0])?.name);
    }
  }, [printers.data, printer]);

  const save = useMutation({
    mutationFn: () => api.trainingPdf.save(document),
    onSuccess: (path) => path && message.success(`已保存：${path}`),
    onError: (e: AppError) => message.error(e.message),
  });
  const print = useMutation({
    mutationFn: () => api.trainingPdf.print(document, printer ?? null, copies ?? 1),
    onSuccess: (r) => message.success(`已发送到打印机（任务 ${r.job}）`),
    onError: (e: AppError) => message.error(e.message),
  });
  return (
    <Space wrap>
      <Button icon={<FilePdfOutlined />} loading={save.isPending} onClick={() => save.mutate()} data-testid={`${testId}-save`}>
        保存 PDF
      </Button>
      {printers.data?.length ? (
        <>
          <Select value={printer} onChange={setPrinter} style={{ width: 180 }} options={printers.data.map((p) => ({ value: p.name, label: p.is_default ? `${p.name}（默认）` : p.name }))} />
          <InputNumber min={1} max={99} precision={0} value={copies} onChange={setCopies} addonAfter="份" style={{ width: 110 }} />
          <Button icon={<PrinterOutlined />} disabled={!copies} loading={print.isPending} onClick={() => print.mutate()} data-testid={`${testId}-print`}>
            打印
          </Button>
        </>
      ) : null}
    </Space>
  );
}
