import { useDeferredValue, useState } from "react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { CopyOutlined, DeleteOutlined, EditOutlined, SearchOutlined, StarFilled, StarOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Card, Col, Empty, Form, Input, List, Menu, Popconfirm, Row, Select, Space, Spin, Tag, Tooltip, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { ScriptView } from "../../bindings/ScriptView";
import { MemberPicker } from "../../components/MemberPicker";
import { SOURCE_LABEL, snippet, typedValues } from "../../lib/scripts";
import { ScriptModal } from "./ScriptModal";

const ALL = "__all";
const FAVORITES = "__favorites";

export function LibraryTab() {
  const [category, setCategory] = useState(ALL);
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState<string | undefined>();
  const [selected, setSelected] = useState<number | undefined>();
  const [editing, setEditing] = useState<ScriptView | undefined>();
  // Who the staff is answering and what they typed stay while they try other
  // phrases: typed once, used in each.
  const [memberId, setMemberId] = useState<number | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  const deferredSearch = useDeferredValue(search);

  const categories = useQuery(queries.scriptsCategories());
  const tags = useQuery(queries.scriptsTags());
  const query = {
    search: deferredSearch.trim() || undefined,
    category: category === ALL || category === FAVORITES ? undefined : category,
    tag,
    favorites_only: category === FAVORITES,
    offset: 0,
    limit: 300,
  };
  const page = useQuery({ ...queries.scriptsList(query), placeholderData: keepPreviousData });
  const scripts = page.data?.scripts ?? [];
  const current = scripts.find((s) => s.id === selected) ?? scripts[0];
  const total = (categories.data ?? []).reduce((n, c) => n + c.count, 0);

  return (
    <Row gutter={16}>
      <Col flex="180px">
        <Menu
          mode="inline"
          selectedKeys={[category]}
          onClick={({ key }) => setCategory(key)}
          style={{ borderInlineEnd: "none" }}
          data-testid="scripts-categories"
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
              data-testid="scripts-search"
            />
            <Select allowClear placeholder="标签" value={tag} onChange={setTag} style={{ width: 130 }} options={(tags.data ?? []).map((t) => ({ value: t, label: t }))} />
          </Space.Compact>
          <Typography.Text type="secondary" data-testid="scripts-count">
            共 {page.data?.total ?? 0} 条{(page.data?.total ?? 0) > scripts.length ? `，显示前 ${scripts.length} 条` : ""}
          </Typography.Text>
          <div style={{ maxHeight: "calc(100vh - 260px)", overflow: "auto" }}>
            <List
              loading={page.isPending}
              dataSource={scripts}
              locale={{ emptyText: <Empty description={search ? "没有找到，换个词或拼音首字母试试" : "这个分类还没有话术"} /> }}
              renderItem={(s) => (
                <List.Item
                  onClick={() => setSelected(s.id)}
                  style={{ cursor: "pointer", padding: "8px 10px", borderRadius: 6, background: s.id === current?.id ? "#eef6f4" : undefined }}
                  data-testid={`script-item-${s.id}`}
                >
                  <List.Item.Meta
                    title={
                      <Space size={6}>
                        {s.favorite ? <StarFilled style={{ color: "#f5a623" }} /> : null}
                        <span data-testid="script-item-title">{s.title}</span>
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
            script={current}
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
      <ScriptModal open={editing !== undefined} editing={editing} onClose={() => setEditing(undefined)} />
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
  script,
  memberId,
  onMember,
  values,
  onValues,
  onEdit,
  onDeleted,
}: {
  script: ScriptView;
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
    ...queries.scriptsFill(script.id, request),
    placeholderData: keepPreviousData,
  });

  const copy = useMutation({
    mutationFn: () => api.scripts.copy(script.id, { member_id: memberId, values: typedValues(values) }),
    onSuccess: (f) => {
      message.success(`已复制（${f.length} 字），去微信里粘贴吧`);
      changed("scripts");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  const favorite = useMutation({
    mutationFn: () => api.scripts.setFavorite(script.id, !script.favorite),
    onSuccess: () => changed("scripts"),
    onError: (e: AppError) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api.scripts.remove(script.id),
    onSuccess: () => {
      message.success(script.is_default ? "已删除；需要时可在“恢复默认话术”里找回" : "已删除");
      changed("scripts");
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
          <span data-testid="script-current-title">{script.title}</span>
          <Tag bordered={false}>{script.category}</Tag>
        </Space>
      }
      extra={
        <Space size={4}>
          <Tooltip title={script.favorite ? "取消收藏" : "收藏"}>
            <Button type="text" icon={script.favorite ? <StarFilled style={{ color: "#f5a623" }} /> : <StarOutlined />} onClick={() => favorite.mutate()} data-testid="script-favorite" />
          </Tooltip>
          <Tooltip title="编辑">
            <Button type="text" icon={<EditOutlined />} onClick={onEdit} data-testid="script-edit" />
          </Tooltip>
          <Popconfirm title="删除这条话术？" description={script.is_default ? "默认话术删掉后可以用“恢复默认话术”找回" : "删除后无法找回"} okText="删除" cancelText="取消" onConfirm={() => remove.mutate()}>
            <Button type="text" danger icon={<DeleteOutlined />} />
          </Popconfirm>
        </Space>
      }
    >
      <Form layout="vertical" size="small">
        <Form.Item label="发给哪位会员" extra="会员的姓名、等级、积分、距升级会自动填进去；填过的内容换一条话术还在">
          <Space.Compact style={{ width: "100%" }}>
            <MemberPicker value={memberId} onChange={onMember} testId="scripts-member" style={{ flex: 1 }} />
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
              data-testid={`scripts-value-${v.name}`}
            />
          </Form.Item>
        ))}
      </Form>
      <Typography.Text type="secondary">预览</Typography.Text>
      <Spin spinning={filled.isFetching && !f} size="small">
        <div className="chat-preview">
          <div className="chat-bubble" data-testid="scripts-preview">
            {f?.text ?? script.body}
          </div>
        </div>
      </Spin>
      <Space style={{ width: "100%", justifyContent: "space-between", marginTop: 8 }}>
        <Typography.Text type="secondary" data-testid="scripts-length">
          共 {f?.length ?? [...script.body].length} 字{script.uses ? ` · 用过 ${script.uses} 次` : ""}
          {script.last_used_at ? ` · 最近 ${script.last_used_at.slice(0, 10)}` : ""}
        </Typography.Text>
        <Button type="primary" icon={<CopyOutlined />} disabled={unfilled.length > 0 || !f} loading={copy.isPending} onClick={() => copy.mutate()} data-testid="scripts-copy">
          复制
        </Button>
      </Space>
      {unfilled.length ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="scripts-unfilled"
          message={`还有 ${unfilled.length} 个占位符没填：${unfilled.map((n) => `{${n}}`).join("、")}`}
          description="填好才能复制，免得把花括号发到群里。"
        />
      ) : null}
    </Card>
  );
}
