import { useDeferredValue, useState } from "react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { CopyOutlined, DeleteOutlined, EditOutlined, SearchOutlined, StarFilled, StarOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Card, Col, Empty, Form, Input, List, Menu, Popconfirm, Row, Select, Space, Spin, Tag, Tooltip, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { PhraseView } from "../../bindings/PhraseView";
import { MemberPicker } from "../../components/MemberPicker";
import { SOURCE_LABEL, snippet, typedValues } from "../../lib/phrases";
import { PhraseModal } from "./PhraseModal";

const ALL = "__all";
const FAVORITES = "__favorites";

export function LibraryTab() {
  const [category, setCategory] = useState(ALL);
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState<string | undefined>();
  const [selected, setSelected] = useState<number | undefined>();
  const [editing, setEditing] = useState<PhraseView | undefined>();
  // Who the staff is answering and what they typed stay while they try other
  // phrases: typed once, used in each.
  const [memberId, setMemberId] = useState<number | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  const deferredSearch = useDeferredValue(search);

  const categories = useQuery(queries.phrasesCategories());
  const tags = useQuery(queries.phrasesTags());
  const query = {
    search: deferredSearch.trim() || undefined,
    category: category === ALL || category === FAVORITES ? undefined : category,
    tag,
    favorites_only: category === FAVORITES,
    offset: 0,
    limit: 300,
  };
  const page = useQuery({ ...queries.phrasesList(query), placeholderData: keepPreviousData });
  const phrases = page.data?.phrases ?? [];
  const current = phrases.find((s) => s.id === selected) ?? phrases[0];
  const total = (categories.data ?? []).reduce((n, c) => n + c.count, 0);

  return (
    <Row gutter={16}>
      <Col flex="180px">
        <Menu
          mode="inline"
          selectedKeys={[category]}
          onClick={({ key }) => setCategory(key)}
          style={{ borderInlineEnd: "none" }}
          data-testid="phrases-categories"
          items={[
            { key: ALL, label: <CategoryLabel name="全部" count={total} /> },
            { key: FAVORITES, label: <CategoryLabel name="★ 收藏" /> },
            { type: "divider" },
            ...(categories.data ?? []).map((c) => ({ key: c.name, label: <CategoryLabel name={c.name} count={c.count} /> })),
          ]}
        />
      </Col>
      <Col flex="1 1 320px" style={{ minWidth: 0 }}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space.Compact style={{ width: "100%" }}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder="搜标题、正文，或标题拼音首字母（如 hyxr）"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="phrases-search"
            />
            <Select allowClear placeholder="标签" value={tag} onChange={setTag} style={{ width: 130 }} options={(tags.data ?? []).map((t) => ({ value: t, label: t }))} />
          </Space.Compact>
          <Typography.Text type="secondary" data-testid="phrases-count">
            共 {page.data?.total ?? 0} 条{(page.data?.total ?? 0) > phrases.length ? `，显示前 ${phrases.length} 条` : ""}
          </Typography.Text>
          <div style={{ maxHeight: "calc(100vh - 260px)", overflow: "auto" }}>
            <List
              loading={page.isPending}
              dataSource={phrases}
              locale={{ emptyText: <Empty description={search ? "没有找到，换个词或拼音首字母试试" : "这个分类还没有话术"} /> }}
              renderItem={(s) => (
                <List.Item
                  onClick={() => setSelected(s.id)}
                  style={{ cursor: "pointer", padding: "8px 10px", borderRadius: 6, background: s.id === current?.id ? "#eef6f4" : undefined }}
                  data-testid={`phrase-item-${s.id}`}
                >
                  <List.Item.Meta
                    title={
                      <Space size={6}>
                        {s.favorite ? <StarFilled style={{ color: "#f5a623" }} /> : null}
                        <span data-testid="phrase-item-title">{s.title}</span>
                        <Tag bordered={false}>{s.category}</Tag>
                        {s.uses ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: "normal" }}>
                            用过 {s.uses} 次
                          </Typography.Text>
                        ) : null}
                      </Space>
                    }
                    description={snippet(s.body)}
                  />
                </List.Item>
              )}
            />
          </div>
        </Space>
      </Col>
      <Col flex="1 1 420px" style={{ minWidth: 0 }}>
        {current ? (
          <UsePanel
            phrase={current}
            memberId={memberId}
            onMember={setMemberId}
            values={values}
            onValues={setValues}
            onEdit={() => setEditing(current)}
            onDeleted={() => setSelected(undefined)}
          />
        ) : (
          <Card>
            <Empty description="选一条话术" />
          </Card>
        )}
      </Col>
      <PhraseModal open={editing !== undefined} editing={editing} onClose={() => setEditing(undefined)} />
    </Row>
  );
}

function CategoryLabel({ name, count }: { name: string; count?: number }) {
  return (
    <Space style={{ width: "100%", justifyContent: "space-between" }}>
      <span>{name}</span>
      {count !== undefined ? <Badge count={count} showZero color="#d9e2df" style={{ color: "#3d4b47" }} overflowCount={9999} /> : null}
    </Space>
  );
}

