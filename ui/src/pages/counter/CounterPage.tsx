import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DownloadOutlined, GiftOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Input, Result, Row, Select, Space, Table, Tag, Typography } from "antd";
import type { InputRef } from "antd";
import dayjs, { type Dayjs } from "dayjs";

import { AppError, api, queries, useChanged } from "../../api";
import type { Redemption } from "../../bindings/Redemption";
import type { RedemptionQuery } from "../../bindings/RedemptionQuery";
import type { RedemptionRecord } from "../../bindings/RedemptionRecord";
import { useToday } from "../../lib/today";

/** Who is at the counter is remembered on this computer between visits. */
const STAFF_KEY = "shequn.counter.staff";

/** The redemption log (核销记录): kept in the database, by day and channel, exportable. */
function RedemptionLog() {
  const { message } = App.useApp();
  const today = useToday();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [channelId, setChannelId] = useState<number | undefined>();
  const channels = useQuery(queries.channelsList());
  const days: [Dayjs, Dayjs] | null = range ?? (today ? [dayjs(today), dayjs(today)] : null);
  const query: RedemptionQuery = {
    from: days?.[0].format("YYYY-MM-DD"),
    to: days?.[1].format("YYYY-MM-DD"),
    channel_id: channelId,
    unmask: false,
  };
  const log = useQuery({ ...queries.invitesRedemptions(query), enabled: !!days });
  const exportLog = async () => {
    try {
      const n = await api.invites.exportRedemptions(query);
      if (n !== null) message.success(`已导出 ${n} 条核销记录（手机号已打码）`);
    } catch (e) {
      message.error((e as AppError).message);
    }
  };
  return (
    <Card
      title="核销记录"
      size="small"
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportLog()} data-testid="redemptions-export">
          导出
        </Button>
      }
      data-testid="redemption-log"
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <DatePicker.RangePicker
          size="small"
          value={days}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="redemptions-range"
        />
        <Select
          size="small"
          allowClear
          placeholder="全部渠道"
          style={{ width: 140 }}
          value={channelId}
          onChange={setChannelId}
          options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="redemptions-channel"
        />
      </Space>
      <Table<RedemptionRecord>
        size="small"
        rowKey="id"
        loading={log.isFetching}
        dataSource={log.data}
        pagination={{ pageSize: 8, showTotal: (n) => `共 ${n} 条` }}
        locale={{ emptyText: "这段时间还没有核销" }}
        columns={[
          { title: "时间", dataIndex: "redeemed_at", width: 92, render: (t: string) => `${t.slice(5, 10)} ${t.slice(11, 16)}` },
          {
            title: "会员",
            render: (_, r) => (
              <span data-testid={`redemption-${r.code}`}>
                {r.member_name} {r.member_phone}
                {r.new_member ? <Tag style={{ marginLeft: 4 }}>新</Tag> : null}
              </span>
            ),
          },
          { title: "渠道 / 礼物", render: (_, r) => `${r.channel}${r.gift ? ` · ${r.gift}` : ""}` },
          { title: "收银", dataIndex: "staff", width: 64 },
        ]}
        expandable={{
          rowExpandable: (r) => !!r.referrer_name,
          expandedRowRender: (r) => `推荐人：${r.referrer_name}（${r.referrer_phone ?? ""}） · 邀请码 ${r.code}`,
        }}
      />
    </Card>
  );
}

/**
 * 核销: a code typed or scanned (a USB scanner types it and presses Enter), then the
 * customer's phone, Enter. Shows the gift to hand over, or why the code is refused.
 */
export function CounterPage() {
  const changed = useChanged();
  const [code, setCode] = useState("");
  const [phone, setPhone] = useState("");
  const [name, setName] = useState("");
  const [last, setLast] = useState<Redemption | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [staff, setStaff] = useState<string | undefined>(() => localStorage.getItem(STAFF_KEY) ?? undefined);
  const roster = useQuery(queries.staffList(false));
  const codeRef = useRef<InputRef>(null);
  const phoneRef = useRef<InputRef>(null);

  useEffect(() => codeRef.current?.focus(), []);

  const chooseStaff = (name: string | undefined) => {
    setStaff(name);
    if (name) localStorage.setItem(STAFF_KEY, name);
    else localStorage.removeItem(STAFF_KEY);
  };

  const redeem = useMutation({
    mutationFn: () => api.invites.redeem(code, phone, name.trim() || null, staff ?? null),
    onSuccess: (r) => {
      setLast(r);
      setRefusal(null);
      setCode("");
      setPhone("");
      setName("");
      changed("members", "invites");
      codeRef.current?.focus();
    },
    onError: (e: AppError) => {
      setLast(null);
      setRefusal(e.fields.map((f) => f.message).join("；") || e.message);
      // A bad code is typed again; a bad phone is corrected where it is.
      if (e.fields.some((f) => f.field === "phone")) phoneRef.current?.focus();
      else codeRef.current?.select();
    },
  });

  const submit = () => {
    if (!code.trim()) {
      codeRef.current?.focus();
    } else if (!phone.trim()) {
      phoneRef.current?.focus();
    } else {
      redeem.mutate();
    }
  };

  return (
    <Row gutter={24}>
      <Col span={14}>
        <Card
          title="核销邀请码"
          data-testid="redeem-card"
          extra={
            <Select
              allowClear
              placeholder="收银员"
              style={{ width: 140 }}
              value={staff}
              onChange={chooseStaff}
              options={(roster.data ?? []).map((m) => ({ value: m.name, label: m.name }))}
              data-testid="redeem-staff"
            />
          }
        >
          <Space direction="vertical" size={16} style={{ width: "100%" }}>
            <Input
              ref={codeRef}
              size="large"
              placeholder="输入或扫描邀请码"
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              onPressEnter={() => (phone.trim() ? submit() : phoneRef.current?.focus())}
              style={{ fontSize: 32, letterSpacing: 6, fontFamily: "monospace", height: 64 }}
              maxLength={16}
              data-testid="redeem-code"
            />
            <Input
              ref={phoneRef}
              size="large"
              placeholder="顾客手机号"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onPressEnter={submit}
              style={{ fontSize: 22 }}
              data-testid="redeem-phone"
            />
            <Input placeholder="顾客称呼（新会员可填，如 王姐）" value={name} onChange={(e) => setName(e.target.value)} onPressEnter={submit} data-testid="redeem-name" />
            <Button type="primary" size="large" block loading={redeem.isPending} onClick={submit} data-testid="redeem-submit">
              核销（回车）
            </Button>
            {refusal ? <Alert type="error" showIcon message="这个码不能用" description={refusal} data-testid="redeem-refused" /> : null}
            {last ? (
              <Result
                status="success"
                icon={<GiftOutlined />}
                title={last.gift ? `请送出：${last.gift}` : "核销成功"}
                subTitle={
                  <span data-testid="redeem-result">
                    {last.new_member ? "新会员" : last.returned ? "老会员回来了（已恢复在册）" : "老会员"} {last.member_name}（{last.member_phone}）· 来自“{last.channel}”
                    {last.referrer_name ? `· 推荐人 ${last.referrer_name}${last.referrer_points ? ` 得 ${last.referrer_points} 积分` : ""}` : ""}
                  </span>
                }
              />
            ) : null}
          </Space>
        </Card>
      </Col>
      <Col span={10}>
        <RedemptionLog />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          扫码枪接在电脑上即可：扫到的码会自动填入并跳到手机号。输错一位字母，软件会用校验位发现并提示。
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}
