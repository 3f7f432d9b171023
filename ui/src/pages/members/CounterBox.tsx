import { useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, AutoComplete, Button, Card, DatePicker, Input, Space, Tag, Typography } from "antd";
import type { InputRef } from "antd";
import dayjs, { type Dayjs } from "dayjs";

import { AppError, api, queries, useChanged } from "../../api";
import type { MemberView } from "../../bindings/MemberView";
import { formatYuan } from "../../lib/money";
import { TIER_LABEL } from "../../lib/tiers";
import { useToday } from "../../lib/today";

/**
 * Record a purchase at the counter: find by last 4 digits or name, type the amount,
 * Enter. The day, category and note are one Tab away and optional. A member who left
 * is found too, with a button to bring them back (no duplicate is made).
 */
export function CounterBox() {
  const { message } = App.useApp();
  const changed = useChanged();
  const today = useToday();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<MemberView | null>(null);
  const [amount, setAmount] = useState("");
  const [day, setDay] = useState<Dayjs | null>(null);
  const [category, setCategory] = useState("");
  const [note, setNote] = useState("");
  const amountRef = useRef<InputRef>(null);

  const matches = useQuery({
    // A members query, so recording a purchase (changed("members")) refreshes these matches too.
    ...queries.membersList({ search, limit: 8, sort: "last_visit", descending: true, dormant: false, include_left: true, left_only: false, offset: 0 }),
    enabled: search.trim().length >= 2 && !chosen,
  });

  const clear = () => {
    setAmount("");
    setChosen(null);
    setSearch("");
    setDay(null);
    setCategory("");
    setNote("");
  };
  const record = useMutation({
    mutationFn: () =>
      api.members.recordPurchase({
        member_id: chosen?.id ?? 0,
        amount,
        date: day ? day.format("YYYY-MM-DD") : undefined,
        category: category.trim() || undefined,
        note: note.trim() || undefined,
      }),
    onSuccess: (member) => {
      const next = member.next_tier ? `，再消费 ${formatYuan(member.next_tier.remaining_fen)} 升级${TIER_LABEL[member.next_tier.tier]}` : "";
      message.success(`${member.name} 消费已记录：现为${TIER_LABEL[member.tier]}，积分 ${member.points}${next}`);
      clear();
      changed("members");
    },
    onError: (e: AppError) => message.error(e.fields.map((f) => f.message).join("；") || e.message),
  });
  const comeBack = useMutation({
    mutationFn: (id: number) => api.members.returnMember(id),
    onSuccess: async () => {
      if (chosen) setChosen(await api.members.get(chosen.id));
      message.success("欢迎回来：已恢复为在册会员");
      changed("members");
      amountRef.current?.focus();
    },
    onError: (e: AppError) => message.error(e.message),
  });

  const submit = () => {
    if (chosen && amount) record.mutate();
  };

  return (
    <Card size="small" title="收银记账" data-testid="counter-box">
      <Space wrap>
        <AutoComplete
          style={{ width: 260 }}
          value={chosen ? `${chosen.name} ${chosen.phone}` : search}
          options={(matches.data?.members ?? []).map((m) => ({
            value: String(m.id),
            label: (
              <span data-testid={`counter-option-${m.phone}`}>
                {m.name} {m.phone} · {TIER_LABEL[m.tier]}
                {m.status === "left" ? " · 已离开" : ""}
              </span>
            ),
          }))}
          onSearch={(text) => {
            setChosen(null);
            setSearch(text);
          }}
          onSelect={(id: string) => {
            setChosen(matches.data?.members.find((m) => String(m.id) === id) ?? null);
            setTimeout(() => amountRef.current?.focus(), 0);
          }}
        >
          <Input placeholder="手机尾号 4 位或姓名" allowClear data-testid="counter-search" />
        </AutoComplete>
        <Input
          ref={amountRef}
          prefix="¥"
          placeholder="金额"
          style={{ width: 120 }}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          onPressEnter={submit}
          data-testid="counter-amount"
        />
        <DatePicker
          placeholder={today ? `今天 ${today.slice(5)}` : "今天"}
          value={day}
          onChange={setDay}
          allowClear
          disabledDate={(d) => (today ? d.isAfter(dayjs(today), "day") : false)}
          style={{ width: 130 }}
          data-testid="counter-date"
        />
        <Input placeholder="品类（可不填）" style={{ width: 120 }} value={category} onChange={(e) => setCategory(e.target.value)} onPressEnter={submit} data-testid="counter-category" />
        <Input placeholder="备注（可不填）" style={{ width: 150 }} value={note} onChange={(e) => setNote(e.target.value)} onPressEnter={submit} data-testid="counter-note" />
        <Button type="primary" disabled={!chosen || !amount} loading={record.isPending} onClick={submit} data-testid="counter-record">
          记一笔
        </Button>
        {chosen ? (
          <Typography.Text type="secondary">
            {chosen.name} · {TIER_LABEL[chosen.tier]} · 积分 {chosen.points}
          </Typography.Text>
        ) : null}
        {chosen?.status === "left" ? (
          <Space size={4} data-testid="counter-left">
            <Tag color="orange">已离开{chosen.left_reason ? `：${chosen.left_reason}` : ""}</Tag>
            <Button size="small" loading={comeBack.isPending} onClick={() => comeBack.mutate(chosen.id)} data-testid="counter-return">
              恢复为会员
            </Button>
          </Space>
        ) : null}
      </Space>
    </Card>
  );
}
