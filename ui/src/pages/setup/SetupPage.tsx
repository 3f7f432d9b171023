import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircleFilled, FileExcelOutlined, PrinterOutlined, QrcodeOutlined, UserAddOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Empty, Form, Result, Row, Space, Steps, Typography } from "antd";
import { useNavigate } from "react-router";

import { api, queries, useChanged } from "../../api";
import type { ChannelView } from "../../bindings/ChannelView";
import type { SetupStatus } from "../../bindings/SetupStatus";
import type { ShopProfile } from "../../bindings/ShopProfile";
import { setupShown } from "../../lib/setupOffer";
import { useFormErrors } from "../../lib/useFormErrors";
import { GroupModal } from "../groups/GroupModal";
import { ChannelModal } from "../invites/ChannelModal";
import { PrintModal } from "../invites/PrintModal";
import { AddMemberModal } from "../members/AddMemberModal";
import { ImportWizard } from "../members/ImportWizard";
import { LogoField } from "../settings/LogoField";
import { BrandColourFields, ShopFields } from "../settings/ShopFields";

const STEPS = ["店铺资料", "会员", "社群", "邀请卡"];

/**
 * 开店向导: a new shop's first start, from its name to a printed sheet of invite
 * cards. Every step can be skipped; 以后再说 or 完成 stops it opening by itself, and
 * 设置 → 开店向导 opens it again.
 */
export function SetupPage() {
  const navigate = useNavigate();
  const changed = useChanged();
  const status = useQuery(queries.setupStatus());
  const [step, setStep] = useState(0);
  const finish = useMutation({
    mutationFn: api.setup.finish,
    onSuccess: () => {
      changed("setup");
      navigate("/");
    },
  });
  const next = () => setStep((s) => Math.min(s + 1, STEPS.length));
  useEffect(setupShown, []);

  const s = status.data;
  return (
    <Card
      title="开店向导"
      loading={!s}
      extra={
        <Space>
          {/* 换电脑: the whole shop comes back from one backup file, no setup needed. */}
          <Button type="link" onClick={() => navigate("/backup?restore=file")} data-testid="welcome-restore">
            换了新电脑？从备份恢复
          </Button>
          <Button onClick={() => finish.mutate()} loading={finish.isPending} data-testid="setup-later">
            以后再说
          </Button>
        </Space>
      }
      style={{ maxWidth: 1000 }}
      data-testid="setup-page"
    >
      {s ? (
        <Space direction="vertical" size={24} style={{ width: "100%" }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            欢迎使用社群掌柜
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            四步把店开起来：填好店铺资料，把会员放进来，登记第一个群，再印一张邀请卡贴在收银台。每一步都可以先跳过，以后在对应的页面里再做。
          </Typography.Paragraph>
          <Steps
            current={step}
            onChange={setStep}
            items={STEPS.map((title, i) => ({ title, status: stepDone(s, i) ? "finish" : undefined }))}
          />
          {step === 0 ? <ShopStep onDone={next} /> : null}
          {step === 1 ? <MembersStep status={s} /> : null}
          {step === 2 ? <GroupStep status={s} /> : null}
          {step === 3 ? <InviteStep status={s} /> : null}
          {step === STEPS.length ? (
            <Result
              status="success"
              title={s.shop_name ? `${s.shop_name}，开店准备好了` : "开店准备好了"}
              subTitle={`会员 ${s.members} 位 · 群 ${s.groups} 个 · 已印邀请码 ${s.printed_codes} 个。以后可以在“设置”里重新打开这个向导。`}
              extra={
                <Button type="primary" size="large" onClick={() => finish.mutate()} loading={finish.isPending} data-testid="setup-finish">
                  完成，去概览
                </Button>
              }
            />
          ) : (
            <Space>
              {step > 0 ? <Button onClick={() => setStep(step - 1)}>上一步</Button> : null}
              {step > 0 ? (
                <Button type="primary" onClick={next} data-testid="setup-next">
                  {stepDone(s, step) ? "下一步" : "跳过这一步"}
                </Button>
              ) : (
                <Button onClick={next} data-testid="setup-skip-shop">
                  跳过这一步
                </Button>
              )}
            </Space>
          )}
        </Space>
      ) : null}
    </Card>
  );
}

function stepDone(s: SetupStatus, step: number): boolean {
  return [s.shop_name !== "", s.members > 0, s.groups > 0, s.printed_codes > 0][step] ?? false;
}

interface ShopValues {
  name: string;
  slogan: string;
  phone: string;
  address: string;
  primary: string;
  accent: string;
}

const SHOP_FIELDS = new Set(["name", "slogan", "phone", "address", "primary", "accent"]);

/** 店铺资料: what goes on every card, poster and report, and the shop's colours. */
function ShopStep({ onDone }: { onDone: () => void }) {
  const shop = useQuery(queries.shopGet());
  if (!shop.data) return <Card loading />;
  return <ShopForm profile={shop.data} onDone={onDone} />;
}

function ShopForm({ profile, onDone }: { profile: ShopProfile; onDone: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const changed = useChanged();
  const [form] = Form.useForm<ShopValues>();
  const showErrors = useFormErrors(form, SHOP_FIELDS);
  const onSaved = (saved: ShopProfile) => {
    client.setQueryData(queries.shopGet().queryKey, saved);
    changed("shop", "setup");
  };
  const save = useMutation({
    mutationFn: (v: ShopValues) =>
      api.shop.save({ name: v.name ?? "", slogan: v.slogan ?? "", phone: v.phone ?? "", address: v.address ?? "", primary: v.primary, accent: v.accent }),
    onSuccess: (saved) => {
      onSaved(saved);
      message.success("店铺资料已保存");
      onDone();
    },
    onError: showErrors,
  });
  return (
    <Form<ShopValues>
      form={form}
      layout="vertical"
      initialValues={{
        name: profile.name,
        slogan: profile.slogan,
        phone: profile.phone,
        address: profile.address,
        primary: profile.primary,
        accent: profile.accent,
      }}
      onFinish={(v) => save.mutate(v)}
    >
      <Row gutter={24}>
        <Col span={14}>
          <ShopFields testIds="setup-shop" />
        </Col>
        <Col span={10}>
          <Form.Item label="店铺标志">
            <LogoField onSaved={onSaved} testIds="setup-" />
          </Form.Item>
          <Row gutter={16}>
            <BrandColourFields span={12} testIds="setup-" />
          </Row>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="setup-save-shop">
        保存，下一步
      </Button>
    </Form>
  );
}

function Done({ text, testId }: { text: string; testId: string }) {
  return (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleFilled />}
      message={<span data-testid={testId}>{text}</span>}
    />
  );
}

/** 会员: a whole book from Excel/CSV, or the first member typed in. */
function MembersStep({ status }: { status: SetupStatus }) {
  const navigate = useNavigate();
  const [importing, setImporting] = useState(false);
  const [adding, setAdding] = useState(false);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {status.members > 0 ? <Done text={`会员本里已有 ${status.members} 位会员`} testId="setup-members-done" /> : null}
      <Typography.Paragraph>
        以前用表格或别的系统记会员的，把表格导进来（姓名、手机号必填；生日、累计消费、积分、推荐人有就一起带上）；刚开店的，先把第一位会员加上，以后在收银台边记账边加。
      </Typography.Paragraph>
      <Space>
        <Button size="large" icon={<FileExcelOutlined />} onClick={() => setImporting(true)} data-testid="setup-import">
          从 Excel / CSV 导入
        </Button>
        <Button size="large" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="setup-add-member">
          添加一位会员
        </Button>
      </Space>
      <ImportWizard open={importing} onClose={() => setImporting(false)} />
      <AddMemberModal open={adding} onClose={() => setAdding(false)} onOpenMember={() => undefined} />
      {status.members > 0 ? (
        <Button type="link" onClick={() => navigate("/members")} style={{ paddingLeft: 0 }}>
          去会员页看看
        </Button>
      ) : null}
    </Space>
  );
}

