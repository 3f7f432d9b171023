import { useDeferredValue, useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Checkbox, Col, Form, Image, InputNumber, Modal, Row, Select, Space, Spin, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { ChannelView } from "../../bindings/ChannelView";
import type { Layout } from "../../bindings/Layout";
import type { PrintOutcome } from "../../bindings/PrintOutcome";
import type { PrintRequest } from "../../bindings/PrintRequest";

/** Choose a layout, look at page 1, then print through the OS or save the PDF. */
export function PrintModal({ channel, onClose }: { channel: ChannelView; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const changed = useChanged();
  const layouts = useQuery({ ...queries.invitesLayouts(), staleTime: Infinity });
  const printers = useQuery({ ...queries.printersList(), retry: false });
  const [layout, setLayout] = useState<Layout>("a4-8");
  const perPage = layouts.data?.find((l) => l.layout === layout)?.per_page ?? 1;
  // Empty while the owner retypes a number; nothing is sent until it is filled.
  const [count, setCount] = useState<number | null>(channel.unprinted || 8);
  const [allowExpired, setAllowExpired] = useState(false);
  const [printer, setPrinter] = useState<string | undefined>();
  const [copies, setCopies] = useState<number | null>(1);
  const expired = channel.qr.state === "expired";

  useEffect(() => {
    const chosen = printers.data?.find((p) => p.is_default) ?? printers.data?.[0];
    if (printer === undefined && chosen) setPrinter(chosen.name);
  }, [printers.data, printer]);

  const request: PrintRequest = { channel_id: channel.id, layout, count: count ?? 0, allow_expired_qr: allowExpired };
  // Typing 120 should not render 1, 12 and 120: the preview follows a step behind.
  const shown = useDeferredValue(request);
  const preview = useQuery({
    ...queries.invitesPreview(shown),
    enabled: shown.count > 0,
    placeholderData: (previous) => previous,
    retry: false,
  });

  const done = (outcome: PrintOutcome | null) => {
    if (!outcome) return;
    changed("invites");
    const where = outcome.job ? `已发送到打印机“${outcome.printer ?? "默认打印机"}”` : "已保存 PDF";
    modal.success({
      title: where,
      content: (
        <div data-testid="print-done">
          <p>
            {outcome.run.codes.length} 个邀请码，共 {outcome.run.pages} 页。
          </p>
          {outcome.job ? (
            <p>
              打印任务：<span data-testid="print-job">{outcome.job}</span>
            </p>
          ) : null}
          {outcome.run.warnings.map((w) => (
            <p key={w}>提醒：{w}</p>
          ))}
          <Typography.Text type="secondary" copyable={{ text: outcome.path }}>
            文件：{outcome.path}
          </Typography.Text>
        </div>
      ),
      okText: "好的",
      okButtonProps: { "data-testid": "print-done-ok" } as React.ComponentProps<typeof Button>,
    });
    onClose();
  };

  const print = useMutation({
    mutationFn: () => api.invites.print(request, printer ?? null, copies ?? 1),
    onSuccess: done,
    onError: (e: AppError) => message.error(e.message),
  });
  const save = useMutation({
    mutationFn: () => api.invites.savePdf(request),
    onSuccess: done,
    onError: (e: AppError) => message.error(e.message),
  });

  const blocked = expired && !allowExpired;
  const info = preview.data?.info;

  return (
    <Modal
      title={`打印邀请码：${channel.name}`}
      open
      onCancel={onClose}
      width={960}
      style={{ top: 24 }}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button icon={<FilePdfOutlined />} disabled={blocked || !count} loading={save.isPending} onClick={() => save.mutate()} data-testid="print-save-pdf">
            保存 PDF
          </Button>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={blocked || !count || !copies || !printers.data?.length}
            loading={print.isPending}
            onClick={() => print.mutate()}
            data-testid="print-send"
          >
            打印
          </Button>
        </Space>
      }
    >
      <Row gutter={24}>
        <Col span={10}>
          <Form layout="vertical">
            <Form.Item label="版式">
              <Select
                value={layout}
                onChange={(value: Layout) => {
                  setLayout(value);
                  const per = layouts.data?.find((l) => l.layout === value)?.per_page ?? 1;
                  // Sheets print whole pages; a tent or a slip prints what is asked.
                  if (per > 1 && !channel.unprinted) setCount(per);
                }}
                options={(layouts.data ?? []).map((l) => ({ value: l.layout, label: l.label }))}
                data-testid="print-layout"
              />
            </Form.Item>
            <Form.Item label="张数" extra={channel.unprinted ? `先用已生成未打印的 ${channel.unprinted} 个码，不够再新生成` : "不够的码会自动新生成"}>
              <InputNumber min={1} max={5000} precision={0} value={count} onChange={setCount} style={{ width: "100%" }} data-testid="print-count" />
            </Form.Item>
            {info ? (
              <Typography.Paragraph type="secondary" data-testid="print-summary">
                共 {info.pages} 页{perPage > 1 ? `（每页 ${perPage} 张）` : ""}；用未打印的码 {info.unprinted} 个，新生成 {info.new_codes} 个。纸张 {info.width_mm}×{Math.round(info.height_mm)} mm。
              </Typography.Paragraph>
            ) : null}
            {expired ? (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                message="群二维码已过期"
                description={
                  <Checkbox checked={allowExpired} onChange={(e) => setAllowExpired(e.target.checked)} data-testid="print-allow-expired">
                    我知道扫了进不了群，仍要打印
                  </Checkbox>
                }
              />
            ) : null}
            {(info?.warnings ?? []).filter((w) => !expired || !w.includes("过期")).map((w) => (
              <Alert key={w} type="warning" showIcon message={w} style={{ marginBottom: 12 }} />
            ))}
            {printers.isError ? (
              <Alert type="warning" showIcon message={(printers.error as AppError).message} style={{ marginBottom: 12 }} />
            ) : (
              <Row gutter={12}>
                <Col span={16}>
                  <Form.Item label="打印机">
                    <Select
                      value={printer}
                      onChange={setPrinter}
                      loading={printers.isPending}
                      placeholder="系统里没有打印机"
                      options={(printers.data ?? []).map((p) => ({ value: p.name, label: p.is_default ? `${p.name}（默认）` : p.name }))}
                      data-testid="print-printer"
                    />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="份数">
                    <InputNumber min={1} max={99} precision={0} value={copies} onChange={setCopies} style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </Form>
        </Col>
        <Col span={14}>
          <div style={{ background: "#f3f5f4", padding: 12, borderRadius: 8, textAlign: "center", minHeight: 400 }}>
            {preview.isError ? (
              <Alert type="error" showIcon message={(preview.error as AppError).message} />
            ) : preview.data ? (
              <Spin spinning={preview.isFetching}>
                <Image
                  src={preview.data.image}
                  alt="第 1 页预览"
                  style={{ maxHeight: 520, maxWidth: "100%", boxShadow: "0 1px 6px rgba(0,0,0,.15)", background: "#fff" }}
                  data-testid="print-preview"
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  第 1 页预览（还没生成的码先用示例码占位）
                </Typography.Paragraph>
              </Spin>
            ) : (
              <Spin style={{ marginTop: 160 }} />
            )}
          </div>
        </Col>
      </Row>
    </Modal>
  );
}