/** One phrase: pick a member, type the rest, see the chat bubble, copy. */
function UsePanel({
  phrase,
  memberId,
  onMember,
  values,
  onValues,
  onEdit,
  onDeleted,
}: {
  phrase: PhraseView;
  memberId: number | undefined;
  onMember: (id: number | undefined) => void;
  values: Record<string, string>;
  onValues: (update: (old: Record<string, string>) => Record<string, string>) => void;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { message } = App.useApp();
  const changed = useChanged();
  const typed = useDeferredValue(values);
  const request = { member_id: memberId, values: typedValues(typed) };
  const filled = useQuery({
    ...queries.phrasesFill(phrase.id, request),
    placeholderData: keepPreviousData,
  });

  const copy = useMutation({
    mutationFn: () => api.phrases.copy(phrase.id, { member_id: memberId, values: typedValues(values) }),
    onSuccess: (f) => {
      message.success(`已复制（${f.length} 字），去微信里粘贴吧`);
      changed("phrases");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  const favorite = useMutation({
    mutationFn: () => api.phrases.setFavorite(phrase.id, !phrase.favorite),
    onSuccess: () => changed("phrases"),
    onError: (e: AppError) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api.phrases.remove(phrase.id),
    onSuccess: () => {
      message.success(phrase.is_default ? "已删除；需要时可在“恢复默认话术”里找回" : "已删除");
      changed("phrases");
      onDeleted();
    },
    onError: (e: AppError) => message.error(e.message),
  });

  const f = filled.data;
  const unfilled = f?.unfilled ?? [];
  return (
    <Card
      size="small"
      title={
        <Space>
          <span data-testid="phrase-current-title">{phrase.title}</span>
          <Tag bordered={false}>{phrase.category}</Tag>
        </Space>
      }
      extra={
        <Space size={4}>
          <Tooltip title={phrase.favorite ? "取消收藏" : "收藏"}>
            <Button type="text" icon={phrase.favorite ? <StarFilled style={{ color: "#f5a623" }} /> : <StarOutlined />} onClick={() => favorite.mutate()} data-testid="phrase-favorite" />
          </Tooltip>
          <Tooltip title="编辑">
            <Button type="text" icon={<EditOutlined />} onClick={onEdit} data-testid="phrase-edit" />
          </Tooltip>
          <Popconfirm title="删除这条话术？" description={phrase.is_default ? "默认话术删掉后可以用“恢复默认话术”找回" : "删除后无法找回"} okText="删除" cancelText="取消" onConfirm={() => remove.mutate()}>
            <Button type="text" danger icon={<DeleteOutlined />} />
          </Popconfirm>
        </Space>
      }
    >
      <Form layout="vertical" size="small">
        <Form.Item label="发给哪位会员" extra="会员的姓名、等级、积分、距升级会自动填进去；填过的内容换一条话术还在">
          <Space.Compact style={{ width: "100%" }}>
            <MemberPicker value={memberId} onChange={onMember} testId="phrases-member" style={{ flex: 1 }} />
            <Button
              disabled={memberId === undefined && Object.keys(values).length === 0}
              onClick={() => {
                onMember(undefined);
                onValues(() => ({}));
              }}
            >
              全部清空
            </Button>
          </Space.Compact>
        </Form.Item>
        {(f?.values ?? []).map((v) => (
          <Form.Item key={v.name} label={`{${v.name}}`} style={{ marginBottom: 8 }} validateStatus={v.source === "missing" ? "warning" : undefined}>
            <Input
              value={values[v.name] ?? ""}
              placeholder={v.source === "missing" ? "请填写" : `${v.value}（${SOURCE_LABEL[v.source]}，可改）`}
              onChange={(e) => onValues((old) => ({ ...old, [v.name]: e.target.value }))}
              data-testid={`phrases-value-${v.name}`}
            />
          </Form.Item>
        ))}
      </Form>
      <Typography.Text type="secondary">预览</Typography.Text>
      <Spin spinning={filled.isFetching && !f} size="small">
        <div className="chat-preview">
          <div className="chat-bubble" data-testid="phrases-preview">
            {f?.text ?? phrase.body}
          </div>
        </div>
      </Spin>
      <Space style={{ width: "100%", justifyContent: "space-between", marginTop: 8 }}>
        <Typography.Text type="secondary" data-testid="phrases-length">
          共 {f?.length ?? [...phrase.body].length} 字{phrase.uses ? ` · 用过 ${phrase.uses} 次` : ""}
          {phrase.last_used_at ? ` · 最近 ${phrase.last_used_at.slice(0, 10)}` : ""}
        </Typography.Text>
        <Button type="primary" icon={<CopyOutlined />} disabled={unfilled.length > 0 || !f} loading={copy.isPending} onClick={() => copy.mutate()} data-testid="phrases-copy">
          复制
        </Button>
      </Space>
      {unfilled.length ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="phrases-unfilled"
          message={`还有 ${unfilled.length} 个占位符没填：${unfilled.map((n) => `{${n}}`).join("、")}`}
          description="填好才能复制，免得把花括号发到群里。"
        />
      ) : null}
    </Card>
  );
}
