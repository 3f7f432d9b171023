import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from "antd";
import type { FormInstance } from "antd";

import { AppError, api, queries } from "../../api";
import type { AnnouncementForm } from "../../bindings/AnnouncementForm";
import type { NewPhrase } from "../../bindings/NewPhrase";
import type { RulesForm } from "../../bindings/RulesForm";
import { type FormErrorTarget, showFormErrors } from "../../lib/formErrors";
import { PhraseModal } from "./PhraseModal";

/** Puts the backend's field messages under the builder's inputs. */
function showErrors<T>(form: FormInstance<T>, e: AppError, fields: Set<string>, fallback: (text: string) => void) {
  showFormErrors(form as unknown as FormErrorTarget, e, (p) => fields.has(p[0] ?? ""), fallback);
}

function Draft({ text, onSave, testId }: { text: string | undefined; onSave: () => void; testId: string }) {
  if (!text) return null;
  return (
    <>
      <div className="chat-preview" style={{ marginTop: 12 }}>
        <div className="chat-bubble" data-testid={testId}>
          {text}
        </div>
      </div>
      <Space style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">共 {[...text].length} 字</Typography.Text>
        <Button type="primary" onClick={onSave}>
          保存到话术库
        </Button>
      </Space>
    </>
  );
}

const ANNOUNCEMENT_FIELDS = new Set(["group_name", "purpose", "offers", "forbidden", "penalty", "encouraged", "reward"]);
const RULES_FIELDS = new Set(["group_name", "rules", "warnings", "response_hours"]);

export function BuildersTab() {
  const { message } = App.useApp();
  const [announcementForm] = Form.useForm<AnnouncementForm>();
  const [rulesForm] = Form.useForm<RulesForm>();
  const [announcement, setAnnouncement] = useState<string>();
  const [rules, setRules] = useState<string>();
  const [draft, setDraft] = useState<Partial<NewPhrase>>();
  const rulesDefaults = useQuery({ ...queries.phrasesRulesForm(), staleTime: Infinity });

  const buildAnnouncement = useMutation({
    mutationFn: (form: AnnouncementForm) => api.phrases.buildAnnouncement(form),
    onSuccess: setAnnouncement,
    onError: (e: AppError) => showErrors(announcementForm, e, ANNOUNCEMENT_FIELDS, (t) => message.error(t)),
  });
  const buildRules = useMutation({
    mutationFn: (form: RulesForm) => api.phrases.buildRules({ ...form, rules: form.rules ?? [] }),
    onSuccess: setRules,
    onError: (e: AppError) => showErrors(rulesForm, e, RULES_FIELDS, (t) => message.error(t)),
  });
  const titled = (kind: string, group: string | undefined) => (group?.trim() ? `${group.trim()}${kind}` : kind);

  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card size="small" title="群公告生成器" extra={<Typography.Text type="secondary">四部分：做什么、有什么、不许什么、鼓励什么</Typography.Text>}>
          <Form<AnnouncementForm> form={announcementForm} layout="vertical" size="small" onFinish={(v) => buildAnnouncement.mutate({ ...v, group_name: v.group_name ?? "" })}>
            <Form.Item name="group_name" label="群名（可空）">
              <Input placeholder="如：花漾烘焙会员群" />
            </Form.Item>
            <Form.Item name="purpose" label="一、这个群是做什么的">
              <Input.TextArea autoSize placeholder="如：给老顾客第一时间分享新品和会员福利" data-testid="builder-purpose" />
            </Form.Item>
            <Form.Item name="offers" label="二、在群里能得到什么">
              <Input.TextArea autoSize placeholder="如：每周三会员价、新品试吃名额、生日月小礼物" />
            </Form.Item>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name="forbidden" label="三、禁止的事">
                  <Input.TextArea autoSize placeholder="如：发广告、链接和别的群二维码" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="penalty" label="违反的后果">
                  <Input.TextArea autoSize placeholder="如：提醒后仍发的请出群" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name="encouraged" label="四、鼓励的事">
                  <Input.TextArea autoSize placeholder="如：晒单、分享吃法、帮新朋友答疑" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="reward" label="鼓励的奖励">
                  <Input.TextArea autoSize placeholder="如：每月评出三位送蛋糕券" />
                </Form.Item>
              </Col>
            </Row>
            <Button htmlType="submit" loading={buildAnnouncement.isPending} data-testid="builder-announcement">
              生成群公告
            </Button>
          </Form>
          <Draft
            text={announcement}
            testId="builder-announcement-text"
            onSave={() => setDraft({ title: titled("群公告", announcementForm.getFieldValue("group_name") as string), category: "群公告", body: announcement, tags: ["群公告"] })}
          />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title="群规生成器" extra={<Typography.Text type="secondary">5 条左右最好记</Typography.Text>}>
          {rulesDefaults.data ? (
            <Form<RulesForm> form={rulesForm} layout="vertical" size="small" initialValues={rulesDefaults.data} onFinish={(v) => buildRules.mutate({ ...v, group_name: v.group_name ?? "" })}>
              <Form.Item name="group_name" label="群名（可空）">
                <Input />
              </Form.Item>
              <Form.Item label="群规" required>
                <Form.List name="rules">
                  {(items, { add, remove }) => (
                    <Space direction="vertical" style={{ width: "100%" }}>
                      {items.map((item, i) => (
                        <Space.Compact key={item.key} style={{ width: "100%" }}>
                          <Button disabled style={{ width: 36 }}>
                            {i + 1}
                          </Button>
                          <Form.Item name={item.name} noStyle>
                            <Input maxLength={100} />
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} onClick={() => remove(item.name)} />
                        </Space.Compact>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add("")} disabled={items.length >= 10}>
                        加一条
                      </Button>
                    </Space>
                  )}
                </Form.List>
              </Form.Item>
              <Space size="large">
                <Form.Item name="warnings" label="提醒几次后请出群">
                  <InputNumber min={1} max={9} precision={0} addonAfter="次" />
                </Form.Item>
                <Form.Item name="response_hours" label="问题多久内回复">
                  <InputNumber min={1} max={72} precision={0} addonAfter="小时" />
                </Form.Item>
              </Space>
              <div>
                <Button htmlType="submit" loading={buildRules.isPending} data-testid="builder-rules">
                  生成群规
                </Button>
              </div>
            </Form>
          ) : null}
          <Draft text={rules} testId="builder-rules-text" onSave={() => setDraft({ title: titled("群规", rulesForm.getFieldValue("group_name") as string), category: "群规", body: rules, tags: ["群规"] })} />
        </Card>
      </Col>
      <PhraseModal open={draft !== undefined} draft={draft} onClose={() => setDraft(undefined)} />
    </Row>
  );
}
