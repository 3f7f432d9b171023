import { useRef } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, AutoComplete, Button, Col, Form, Input, Modal, Row, Select, Space, Switch, Tooltip, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";

import { api, queries, useChanged } from "../../api";
import type { NewPhrase } from "../../bindings/NewPhrase";
import type { PhraseView } from "../../bindings/PhraseView";
import { useFormErrors } from "../../lib/useFormErrors";
import { PLACEHOLDERS, insertAt } from "../../lib/phrases";

const FIELDS = new Set(["title", "category", "body", "tags"]);

/** Adds a phrase (optionally starting from `draft`), or edits `editing`. */
export function PhraseModal({
  open,
  onClose,
  editing,
  draft,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  editing?: PhraseView;
  draft?: Partial<NewPhrase>;
  onSaved?: (phrase: PhraseView) => void;
}) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [form] = Form.useForm<NewPhrase>();
  const showErrors = useFormErrors(form, FIELDS);
  const body = useRef<TextAreaRef>(null);
  const categories = useQuery({ ...queries.phrasesCategories(), enabled: open });
  const tags = useQuery({ ...queries.phrasesTags(), enabled: open });

  const save = useMutation({
    mutationFn: (v: NewPhrase) => {
      const phrase = { ...v, tags: v.tags ?? [], favorite: v.favorite ?? false };
      return editing ? api.phrases.update(editing.id, phrase) : api.phrases.add(phrase);
    },
    onSuccess: (phrase) => {
      changed("phrases");
      message.success(editing ? `已保存“${phrase.title}”` : `已加入话术库：“${phrase.title}”`);
      onSaved?.(phrase);
      onClose();
    },
    onError: showErrors,
  });

  const insert = (name: string) => {
    const area = body.current?.resizableTextArea?.textArea;
    const current = (form.getFieldValue("body") as string | undefined) ?? "";
    const start = area?.selectionStart ?? current.length;
    const end = area?.selectionEnd ?? current.length;
    const next = insertAt(current, start, end, `{${name}}`);
    form.setFieldValue("body", next.text);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const initial: Partial<NewPhrase> = editing
    ? { title: editing.title, category: editing.category, body: editing.body, tags: editing.tags, favorite: editing.favorite }
    : { tags: [], favorite: false, ...draft };

  return (
    <Modal
      title={editing ? `编辑话术：${editing.title}` : "新建话术"}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "phrase-save" } as React.ComponentProps<typeof Button>}
      width={720}
      destroyOnHidden
    >
      <Form<NewPhrase> form={form} layout="vertical" preserve={false} initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="title" label="标题" rules={[{ required: true, message: "请填写标题" }]}>
              <Input maxLength={40} showCount data-testid="phrase-title" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="category" label="分类" rules={[{ required: true, message: "请选或输入一个分类" }]} extra="可以直接输入新的分类">
              <AutoComplete
                options={(categories.data ?? []).map((c) => ({ value: c.name }))}
                filterOption={(input, option) => (option?.value ?? "").includes(input)}
                maxLength={10}
                data-testid="phrase-category"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="正文" required style={{ marginBottom: 4 }}>
          <Space size={[4, 4]} wrap style={{ marginBottom: 6 }}>
            <Typography.Text type="secondary">插入占位符：</Typography.Text>
            {PLACEHOLDERS.map((p) => (
              <Tooltip key={p.name} title={p.hint}>
                <Button size="small" onClick={() => insert(p.name)}>
                  {`{${p.name}}`}
                </Button>
              </Tooltip>
            ))}
          </Space>
          <Form.Item name="body" noStyle rules={[{ required: true, message: "请填写正文" }]}>
            <Input.TextArea ref={body} autoSize={{ minRows: 5, maxRows: 14 }} maxLength={2000} showCount data-testid="phrase-body" />
          </Form.Item>
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          占位符用花括号写，例如 {"{优惠券}"}；也可以写自己的，如 {"{单号}"}，发送时再填。
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col span={18}>
            <Form.Item name="tags" label="标签">
              <Select mode="tags" tokenSeparators={[",", "，", "、", " "]} options={(tags.data ?? []).map((t) => ({ value: t }))} placeholder="输入后回车" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="favorite" label="收藏" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
