import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, Input, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import type { TableProps } from "antd";

import { AppError, api } from "../../api";
import type { MemberQuery } from "../../bindings/MemberQuery";
import type { MemberSort } from "../../bindings/MemberSort";
import type { MemberView } from "../../bindings/MemberView";
import type { Tier } from "../../bindings/Tier";
import { formatYuan } from "../../lib/money";
import { TIER_COLOR, TIER_LABEL } from "../../lib/tiers";
import { AddMemberModal } from "./AddMemberModal";
import { CounterBox } from "./CounterBox";
import { ImportWizard } from "./ImportWizard";
import { MemberDrawer } from "./MemberDrawer";

const PAGE_SIZE = 50;

type QuickList = "all" | "birthday_month" | "birthday_week" | "dormant" | "new_week";

const QUICK_LISTS: { value: QuickList; label: string }[] = [
  { value: "all", label: "全部会员" },
  { value: "birthday_month", label: "本月生日" },
  { value: "birthday_week", label: "7 天内生日" },
  { value: "dormant", label: "沉睡会员" },
  { value: "new_week", label: "本周新会员" },
];

function buildQuery(
  search: string,
  tier: Tier | undefined,
  tag: string | undefined,
  groupId: number | undefined,
  quick: QuickList,
  sort: MemberSort,
  descending: boolean,
  page: number,
): MemberQuery {
  const month = new Date().getMonth() + 1;
  return {
    search: search.trim() || undefined,
    tier,
    tag,
    group_id: groupId,
    dormant: quick === "dormant",
    birthday_month: quick === "birthday_month" ? month : undefined,
    birthday_within_days: quick === "birthday_week" ? 7 : undefined,
    joined_within_days: quick === "new_week" ? 7 : undefined,
    include_left: false,
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
  const { message } = App.useApp();
  const [search, setSearch] = useState("");
  const [tier, setTier] = useState<Tier | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [groupId, setGroupId] = useState<number | undefined>();
  const groups = useQuery({ queryKey: ["groups"], queryFn: api.groups.list });
  const [quick, setQuick] = useState<QuickList>("all");
  const [sort, setSort] = useState<MemberSort>("joined");
  const [descending, setDescending] = useState(true);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  // Dormant members are listed by value, most valuable first.
  const effectiveSort: MemberSort = quick === "dormant" && sort === "joined" ? "spend" : sort;
  const query = buildQuery(search, tier, tag, groupId, quick, effectiveSort, descending, page);
  const members = useQuery({
    queryKey: ["members", query],
    queryFn: () => api.members.list(query),
    placeholderData: (previous) => previous,
  });

  const exportMembers = async () => {
    try {
      const count = await api.members.exportTo(false);
      if (count !== null) message.success(`已导出 ${count} 位会员（手机号已打码）`);
    } catch (e) {
      message.error((e as AppError).message);
    }
  };

  const columns: TableProps<MemberView>["columns"] = [
    { title: "姓名", dataIndex: "name", key: "name", sorter: true, render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
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
            <Button icon={<DownloadOutlined />} onClick={exportMembers}>
              导出
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="open-add-member">
              添加会员
            </Button>
          </Space>
        }
      >
        <Space direction="vertical" size={12} style={{ width: "100%" }}>
          <Segmented
            options={QUICK_LISTS}
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
              placeholder="标签"
              style={{ width: 140 }}
              value={tag}
              onChange={(v) => {
                setTag(v);
                setPage(1);
              }}
              options={["高价值", "沉睡", "本月生日", "新会员"].map((t) => ({ value: t, label: t }))}
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
