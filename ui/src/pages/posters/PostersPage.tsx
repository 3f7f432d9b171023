import { useDeferredValue, useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { FilePdfOutlined, FolderOpenOutlined, PictureOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Empty, Form, Image, Input, InputNumber, Radio, Row, Segmented, Select, Space, Spin, Typography } from "antd";

import { AppError, api, queries } from "../../api";
import { MemberPicker } from "../../components/MemberPicker";
import type { DesignView } from "../../bindings/DesignView";
import type { FieldSpec } from "../../bindings/FieldSpec";
import type { PosterContent } from "../../bindings/PosterContent";
import type { PosterFileFormat } from "../../bindings/PosterFileFormat";
import type { PosterSize } from "../../bindings/PosterSize";
import type { QrSource } from "../../bindings/QrSource";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import type { Theme } from "../../bindings/Theme";
import { LICENCE_LABEL, POSTER_SIZES, THEME_LABEL, examples } from "../../lib/posters";
import { AssetModal } from "./AssetModal";
import { BatchModal } from "./BatchModal";
import { DesignsDrawer } from "./DesignsDrawer";

type QrChoice = "default" | "channel" | "group" | "link" | "member";

function qrSource(choice: QrChoice, id: number | undefined, link: string): QrSource | undefined {
  switch (choice) {
    case "channel":
      return id ? { kind: "channel", id } : undefined;
    case "group":
      return id ? { kind: "group", id } : undefined;
    case "member":
      return id ? { kind: "member", id } : undefined;
    case "link":
      return link.trim() ? { kind: "link", url: link.trim() } : undefined;
    default:
      return undefined;
  }
}

function FieldInput({ spec, value, onChange }: { spec: FieldSpec; value: string; onChange: (v: string) => void }) {
  const common = { value, onChange: (e: { target: { value: string } }) => onChange(e.target.value), "data-testid": `poster-field-${spec.key}` };
  switch (spec.kind) {
    case "paragraph":
      return <Input.TextArea {...common} autoSize={{ minRows: 2, maxRows: 6 }} showCount maxLength={spec.max_chars} />;
    case "price":
      return <Input {...common} prefix="¥" placeholder="如 19.9" />;
    case "date":
      return <Input {...common} placeholder="如 2026-12-06" />;
    case "time":
      return <Input {...common} placeholder="如 20:00" />;
    default:
      return <Input {...common} showCount maxLength={spec.max_chars} />;
  }
}

/** 海报: pick a scene, fill it in, watch the preview, export PNG / PDF or print. */
export function PostersPage() {
  const { message, modal } = App.useApp();
  const templates = useQuery({ ...queries.postersTemplates(), staleTime: Infinity });
  const channels = useQuery(queries.channelsList());
  const groups = useQuery(queries.groupsList());
  const printers = useQuery({ ...queries.printersList(), retry: false });

  const [templateId, setTemplateId] = useState("welcome");
  const [size, setSize] = useState<PosterSize>("phone");
  const [theme, setTheme] = useState<Theme>("mid_autumn");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [qrChoice, setQrChoice] = useState<QrChoice>("default");
  const [qrId, setQrId] = useState<number | undefined>();
  const [qrLink, setQrLink] = useState("");
  const [photoAsset, setPhotoAsset] = useState<number | undefined>();
  const [uploading, setUploading] = useState(false);
  const assets = useQuery(queries.assetsList());
  const [printer, setPrinter] = useState<string | undefined>();
  const [copies, setCopies] = useState<number | null>(1);

  const [design, setDesign] = useState<{ id: number; name: string } | null>(null);
  const [designsOpen, setDesignsOpen] = useState(false);
  const [batchOpen, setBatchOpen] = useState(false);
  // A design being opened: its words and QR replace the template's starting ones.
  const restoringFields = useRef<Record<string, string> | null>(null);
  const restoringQr = useRef<{ choice: QrChoice; id?: number; link: string } | null>(null);

  const template: TemplateInfo | undefined = templates.data?.find((t) => t.id === templateId);

  // A new template starts from its example words, so the first preview looks finished.
  useEffect(() => {
    if (template) setFields(restoringFields.current ?? examples(template));
    restoringFields.current = null;
  }, [template]);
  useEffect(() => {
    const restored = restoringQr.current;
    restoringQr.current = null;
    if (restored) {
      setQrChoice(restored.choice);
      setQrId(restored.id);
      setQrLink(restored.link);
      return;
    }
    if (template?.qr === "referral") setQrChoice("member");
    else if (qrChoice === "member") setQrChoice("default");
    setQrId(undefined);
  }, [template?.qr]);

  const openDesign = (d: DesignView) => {
    const c = d.content;
    const qr = c.qr;
    const restoredQr = {
      choice: (qr?.kind ?? "default") as QrChoice,
      id: qr && qr.kind !== "link" ? qr.id : undefined,
      link: qr?.kind === "link" ? qr.url : "",
    };
    const sameTemplate = c.template === templateId;
    const sameQrUse = templates.data?.find((t) => t.id === c.template)?.qr === template?.qr;
    if (sameTemplate) setFields(c.fields);
    else restoringFields.current = c.fields;
    if (sameQrUse) {
      setQrChoice(restoredQr.choice);
      setQrId(restoredQr.id);
      setQrLink(restoredQr.link);
    } else restoringQr.current = restoredQr;
    setTemplateId(c.template);
    setSize(c.size);
    if (c.theme) setTheme(c.theme);
    setPhotoAsset(c.photo_asset);
    setDesign({ id: d.id, name: d.name });
    setDesignsOpen(false);
    message.success(`已打开设计“${d.name}”`);
  };
  useEffect(() => {
    const chosen = printers.data?.find((p) => p.is_default) ?? printers.data?.[0];
    if (printer === undefined && chosen) setPrinter(chosen.name);
  }, [printers.data, printer]);


  const content: PosterContent = {
    template: templateId,
    size,
    theme: template?.themes.length ? theme : undefined,
    fields,
    qr: qrSource(qrChoice, qrId, qrLink),
    photo_asset: template?.photo ? photoAsset : undefined,
  };
  // Typing is never held up: the preview follows a step behind.
  const shown = useDeferredValue(JSON.stringify(content));
  const preview = useQuery({
    ...queries.postersPreview(JSON.parse(shown) as PosterContent),
    // Right after a template switch the words still belong to the old one: wait.
    enabled: Boolean(template?.fields.every((f) => f.key in fields)),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const previewError = preview.error as AppError | null;
  const fieldError = (key: string) => previewError?.fields.filter((f) => f.field === key).map((f) => f.message).join("；");

  const saveDesign = (asNew: boolean) => {
    let name = asNew || !design ? "" : design.name;
    modal.confirm({
      title: asNew || !design ? "保存为新设计" : `保存设计“${design.name}”`,
      icon: <SaveOutlined />,
      content: <Input defaultValue={name} placeholder="起个名字，如 周末牛肉面特惠（可不填）" onChange={(e) => (name = e.target.value)} data-testid="design-name" />,
      okText: "保存",
      cancelText: "取消",
      onOk: async () => {
        try {
          const saved = await api.designs.save(asNew ? null : (design?.id ?? null), name, content);
          setDesign({ id: saved.id, name: saved.name });
          message.success(`已保存设计“${saved.name}”`);
        } catch (e) {
          message.error((e as AppError).message);
          throw e;
        }
      },
    });
  };

  // A poster with a web image or an expired group QR goes out only after the owner
  // says yes, told what it is.
  const confirmWeb = async (e: AppError, retry: () => Promise<unknown>) => {
    if (e.code !== "Conflict") {
      message.error(e.message);
      return;
    }
    modal.confirm({
      title: "导出前请确认",
      content: <span data-testid="poster-confirm">{e.message}</span>,
      okText: "我确认仍要导出",
      cancelText: "先不导出",
      onOk: retry,
    });
  };
  const exportTo = useMutation({
    mutationFn: ({ format, allow }: { format: PosterFileFormat; allow: boolean }) => api.posters.exportTo(content, format, allow),
    onSuccess: (saved) => saved && message.success(`已保存：${saved.path}`),
    onError: (e: AppError, { format }) => void confirmWeb(e, () => exportTo.mutateAsync({ format, allow: true })),
  });
  const print = useMutation({
    mutationFn: (allow: boolean) => api.posters.print(content, printer ?? null, copies ?? 1, allow),
    onSuccess: (saved) =>
      message.success(
        <span data-testid="poster-printed">
          已发送到打印机“{printer ?? "默认打印机"}”（任务 <span data-testid="poster-print-job">{saved.job}</span>），PDF 副本：{saved.path}
        </span>,
      ),
    onError: (e: AppError) => void confirmWeb(e, () => print.mutateAsync(true)),
  });

  if (!templates.data) return <Spin style={{ display: "block", marginTop: 80 }} />;
  const blocked = preview.isError || !preview.data;

  return (
    <Row gutter={24}>
      <Col span={11}>
        <Space direction="vertical" size={12} style={{ width: "100%" }}>
          <Space style={{ justifyContent: "space-between", width: "100%" }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              海报{design ? `：${design.name}` : ""}
            </Typography.Title>
            <Space>
              <Button icon={<FolderOpenOutlined />} onClick={() => setDesignsOpen(true)} data-testid="designs-open">
                我的设计
              </Button>
              <Button icon={<SaveOutlined />} onClick={() => saveDesign(false)} data-testid="design-save">
                保存设计
              </Button>
              {design ? <Button onClick={() => saveDesign(true)}>另存为</Button> : null}
            </Space>
          </Space>
          <Radio.Group value={templateId} onChange={(e) => setTemplateId(e.target.value as string)} optionType="button" buttonStyle="solid">
            {templates.data.map((t) => (
              <Radio.Button key={t.id} value={t.id}>
                <span data-testid={`poster-template-${t.id}`}>{t.name}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
          <Segmented<PosterSize> value={size} onChange={setSize} options={POSTER_SIZES} data-testid="poster-size" />
          <Card size="small">
            <Form layout="vertical">
              {template?.themes.length ? (
                <Form.Item label="配色">
                  <Select<Theme> value={theme} onChange={setTheme} options={template.themes.map((t) => ({ value: t, label: THEME_LABEL[t] }))} />
                </Form.Item>
              ) : null}
              {template?.fields.map((f) => (
                <Form.Item key={f.key} label={f.label} required={f.required} validateStatus={fieldError(f.key) ? "error" : undefined} help={fieldError(f.key) || undefined}>
                  <FieldInput spec={f} value={fields[f.key] ?? ""} onChange={(v) => setFields((all) => ({ ...all, [f.key]: v }))} />
                </Form.Item>
              ))}
              {template?.photo ? (
                <Form.Item label="商品图片" validateStatus={fieldError("photo") ? "error" : undefined} help={fieldError("photo") || undefined}>
                  <Space.Compact style={{ width: "100%" }}>
                    <Select
                      allowClear
                      value={photoAsset}
                      onChange={setPhotoAsset}
                      placeholder={assets.data?.length ? "从素材库选一张" : "素材库还是空的"}
                      options={(assets.data ?? []).map((a) => ({ value: a.id, label: `${a.original_name}（${LICENCE_LABEL[a.licence]}）` }))}
                      data-testid="poster-photo"
                    />
                    <Button icon={<PictureOutlined />} onClick={() => setUploading(true)}>
                      上传
                    </Button>
                  </Space.Compact>
                </Form.Item>
              ) : null}
              <Form.Item label="二维码" validateStatus={fieldError("qr") ? "error" : undefined} help={fieldError("qr") || undefined}>
                <Space direction="vertical" style={{ width: "100%" }}>
                  <Select<QrChoice>
                    value={qrChoice}
                    onChange={(v) => {
                      setQrChoice(v);
                      setQrId(undefined);
                    }}
                    options={
                      template?.qr === "referral"
                        ? [{ value: "member", label: "这位会员的老带新邀请码" }]
                        : [
                            { value: "default", label: "店铺默认链接（设置里填的）" },
                            { value: "channel", label: "某个邀请渠道" },
                            { value: "group", label: "某个群" },
                            { value: "link", label: "其他链接" },
                          ]
                    }
                    data-testid="poster-qr"
                  />
                  {qrChoice === "channel" ? (
                    <Select value={qrId} onChange={setQrId} placeholder="选择邀请渠道" options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
                  ) : null}
                  {qrChoice === "group" ? (
                    <Select value={qrId} onChange={setQrId} placeholder="选择群" options={(groups.data ?? []).filter((g) => g.link).map((g) => ({ value: g.id, label: g.name }))} />
                  ) : null}
                  {qrChoice === "link" ? <Input value={qrLink} onChange={(e) => setQrLink(e.target.value)} placeholder="https://…" /> : null}
                  {qrChoice === "member" ? (
                    <MemberPicker value={qrId} onChange={setQrId} />
                  ) : null}
                </Space>
              </Form.Item>
            </Form>
          </Card>
        </Space>
      </Col>
      <Col span={13}>
        <Card
          size="small"
          title="预览"
          extra={
            <Space>
              <Button icon={<PictureOutlined />} disabled={blocked} loading={exportTo.isPending && exportTo.variables?.format === "png"} onClick={() => exportTo.mutate({ format: "png", allow: false })} data-testid="poster-save-png">
                保存图片
              </Button>
              {template?.qr === "referral" ? (
                <Button onClick={() => setBatchOpen(true)} data-testid="poster-batch">
                  批量生成
                </Button>
              ) : null}
              <Button icon={<FilePdfOutlined />} disabled={blocked} loading={exportTo.isPending && exportTo.variables?.format === "pdf"} onClick={() => exportTo.mutate({ format: "pdf", allow: false })} data-testid="poster-save-pdf">
                保存 PDF
              </Button>
            </Space>
          }
        >
          <div style={{ background: "#f3f5f4", padding: 12, borderRadius: 8, textAlign: "center", minHeight: 480 }}>
            {preview.data ? (
              <Spin spinning={preview.isFetching}>
                <Image src={preview.data.image} alt="海报预览" preview={false} style={{ maxHeight: 600, maxWidth: "100%", boxShadow: "0 1px 6px rgba(0,0,0,.15)" }} data-testid="poster-preview" />
              </Spin>
            ) : preview.isError ? (
              <Empty description="填好左边的内容后这里会显示海报" />
            ) : (
              <Spin style={{ marginTop: 200 }} />
            )}
          </div>
          {previewError ? (
            <Alert type="error" showIcon style={{ marginTop: 12 }} message="海报还不能生成" description={previewError.message} data-testid="poster-error" />
          ) : null}
          {(preview.data?.warnings ?? []).map((w) => (
            <Alert key={w} type="warning" showIcon style={{ marginTop: 12 }} message={w} />
          ))}
          {printers.data?.length ? (
            <Space style={{ marginTop: 12 }} wrap>
              <Select value={printer} onChange={setPrinter} style={{ width: 220 }} options={printers.data.map((p) => ({ value: p.name, label: p.is_default ? `${p.name}（默认）` : p.name }))} />
              <InputNumber min={1} max={99} precision={0} value={copies} onChange={setCopies} addonAfter="份" style={{ width: 120 }} />
              <Button icon={<PrinterOutlined />} disabled={blocked || !copies} loading={print.isPending} onClick={() => print.mutate(false)} data-testid="poster-print">
                打印
              </Button>
            </Space>
          ) : null}
        </Card>
      </Col>
      <BatchModal open={batchOpen} content={content} onClose={() => setBatchOpen(false)} />
      <DesignsDrawer open={designsOpen} onClose={() => setDesignsOpen(false)} onOpen={openDesign} />
      <AssetModal open={uploading} onClose={() => setUploading(false)} onAdded={(a) => setPhotoAsset(a.id)} />
    </Row>
  );
}
