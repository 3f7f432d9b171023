import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select } from "antd";
import dayjs from "dayjs";
import type { Dayjs } from "dayjs";

import { api, queries, useChanged } from "../../api";
import type { ChannelKind } from "../../bindings/ChannelKind";
import type { ChannelView } from "../../bindings/ChannelView";
import type { NewChannel } from "../../bindings/NewChannel";
import { useFormErrors } from "../../lib/useFormErrors";
import { CHANNEL_KIND_LABEL } from "../../lib/invites";

interface Values {
  kind: ChannelKind;
  name?: string;
  target: "group" | "link";
  group_id?: number;
  link?: string;
  headline?: string;
  gift?: string;
  partner?: string;
  valid_until?: Dayjs | null;
}

const FIELDS = new Set(["kind", "name", "group_id", "link", "headline", "gift", "partner", "valid_until"]);

function toNewChannel(v: Values): NewChannel {
  return {
    kind: v.kind,
    name: v.name ?? "",
    group_id: v.target === "group" ? v.group_id : undefined,
    link: v.target === "link" ? v.link : undefined,
    headline: v.headline,
    gift: v.gift,
    partner: v.partner,
    valid_until: v.valid_until ? v.valid_until.format("YYYY-MM-DD") : undefined,
  };
}

function fromChannel(c: ChannelView): Values {
  return {
    kind: c.kind,
    name: c.name,
    target: c.group_id !== null ? "group" : "link",
    group_id: c.group_id ?? undefined,
    link: c.group_id !== null ? undefined : c.link,
    headline: c.headline || undefined,
    gift: c.gift || undefined,
    partner: c.partner || undefined,
    valid_until: c.valid_until ? dayjs(c.valid_until) : null,
  };
}

/**
 * An invite channel, new or `editing`: where the cards go, where their QR leads, what
 * gift they promise.
 */
export function ChannelModal({ open, onClose, editing }: { open: boolean; onClose: () => void; editing?: ChannelView }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<Values>();
  const showErrors = useFormErrors(form, FIELDS);
  const groups = useQuery({ ...queries.groupsList(), enabled: open });
  const kind = Form.useWatch("kind", form);
  const target = Form.useWatch("target", form);

  const add = useMutation({
    mutationFn: (v: Values) => (editing ? api.channels.update(editing.id, toNewChannel(v)) : api.channels.add(toNewChannel(v))),
    onSuccess: (channel) => {
      changed("invites");
      message.success(editing ? `已保存渠道“${channel.name}”` : `已新建渠道“${channel.name}”`);
      onClose();
    },
    onError: showErrors,
  });

  return (
    <Modal
      title={editing ? `编辑渠道：${editing.name}` : "新建邀请渠道"}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={add.isPending}
      okButtonProps={{ "data-testid": "save-channel" } as React.ComponentProps<typeof Button>}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={editing ? fromChannel(editing) : { kind: "counter", target: "group" }} onFinish={(v) => add.mutate(v)}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="渠道类型" name="kind">
              <Select options={Object.entries(CHANNEL_KIND_LABEL).map(([value, label]) => ({ value, label }))} data-testid="channel-kind" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="渠道名称" name="name" extra="不填就用渠道类型作名字">
              <Input maxLength={30} placeholder={kind ? CHANNEL_KIND_LABEL[kind] : ""} data-testid="channel-name" />
            </Form.Item>
          </Col>
          {kind === "partner" ? (
            <Col span={24}>
              <Form.Item label="合作商家" name="partner" required>
                <Input placeholder="如 隔壁花店" />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={24}>
            <Form.Item label="扫码去哪里" name="target">
              <Radio.Group
                options={[
                  { value: "group", label: "进我登记的群" },
                  { value: "link", label: "其他链接（店员企业微信名片等）" },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            {target === "link" ? (
              <Form.Item label="链接" name="link" required>
                <Input placeholder="https://…" data-testid="channel-link" />
              </Form.Item>
            ) : (
              <Form.Item label="群" name="group_id" required extra="群二维码更新后，这个渠道印出的码会跟着换成新的">
                <Select
                  placeholder={groups.data?.length ? "选择一个群" : "还没有登记群：请先到“群台账”登记"}
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name, disabled: !g.link }))}
                  data-testid="channel-group"
                />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item label="卡片标题" name="headline">
              <Input maxLength={40} placeholder="扫码进群，新品和福利第一时间知道" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="进群礼" name="gift" extra="核销时提醒店员送出">
              <Input maxLength={30} placeholder="如 卤蛋一个" data-testid="channel-gift" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="邀请码有效期至" name="valid_until" extra="不填则长期有效">
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