/** 社群: the first group, with its QR read from a screenshot. */
function GroupStep({ status }: { status: SetupStatus }) {
  const [adding, setAdding] = useState(false);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {status.groups > 0 ? <Done text={`已登记 ${status.groups} 个群`} testId="setup-groups-done" /> : null}
      <Typography.Paragraph>
        登记顾客群：群名、类型和人数，再选群二维码的截图，链接会自动读出来。微信群二维码 7 天后失效，到期前概览会提醒你换新的；邀请卡扫码后就进这个群。还没建群的可以跳过，邀请卡也能指向店里的企业微信或个人微信链接。
      </Typography.Paragraph>
      <Button size="large" icon={<QrcodeOutlined />} onClick={() => setAdding(true)} data-testid="setup-add-group">
        登记一个群
      </Button>
      <GroupModal open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
}

/** 邀请卡: a channel for the counter, then an A4 sheet with a live preview. */
function InviteStep({ status }: { status: SetupStatus }) {
  const channels = useQuery(queries.channelsList());
  const [adding, setAdding] = useState(false);
  const [printing, setPrinting] = useState<ChannelView | null>(null);
  const first = channels.data?.find((c) => !c.archived);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {status.printed_codes > 0 ? <Done text={`已印邀请码 ${status.printed_codes} 个`} testId="setup-printed-done" /> : null}
      <Typography.Paragraph>
        邀请卡上每张一个一次性邀请码和进群二维码：顾客扫码进群，拿卡来店核销领礼品，你就知道他是从哪儿来的。先建一个“渠道”（比如收银台立牌），写上送什么，再打印或存成 PDF。
      </Typography.Paragraph>
      {first ? (
        <Card size="small" title={`渠道：${first.name}`} data-testid="setup-channel">
          <Space direction="vertical">
            <Typography.Text type="secondary">
              {first.gift ? `礼品：${first.gift} · ` : ""}共 {first.codes} 个码，未打印 {first.unprinted} 个
            </Typography.Text>
            <Button type="primary" size="large" icon={<PrinterOutlined />} onClick={() => setPrinting(first)} data-testid="setup-print">
              预览并打印邀请卡
            </Button>
          </Space>
        </Card>
      ) : (
        <Empty description="还没有渠道">
          <Button type="primary" size="large" onClick={() => setAdding(true)} data-testid="setup-add-channel">
            新建渠道
          </Button>
        </Empty>
      )}
      <ChannelModal open={adding} onClose={() => setAdding(false)} />
      {printing ? <PrintModal channel={printing} onClose={() => setPrinting(null)} /> : null}
    </Space>
  );
}
