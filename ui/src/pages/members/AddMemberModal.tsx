import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";

import { api, queries, useChanged } from "../../api";
import type { Gender } from "../../bindings/Gender";
import type { MemberView } from "../../bindings/MemberView";
import type { NewMember } from "../../bindings/NewMember";
import { useFormErrors } from "../../lib/useFormErrors";

interface Values {
  name: string;
  phone: string;
  gender?: Gender;
  birthday_month?: number;
  birthday_day?: number;
  birthday_year?: number;
  birthday_lunar?: boolean;
  referrer_phone?: string;
  tags?: string[];
  wechat?: string;
  source?: string;
  notes?: string;
  groups?: number[];
}

const FIELDS = new Set(["name", "phone", "gender", "birthday", "referrer_phone", "tags", "wechat", "source", "notes", "joined_on", "groups"]);

function toNewMember(v: Values): NewMember {
  const birthday =
    v.birthday_month && v.birthday_day
      ? { month: v.birthday_month, day: v.birthday_day, year: v.birthday_year ?? undefined, lunar: Boolean(v.birthday_lunar) }
      : undefined;
  return {
    name: v.name ?? "",
    phone: v.phone ?? "",
    gender: v.gender,
    birthday,
    referrer_phone: v.referrer_phone,
    tags: v.tags,
    wechat: v.wechat,
    source: v.source,
    notes: v.notes,
    // The form shows every group, so what it sends is the whole list.
    groups: v.groups ?? [],
  };
}

function fromMember(m: MemberView): Values {
  return {
    name: m.name,
    phone: m.phone,
    gender: m.gender === "unknown" ? undefined : m.gender,
    birthday_month: m.birthday?.month,
    birthday_day: m.birthday?.day,
    birthday_year: m.birthday?.year ?? undefined,
    birthday_lunar: m.birthday?.lunar,
    referrer_phone: m.referrer_phone ?? undefined,
    tags: m.custom_tags,
    wechat: m.wechat || undefined,
    source: m.source || undefined,
    notes: m.notes || undefined,
    groups: m.groups.map((g) => g.id),
  };
}

/** Adds a member, or edits `editing` when given. */
export function AddMemberModal({
  open,
  onClose,
  onOpenMember,
  editing,
}: {
  open: boolean;
  onClose: () => void;
  onOpenMember: (id: number) => void;
  editing?: MemberView;
}) {
  const { message } = App.useApp();
  const changed = useChanged();
  const knownTags = useQuery(queries.membersTags());
  const [form] = Form.useForm<Values>();
  const showErrors = useFormErrors(form, FIELDS, (name) => (name[0] === "birthday" ? ["birthday_month"] : name) /* under the month select */);
  const groups = useQuery({ ...queries.groupsList(), enabled: open });

  const add = useMutation({
    mutationFn: async (v: Values) =>
      editing ? { created: false, member: await api.members.update(editing.id, toNewMember(v)), edited: true } : { ...(await api.members.add(toNewMember(v))), edited: false },
    onSuccess: ({ created, member, edited }) => {
      // The groups chosen here gain a seat taken.
      changed("members", "invites");
      if (edited) {
        message.success(`已保存 ${member.name} 的资料`);
      } else if (created) {
        message.success(`已添加会员：${member.name}`);
      } else {
        message.info(`这个手机号已经是会员：${member.name}，已为你打开`);
      }
      form.resetFields();
      onClose();
      onOpenMember(member.id);
    },
    onError: showErrors,
  });

  return (
    <Modal
      title={editing ? `编辑会员：${editing.name}` : "添加会员"}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={add.isPending}
      okButtonProps={{ "data-testid": "save-member" } as React.ComponentProps<typeof Button>}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => add.mutate(v)} preserve={false} initialValues={editing ? fromMember(editing) : undefined}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="姓名" name="name" required>
              <Input maxLength={40} data-testid="member-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="手机号" name="phone" required>
              <Input placeholder="11 位手机号" data-testid="member-phone" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="生日月" name="birthday_month">
              <Select allowClear options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="日" name="birthday_day">
              <Select allowClear options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1} 日` }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="出生年（可不填）" name="birthday_year">
              <InputNumber min={1900} max={2100} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label=" " name="birthday_lunar" valuePropName="checked">
              <Checkbox>农历生日</Checkbox>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="性别" name="gender">
              <Select allowClear options={[{ value: "female", label: "女" }, { value: "male", label: "男" }]} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="推荐人手机号" name="referrer_phone">
              <Input placeholder="谁介绍来的" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="来源渠道" name="source">
              <Input placeholder="如 门店扫码、异业合作" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="标签" name="tags">
              <Select
                mode="tags"
                placeholder="选已有的，或输入新的后回车，如 宝妈"
                options={(knownTags.data ?? []).map((t) => ({ value: t.tag, label: t.tag }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="微信昵称" name="wechat">
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="所在的群" name="groups" extra={groups.data?.length ? undefined : "还没有登记群：可在“群台账”里登记"}>
              <Select
                mode="multiple"
                allowClear
                placeholder="选择会员在哪些群里"
                options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                data-testid="member-groups"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="notes">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
