import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { TableProps } from "antd";
import { useSearchParams } from "react-router";

import { AppError, api, queries } from "../../api";
import type { MemberQuery } from "../../bindings/MemberQuery";
import type { MemberSort } from "../../bindings/MemberSort";
import type { MemberView } from "../../bindings/MemberView";
import type { Tier } from "../../bindings/Tier";
import { formatYuan } from "../../lib/money";
import { TIER_COLOR, TIER_LABEL } from "../../lib/tiers";
import { monthOf, useToday } from "../../lib/today";
import { AddMemberModal } from "./AddMemberModal";
import { CounterBox } from "./CounterBox";
import { ImportWizard } from "./ImportWizard";
import { MemberDrawer } from "./MemberDrawer";

const PAGE_SIZE = 50;

type QuickList = "all" | "birthday_month" | "birthday_week" | "dormant" | "new_week" | "left";

const QUICK_LISTS: { value: QuickList; label: string }[] = [
  { value: "all", label: "全部会员" },
  { value: "birthday_month", label: "本月生日" },
  { value: "birthday_week", label: "7 天内生日" },
  { value: "dormant", label: "沉睡会员" },
  { value: "new_week", label: "本周新会员" },
  { value: "left", label: "已离开" },
];

/** Tags the app computes; the shop's own come from the book. */
const COMPUTED_TAGS = ["高价值", "沉睡", "本月生日", "新会员"];

