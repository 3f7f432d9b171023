import { useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { GiftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Input, List, Result, Row, Space, Typography } from "antd";
import type { InputRef } from "antd";

import { AppError, api } from "../../api";
import type { Redemption } from "../../bindings/Redemption";

/**
 * 核销: a code typed or scanned (a USB scanner types it and presses Enter), then the
 * customer's phone, Enter. Shows the gift to hand over, or why the code is refused.
 */
export function CounterPage() {
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [phone, setPhone] = useState("");
  const [name, setName] = useState("");
  const [last, setLast] = useState<Redemption | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [today, setToday] = useState<Redemption[]>([]);
  const codeRef = useRef<InputRef>(null);
  const phoneRef = useRef<InputRef>(null);

  useEffect(() => codeRef.current?.focus(), []);

  const redeem = useMutation({
    mutationFn: () => api.invites.redeem(code, phone, name.trim() || null),
    onSuccess: (r) => {
      setLast(r);
      setRefusal(null);
      setToday((list) => [r, ...list].slice(0, 20));
      setCode("");
      setPhone("");
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["members"] });
      void queryClient.invalidateQueries({ queryKey: ["channels"] });
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
        <Card title="核销邀请码" data-testid="redeem-card">
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
                    {last.new_member ? "新会员" : "老会员"} {last.member_name}（{last.member_phone}）· 来自“{last.channel}”
                    {last.referrer_name ? `· 推荐人 ${last.referrer_name}${last.referrer_points ? ` 得 ${last.referrer_points} 积分` : ""}` : ""}
                  </span>
                }
              />
            ) : null}
          </Space>
        </Card>
      </Col>
      <Col span={10}>
        <Card title="本次核销记录" size="small">
          <List
            dataSource={today}
            locale={{ emptyText: "还没有核销" }}
            renderItem={(r) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Typography.Text>
                    {r.member_name} {r.member_phone}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.code} · {r.channel}
                    {r.gift ? ` · ${r.gift}` : ""}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          扫码枪接在电脑上即可：扫到的码会自动填入并跳到手机号。输错一位字母，软件会用校验位发现并提示。
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}
