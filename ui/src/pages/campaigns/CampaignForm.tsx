// 新建/编辑活动: name, kind, dates, the lure and rules, one SMART goal, and what it uses
// (invite channels, poster designs, phrases).
import { useEffect } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";

import { type AppError, api, queries, useChanged } from "../../api";
import type { Campaign } from "../../bindings/Campaign";
import type { CampaignInput } from "../../bindings/CampaignInput";
import type { GoalMetric } from "../../bindings/GoalMetric";
import { useFormErrors } from "../../lib/useFormErrors";
import { CAMPAIGN_KIND_LABEL, GOAL_METRIC_LABEL, GOAL_METRIC_UNIT } from "./labels";

interface Values {
  name: string;
  kind: string;
  festival: string;
  dates: [Dayjs, Dayjs] | null;
  lure: string;
  rules: string;
  metric: string;
  target: string;
  channels: number[];
  posters: number[];
  phrases: number[];
}

/** What the form starts with: an existing campaign, or a draft from the calendar. */
export interface CampaignDraft {
  id?: number;
  input: Partial<CampaignInput>;
}

const KNOWN = new Set(["name", "kind", "festival", "start", "end", "lure", "rules", "metric", "target", "channels", "posters", "phrases"]);

/** `start`/`end` come back from the core as field names; the form has one range. */
const place = (name: string[]) => (name[0] === "start" || name[0] === "end" ? ["dates"] : name);

export function draftOf(c: Campaign): CampaignDraft {
  return {
    id: c.id,
    input: {
      name: c.name,
      kind: c.kind,
      festival: c.festival,
      start: c.start,
      end: c.end,
      lure: c.lure,
      rules: c.rules,
      metric: c.goal.metric,
      target: c.goal.metric === "sales" ? String(c.goal.target / 100) : String(c.goal.target),
      channels: c.channels,
      posters: c.posters,
      phrases: c.phrases,
    },
  };
}

export function CampaignForm({ draft, onClose, onSaved }: { draft: CampaignDraft | null; onClose: () => void; onSaved?: (c: Campaign) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const changed = useChanged();
  const open = draft !== null;
  const channels = useQuery({ ...queries.channelsList(), enabled: open });
  const designs = useQuery({ ...queries.designsList(), enabled: open });
  const phrases = useQuery({ ...queries.phrasesList({ favorites_only: false, offset: 0, limit: 500 }), enabled: open });
  const showErrors = useFormErrors(form, KNOWN, place);
  const metric = Form.useWatch("metric", form);

  useEffect(() => {
    if (!draft) return;
    const i = draft.input;
    form.resetFields();
    form.setFieldsValue({
      name: i.name ?? "",
      kind: i.kind ?? "festival",
      festival: i.festival ?? "",
      dates: i.start && i.end ? [dayjs(i.start), dayjs(i.end)] : null,
      lure: i.lure ?? "",
      rules: i.rules ?? "",
      metric: i.metric ?? "sales",
      target: i.target ?? "",
      channels: i.channels ?? [],
      posters: i.posters ?? [],
      phrases: i.phrases ?? [],
    });
  }, [draft, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const input: CampaignInput = {
        name: v.name ?? "",
        kind: v.kind ?? "",
        festival: v.festival ?? "",
        start: v.dates?.[0]?.format("YYYY-MM-DD") ?? "",
        end: v.dates?.[1]?.format("YYYY-MM-DD") ?? "",
        lure: v.lure ?? "",
        rules: v.rules ?? "",
        metric: v.metric ?? "",
        target: v.target ?? "",
        channels: v.channels ?? [],
        posters: v.posters ?? [],
        phrases: v.phrases ?? [],
      };
      return draft?.id ? api.campaigns.update(draft.id, input) : api.campaigns.add(input);
    },
    onSuccess: (c) => {
      changed("campaigns");
      void message.success(draft?.id ? "活动已保存" : `已新建活动“${c.name}”`);
      onSaved?.(c);
      onClose();
    },
    onError: (e: AppError) => showErrors(e),
  });

  return (
    <Modal
      open={open}
      title={draft?.id ? "编辑活动" : "新建活动"}
      okText="保存"
      onOk={() => save.mutate(form.getFieldsValue(true) as Values)}
      confirmLoading={save.isPending}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      okButtonProps={{ "data-testid": "campaign-save" } as React.ComponentProps<typeof Button>}
    >
      <Form form={form} layout="vertical" data-testid="campaign-form">
        <Form.Item name="name" label="活动名称" required>
          <Input maxLength={40} placeholder="例如 中秋团圆季" data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="kind" label="活动类型" required>
          <Select options={Object.entries(CAMPAIGN_KIND_LABEL).map(([value, label]) => ({ value, label }))} data-testid="campaign-kind" />
        </Form.Item>
        <Form.Item name="festival" label="为哪个节日（可不填）">
          <Input maxLength={20} placeholder="例如 中秋节" />
        </Form.Item>
        <Form.Item name="dates" label="活动日期（含首尾两天）" required>
          <DatePicker.RangePicker style={{ width: "100%" }} data-testid="campaign-dates" />
        </Form.Item>
        <Form.Item name="lure" label="核心诱饵（主打优惠）">
          <Input.TextArea rows={2} placeholder="例如 满 200 送月饼礼盒一份" />
        </Form.Item>
        <Form.Item name="rules" label="活动规则（越简单越好）">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item label="SMART 目标：一个指标、一个数字、在活动日期内完成" required style={{ marginBottom: 0 }}>
          <div style={{ display: "flex", gap: 8 }}>
            <Form.Item name="metric" style={{ flex: 1 }}>
              <Select options={Object.entries(GOAL_METRIC_LABEL).map(([value, label]) => ({ value, label }))} data-testid="campaign-metric" />
            </Form.Item>
            <Form.Item name="target" style={{ flex: 1 }}>
              <Input suffix={GOAL_METRIC_UNIT[(metric ?? "sales") as GoalMetric]} placeholder="目标" data-testid="campaign-target" />
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item name="channels" label="关联邀请渠道（新会员、核销数按这些渠道算）">
          <Select
            mode="multiple"
            allowClear
            options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="campaign-channels"
          />
        </Form.Item>
        <Form.Item name="posters" label="关联海报">
          <Select mode="multiple" allowClear options={(designs.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="phrases" label="关联话术">
          <Select
            mode="multiple"
            allowClear
            showSearch
            optionFilterProp="label"
            options={(phrases.data?.phrases ?? []).map((p) => ({ value: p.id, label: p.title }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