function buildQuery(
  search: string,
  tier: Tier | undefined,
  tag: string | undefined,
  groupId: number | undefined,
  quick: QuickList,
  sort: MemberSort,
  descending: boolean,
  page: number,
  today: string | undefined,
): MemberQuery {
  return {
    search: search.trim() || undefined,
    tier,
    tag,
    group_id: groupId,
    dormant: quick === "dormant",
    birthday_month: quick === "birthday_month" && today ? monthOf(today) : undefined,
    birthday_within_days: quick === "birthday_week" ? 7 : undefined,
    joined_within_days: quick === "new_week" ? 7 : undefined,
    include_left: false,
    left_only: quick === "left",
    sort,
    descending,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

const SORT_BY_COLUMN: Record<string, MemberSort> = {
  spend: "spend",
  points: "points",
  last_purchase_on: "last_visit",
  joined_on: "joined",
  name: "name",
};

export function MembersPage() {
  const { message, modal } = App.useApp();
  const today = useToday();
  // 概览 links here with ?list=… to open the list it is about.
  const [params] = useSearchParams();
  const fromLink = QUICK_LISTS.find((q) => q.value === params.get("list"))?.value;
  const [search, setSearch] = useState("");
  const [tier, setTier] = useState<Tier | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [groupId, setGroupId] = useState<number | undefined>();
  const groups = useQuery(queries.groupsList());
  const [quick, setQuick] = useState<QuickList>(fromLink ?? "all");
  const customTags = useQuery(queries.membersTags());
  const [sort, setSort] = useState<MemberSort>("joined");
  const [descending, setDescending] = useState(true);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  // Dormant members are listed by value, most valuable first.
  const effectiveSort: MemberSort = quick === "dormant" && sort === "joined" ? "spend" : sort;
  const query = buildQuery(search, tier, tag, groupId, quick, effectiveSort, descending, page, today);
  const members = useQuery({
    ...queries.membersList(query),
    placeholderData: (previous) => previous,
  });

  const exportMembers = async (unmask: boolean) => {
    try {
      const count = await api.members.exportTo(unmask);
      if (count !== null) message.success(`已导出 ${count} 位会员（${unmask ? "完整手机号" : "手机号已打码"}）`);
    } catch (e) {
      message.error((e as AppError).message);
    }
  };
  // Full numbers are personal data (《个人信息保护法》): said before, not after.
  const exportUnmasked = () =>
    modal.confirm({
      title: "导出完整手机号？",
      content:
        "导出的文件里会有每位会员的完整手机号，属于顾客的个人信息。文件一旦发出去或丢失就收不回来：只发给确实需要的人，用完删除，不要发到群里。",
      okText: "我明白，导出完整手机号",
      okButtonProps: { danger: true, "data-testid": "export-unmasked-ok" } as React.ComponentProps<typeof Button>,
      cancelText: "取消",
      onOk: () => exportMembers(true),
    });

  const columns: TableProps<MemberView>["columns"] = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      sorter: true,
      render: (name: string, m: MemberView) => (
        <Space size={4}>
          <Typography.Text strong>{name}</Typography.Text>
          {m.status === "left" ? <Tag>已离开</Tag> : null}
        </Space>
      ),
    },
    { title: "手机号", dataIndex: "phone", key: "phone" },
    {
      title: "等级",
      dataIndex: "tier",
      key: "tier",
      render: (t: Tier) => (
        <Tag color={TIER_COLOR[t]} data-testid="tier-tag">
          {TIER_LABEL[t]}
        </Tag>
      ),
    },
    { title: "近 12 个月消费", dataIndex: "spend_12m_fen", key: "spend", sorter: true, align: "right", render: (fen: number) => formatYuan(fen) },
    { title: "积分", dataIndex: "points", key: "points", sorter: true, align: "right" },
    { title: "最近消费", dataIndex: "last_purchase_on", key: "last_purchase_on", sorter: true, render: (d: string | null) => d ?? "—" },
    {
      title: "标签",
      dataIndex: "tags",
      key: "tags",
      render: (tags: string[]) => (
        <Space size={[0, 4]} wrap>
          {tags.map((t) => (
            <Tag key={t}>{t}</Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <CounterBox />
      <Card
        title="会员"
        extra={
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="open-import">
              导入
            </Button>
            <Space.Compact>
              <Button icon={<DownloadOutlined />} onClick={() => void exportMembers(false)} data-testid="export-members">
                导出
              </Button>
              <Tooltip title="导出带完整手机号的名单（会先提醒隐私风险）">
                <Button onClick={exportUnmasked} data-testid="export-unmasked">
                  完整手机号…
                </Button>
              </Tooltip>
            </Space.Compact>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="open-add-member">
              添加会员
            </Button>
          </Space>
        }
      >
        <Space direction="vertical" size={12} style={{ width: "100%" }}>
          <Segmented
            options={QUICK_LISTS.map((q) => ({ value: q.value, label: <span data-testid={`members-list-${q.value}`}>{q.label}</span> }))}
            value={quick}
            onChange={(v) => {
              setQuick(v as QuickList);
              setPage(1);
            }}
          />
          <Space wrap>
            <Input.Search
              allowClear
              placeholder="姓名、拼音（如 zs）、手机号或尾号 4 位"
              style={{ width: 320 }}
              onSearch={(v) => {
                setSearch(v);
                setPage(1);
              }}
              onChange={(e) => {
                if (!e.target.value) setSearch("");
              }}
              data-testid="member-search"
            />
            <Select
              allowClear
              placeholder="等级"
              style={{ width: 120 }}
              value={tier}
              onChange={(v) => {
                setTier(v);
                setPage(1);
              }}
              options={(Object.keys(TIER_LABEL) as Tier[]).map((t) => ({ value: t, label: TIER_LABEL[t] }))}
            />
            <Select
              allowClear
              showSearch
              placeholder="标签"
              style={{ width: 160 }}
              value={tag}
              onChange={(v) => {
                setTag(v);
                setPage(1);
              }}
              options={[
                { label: "自动标签", options: COMPUTED_TAGS.map((t) => ({ value: t, label: t })) },
                {
                  label: "店里的标签",
                  options: (customTags.data ?? []).map((t) => ({ value: t.tag, label: `${t.tag}（${t.members}）` })),
                },
              ]}
              data-testid="member-tag-filter"
            />
            {groups.data?.length ? (
              <Select
                allowClear
                placeholder="所在的群"
                style={{ width: 180 }}
                value={groupId}
                onChange={(v) => {
                  setGroupId(v);
                  setPage(1);
                }}
                options={groups.data.map((g) => ({ value: g.id, label: g.name }))}
                data-testid="member-group-filter"
              />
            ) : null}
          </Space>
          <Table<MemberView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={members.data?.members}
            loading={members.isFetching}
            virtual
            scroll={{ y: 520 }}
            onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: "pointer" }, "data-testid": `member-row-${m.phone}` }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: members.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 位`,
            }}
            onChange={(pagination, _filters, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? SORT_BY_COLUMN[String(s.columnKey)] : undefined;
              setSort(key ?? "joined");
              setDescending(key ? s?.order === "descend" : true);
              setPage(pagination.current ?? 1);
            }}
            locale={{ emptyText: search ? "没有找到匹配的会员" : "还没有会员，点右上角“添加会员”或“导入”" }}
          />
        </Space>
      </Card>
      <MemberDrawer memberId={openId} onClose={() => setOpenId(null)} />
      <AddMemberModal open={adding} onClose={() => setAdding(false)} onOpenMember={setOpenId} />
      <ImportWizard open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
