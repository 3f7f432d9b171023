import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, List, Modal, Popconfirm, Row, Space, Switch, Table, Tag, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { KeywordRule } from "../../bindings/KeywordRule";
import type { NewKeywordRule } from "../../bindings/NewKeywordRule";
import type { ReplyOutcome } from "../../bindings/ReplyOutcome";
import { useFormErrors } from "../../lib/useFormErrors";
import { splitKeywords } from "../../lib/phrases";

interface Values {
  keywords: string;
  reply: string;
  whole: boolean;
  priority: number;
  enabled: boolean;
}
const FIELDS = new Set(["keywords", "reply", "priority"]);

function toRule(v: Values): NewKeywordRule {
  return { keywords: splitKeywords(v.keywords ?? ""), reply: v.reply ?? "", whole: v.whole ?? false, priority: v.priority ?? 0, enabled: v.enabled ?? true };
}

export function KeywordRulesTab() {
  const { message } = App.useApp();
  const changed = useChanged();
  const rules = useQuery(queries.keywordRulesList());
  const [editing, setEditing] = useState<KeywordRule | "new" | undefined>();
  const [messageText, setMessageText] = useState("");
  const [outcome, setOutcome] = useState<ReplyOutcome | undefined>();

  const rulesChanged = () => {
    changed("phrases");
    setOutcome(undefined);
  };
  const toggle = useMutation({
    mutationFn: (r: KeywordRule) => api.keywordRules.update(r.id, { ...r, enabled: !r.enabled }),
    onSuccess: rulesChanged,
    onError: (e: AppError) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.keywordRules.remove(id),
    onSuccess: rulesChanged,
    onError: (e: AppError) => message.error(e.message),
  });
  const test = useMutation({
    mutationFn: () => api.keywordRules.test(messageText),
    onSuccess: setOutcome,
    onError: (e: AppError) => message.error(e.message),
  });

  return (
    <Row gutter={16}>
      <Col span={15}>
        <Card
          size="small"
          title="关键词回复"
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="rule-add">
              新建规则
            </Button>
          }
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            顾客的消息里出现关键词，就用对应的回复。几条都匹配时：整句匹配的优先，再看优先级（大的优先），再看关键词长短（长的更具体），最后先建的优先。
          </Typography.Paragraph>
          <Table<KeywordRule>
            rowKey="id"
            size="small"
            loading={rules.isPending}
            dataSource={rules.data}
            pagination={false}
            columns={[
              { title: "关键词", dataIndex: "keywords", width: 190, render: (ks: string[], r) => <Space size={[2, 2]} wrap>{ks.map((k) => <Tag key={k}>{k}</Tag>)}{r.whole ? <Tag color="blue">整句</Tag> : null}</Space> },
              { title: "回复", dataIndex: "reply", ellipsis: true },
              { title: "优先级", dataIndex: "priority", width: 70, align: "center" },
              { title: "启用", dataIndex: "enabled", width: 60, render: (on: boolean, r) => <Switch size="small" checked={on} onChange={() => toggle.mutate(r)} /> },
              {
                title: "",
                width: 80,
                render: (_, r) => (
                  <Space size={0}>
                    <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} />
                    <Popconfirm title="删除这条规则？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(r.id)}>
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col span={9}>
        <Card size="small" title="试一试：顾客发来这句，会回什么？">
          <Space.Compact style={{ width: "100%" }}>
            <Input value={messageText} onChange={(e) => setMessageText(e.target.value)} onPressEnter={() => messageText.trim() && test.mutate()} placeholder="例如：你们几点关门？" data-testid="rule-test-input" />
            <Button type="primary" icon={<ThunderboltOutlined />} disabled={!messageText.trim()} loading={test.isPending} onClick={() => test.mutate()} data-testid="rule-test">
              测试
            </Button>
          </Space.Compact>
          {outcome ? (
            <div style={{ marginTop: 12 }} data-testid="rule-test-result">
              {outcome.fired ? (
                <Alert type="success" showIcon message={`会回复（规则 ${outcome.fired.rule_id}）`} description={<><div style={{ whiteSpace: "pre-wrap" }}>{outcome.fired.reply}</div><Typography.Text type="secondary">为什么：{outcome.fired.reason}</Typography.Text></>} />
              ) : (
                <Alert type="info" showIcon message="没有规则会回复这句" description="可以新建一条规则，把顾客常问的词加进去。" />
              )}
              {outcome.also_matched.length ? (
                <List size="small" header="也匹配但没用上" dataSource={outcome.also_matched} renderItem={(h) => <List.Item>规则 {h.rule_id}：{h.reason}</List.Item>} />
              ) : null}
            </div>
          ) : null}
        </Card>
      </Col>
      <RuleModal editing={editing} onClose={() => setEditing(undefined)} onSaved={rulesChanged} />
    </Row>
  );
}

function RuleModal({ editing, onClose, onSaved }: { editing: KeywordRule | "new" | undefined; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showErrors = useFormErrors(form, FIELDS);
  const existing = editing === "new" ? undefined : editing;
  const save = useMutation({
    mutationFn: (v: Values) => (existing ? api.keywordRules.update(existing.id, toRule(v)) : api.keywordRules.add(toRule(v))),
    onSuccess: () => {
      message.success("已保存关键词回复");
      onSaved();
      onClose();
    },
    onError: showErrors,
  });
  const initial: Values = existing
    ? { keywords: existing.keywords.join("、"), reply: existing.reply, whole: existing.whole, priority: existing.priority, enabled: existing.enabled }
    : { keywords: "", reply: "", whole: false, priority: 0, enabled: true };
  return (
    <Modal title={existing ? "编辑关键词回复" : "新建关键词回复"} open={editing !== undefined} onCancel={onClose} onOk={() => form.submit()} okText="保存" cancelText="取消" confirmLoading={save.isPending} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="keywords" label="关键词" extra="几个词用逗号或顿号隔开；大小写、全角半角、空格都不影响匹配" rules={[{ required: true, message: "至少写一个关键词" }]}>
          <Input placeholder="营业时间、几点开门" data-testid="rule-keywords" />
        </Form.Item>
        <Form.Item name="reply" label="回复" extra="可以用 {店名} {地址} {电话}，会按设置里的资料填好" rules={[{ required: true, message: "请写回复内容" }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount data-testid="rule-reply" />
        </Form.Item>
        <Space size="large">
          <Form.Item name="priority" label="优先级" extra="-99 到 99，大的优先">
            <InputNumber min={-99} max={99} precision={0} />
          </Form.Item>
          <Form.Item name="whole" label="整句匹配" valuePropName="checked" extra="整条消息就是关键词才回复">
            <Switch />
          </Form.Item>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
