import { useMutation } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Modal, Radio, Typography } from "antd";
import dayjs from "dayjs";
import type { Dayjs } from "dayjs";

import { api, useChanged } from "../../api";
import type { AssetView } from "../../bindings/AssetView";
import type { Licence } from "../../bindings/Licence";
import { useFormErrors } from "../../lib/useFormErrors";
import { LICENCE_HELP, LICENCE_LABEL } from "../../lib/posters";

interface Values {
  licence: Licence;
  source?: string;
  consent_name?: string;
  consent_on?: Dayjs | null;
}

/**
 * Puts a picture in the library: first where it came from, then the file. With
 * `editing`, corrects the licence record of a picture already there.
 */
export function AssetModal({
  open,
  onClose,
  onAdded,
  editing,
}: {
  open: boolean;
  onClose: () => void;
  onAdded: (asset: AssetView) => void;
  editing?: AssetView;
}) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<Values>();
  const showErrors = useFormErrors(form, new Set(["source", "consent_name", "consent_on"]));
  const licence = Form.useWatch("licence", form);
  const add = useMutation({
    mutationFn: (v: Values) => {
      const facts = {
        licence: v.licence,
        source: v.source,
        consent_name: v.consent_name,
        consent_on: v.consent_on ? v.consent_on.format("YYYY-MM-DD") : undefined,
      };
      return editing ? api.assets.updateLicence(editing.id, facts) : api.assets.addPick(facts);
    },
    onSuccess: (asset) => {
      if (!asset) return;
      changed("posters");
      message.success(`${editing ? "已改好授权记录" : "已放进素材库"}：${asset.original_name}（${LICENCE_LABEL[asset.licence]}）`);
      onAdded(asset);
      onClose();
    },
    onError: showErrors,
  });
  return (
    <Modal
      title={editing ? `改授权记录：${editing.original_name}` : "上传图片到素材库"}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? "保存" : "选择图片…"}
      cancelText="取消"
      confirmLoading={add.isPending}
      okButtonProps={{ "data-testid": "asset-pick" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={
          editing
            ? {
                licence: editing.licence,
                source: editing.source || undefined,
                consent_name: editing.consent_name || undefined,
                consent_on: editing.consent_on ? dayjs(editing.consent_on) : null,
              }
            : { licence: "own" }
        } onFinish={(v) => add.mutate(v)} data-testid="asset-form">
        <Form.Item label="这张图片是" name="licence">
          <Radio.Group options={(Object.keys(LICENCE_LABEL) as Licence[]).map((l) => ({ value: l, label: LICENCE_LABEL[l] }))} />
        </Form.Item>
        {licence ? <Typography.Paragraph type="secondary">{LICENCE_HELP[licence]}</Typography.Paragraph> : null}
        {licence === "licensed" || licence === "web" ? (
          <Form.Item label={licence === "licensed" ? "从哪里买的授权" : "在哪里看到的"} name="source" required={licence === "licensed"}>
            <Input placeholder={licence === "licensed" ? "图库名称或订单号" : "网页地址"} data-testid="asset-source" />
          </Form.Item>
        ) : null}
        {licence === "consent" ? (
          <>
            <Form.Item label="同意使用的顾客" name="consent_name" required>
              <Input placeholder="顾客姓名" />
            </Form.Item>
            <Form.Item label="同意日期" name="consent_on" required>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
