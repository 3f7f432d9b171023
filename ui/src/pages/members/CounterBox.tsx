import { useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, AutoComplete, Button, Card, Input, Space, Typography } from "antd";
import type { InputRef } from "antd";

import { AppError, api } from "../../api";
import type { MemberView } from "../../bindings/MemberView";
import { formatYuan } from "../../lib/money";
import { TIER_LABEL } from "../../lib/tiers";

/** Record a purchase at the counter: find by last 4 digits or name, type the amount, Enter. */
export function CounterBox() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<MemberView | null>(null);
  const [amount, setAmount] = useState("");
  const amountRef = useRef<InputRef>(null);

  const matches = useQuery({
    // Under "members", so recording a purchase refreshes these matches too.
    queryKey: ["members", "counter", search],
    queryFn: () => api.members.list({ search, limit: 8, sort: "last_visit", descending: true, dormant: false, include_left: false, offset: 0 }),
    enabled: search.trim().length >= 2 && !chosen,
  });

  const record = useMutation({
    mutationFn: () => api.members.recordPurchase({ member_id: chosen?.id ?? 0, amount }),
    onSuccess: (member) => {
      const next = member.next_tier ? `，再消费 ${formatYuan(member.next_tier.remaining_fen)} 升级${TIER_LABEL[member.next_tier.tier]}` : "";
      message.success(`${member.name} 消费已记录：现为${TIER_LABEL[member.tier]}，积分 ${member.points}${next}`);
      setAmount("");
      setChosen(null);
      setSearch("");
      void queryClient.invalidateQueries({ queryKey: ["members"] });
    },
    onError: (e: AppError) => message.error(e.message),
  });

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
          style={{ width: 140 }}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          onPressEnter={() => chosen && amount && record.mutate()}
          data-testid="counter-amount"
        />
        <Button type="primary" disabled={!chosen || !amount} loading={record.isPending} onClick={() => record.mutate()} data-testid="counter-record">
          记一笔
        </Button>
        {chosen ? (
          <Typography.Text type="secondary">
            {chosen.name} · {TIER_LABEL[chosen.tier]} · 积分 {chosen.points}
          </Typography.Text>
        ) : null}
      </Space>
    </Card>
  );
}
