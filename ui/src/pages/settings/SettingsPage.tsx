import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from "antd";
import type { FormInstance } from "antd";
import { useNavigate } from "react-router";

import { AppError, api, queries, useChanged } from "../../api";
import type { ReferralTrigger } from "../../bindings/ReferralTrigger";
import type { ShopProfile } from "../../bindings/ShopProfile";
import type { ShopUpdate } from "../../bindings/ShopUpdate";
import { leafPaths, toFormFields } from "../../lib/formErrors";
import { fenToYuan, yuanToFen } from "../../lib/money";
import { LogoField } from "./LogoField";
import { BrandColourFields, ShopFields } from "./ShopFields";
import { LockCard } from "./LockCard";

type TierKey = "bronze_fen" | "silver_fen" | "gold_fen" | "diamond_fen";

interface FormValues {
  name: string;
  slogan: string;
  address: string;
  phone: string;
  link: string;
  primary: string;
  accent: string;
  rules: {
    /** In yuan while editing; fen on the wire. */
    tiers: Record<TierKey, number>;
    dormant_days: number;
    points_per_yuan: number;
    /** In yuan while editing. */
    high_value_fen: number;
    points_expiry_months: number;
    referral_points_referrer: number;
    referral_points_referee: number;
    referral_points_on: ReferralTrigger;
    /** Yuan per 100 points while editing; fen on the wire. */
    point_value_fen_per_100: number;
    /** Day of the month, or null for none. */
    member_day: number | null;
  };
}

type FieldUpdates = Parameters<FormInstance<FormValues>["setFields"]>[0];

const TIERS: { key: TierKey; label: string }[] = [
  { key: "bronze_fen", label: "铜牌" },
  { key: "silver_fen", label: "银牌" },
  { key: "gold_fen", label: "金牌" },
  { key: "diamond_fen", label: "钻石" },
];

const FIELD_PATHS = new Set([
  "name",
  "slogan",
  "address",
  "phone",
  "link",
  "primary",
  "accent",
  ...TIERS.map((t) => `rules.tiers.${t.key}`),
  "rules.dormant_days",
  "rules.points_per_yuan",
  "rules.high_value_fen",
  "rules.points_expiry_months",
  "rules.referral_points_referrer",
  "rules.referral_points_referee",
  "rules.referral_points_on",
  "rules.point_value_fen_per_100",
  "rules.member_day",
]);

function toForm(p: ShopProfile): FormValues {
  const t = p.rules.tiers;
  return {
    name: p.name,
    slogan: p.slogan,
    address: p.address,
    phone: p.phone,
    link: p.link,
    primary: p.primary,
    accent: p.accent,
    rules: {
      tiers: {
        bronze_fen: fenToYuan(t.bronze_fen),
        silver_fen: fenToYuan(t.silver_fen),
        gold_fen: fenToYuan(t.gold_fen),
        diamond_fen: fenToYuan(t.diamond_fen),
      },
      dormant_days: p.rules.dormant_days,
      points_per_yuan: p.rules.points_per_yuan,
      high_value_fen: fenToYuan(p.rules.high_value_fen),
      points_expiry_months: p.rules.points_expiry_months,
      referral_points_referrer: p.rules.referral_points_referrer,
      referral_points_referee: p.rules.referral_points_referee,
      referral_points_on: p.rules.referral_points_on,
      point_value_fen_per_100: fenToYuan(p.rules.point_value_fen_per_100),
      member_day: p.rules.member_day ?? null,
    },
  };
}

function toChange(v: FormValues): ShopUpdate {
  // An emptied number box comes back as null; 0 lets the backend say what is wrong.
  const num = (n: number | null | undefined) => n ?? 0;
  return {
    name: v.name ?? "",
    slogan: v.slogan ?? "",
    address: v.address ?? "",
    phone: v.phone ?? "",
    link: v.link ?? "",
    primary: v.primary ?? "",
    accent: v.accent ?? "",
    rules: {
      tiers: {
        bronze_fen: yuanToFen(num(v.rules.tiers.bronze_fen)),
        silver_fen: yuanToFen(num(v.rules.tiers.silver_fen)),
        gold_fen: yuanToFen(num(v.rules.tiers.gold_fen)),
        diamond_fen: yuanToFen(num(v.rules.tiers.diamond_fen)),
      },
      dormant_days: num(v.rules.dormant_days),
      points_per_yuan: num(v.rules.points_per_yuan),
      high_value_fen: yuanToFen(num(v.rules.high_value_fen)),
      points_expiry_months: num(v.rules.points_expiry_months),
      referral_points_referrer: num(v.rules.referral_points_referrer),
      referral_points_referee: num(v.rules.referral_points_referee),
      referral_points_on: v.rules.referral_points_on,
      point_value_fen_per_100: yuanToFen(num(v.rules.point_value_fen_per_100)),
      member_day: v.rules.member_day ?? null,
    },
  };
}

export function SettingsPage() {
  const navigate = useNavigate();
  const shop = useQuery(queries.shopGet());
  if (!shop.data) {
    return <Card loading title="设置" />;
  }
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <SettingsForm profile={shop.data} />
      <LockCard />
      <Card title="开店向导" style={{ maxWidth: 880 }}>
        <Space>
          <Typography.Text type="secondary">店铺资料、会员、第一个群、第一张邀请卡，一步步带着做。</Typography.Text>
          <Button onClick={() => navigate("/setup")} data-testid="open-setup">
            打开开店向导
          </Button>
        </Space>
      </Card>
    </Space>
  );
}

function SettingsForm({ profile }: { profile: ShopProfile }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const changed = useChanged();
  const [form] = Form.useForm<FormValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);

  // antd types field names as tuples of known keys; ours come from FIELD_PATHS.
  const setFieldErrors = (fields: { name: string[]; errors: string[] }[]) =>
    form.setFields(fields as unknown as FieldUpdates);

  const onSaved = (saved: ShopProfile) => {
    queryClient.setQueryData(queries.shopGet().queryKey, saved);
    changed("shop");
  };

  const save = useMutation({
    mutationFn: api.shop.save,
    onSuccess: (saved) => {
      onSaved(saved);
      form.setFieldsValue(toForm(saved));
      setUnplaced([]);
      message.success("设置已保存");
    },
    onError: (error: AppError) => {
      if (error.code === "Validation" && error.fields.length) {
        const { fields, unplaced } = toFormFields(error.fields, (p) => FIELD_PATHS.has(p.join(".")));
        setFieldErrors(fields);
        setUnplaced(unplaced);
        message.error(`有 ${error.fields.length} 处需要修改，请看标红的地方`);
      } else {
        message.error(error.message);
      }
    },
  });

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={toForm(profile)}
      onFinish={(values) => save.mutate(toChange(values))}
      onValuesChange={(changed) =>
        setFieldErrors(leafPaths(changed).map((name) => ({ name, errors: [] })))
      }
      style={{ maxWidth: 880 }}
      data-testid="settings-form"
    >
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        {unplaced.length ? <Alert type="error" showIcon message={unplaced.join("；")} /> : null}
        <Card title="店铺资料">
          <ShopFields />
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item
                label="默认进群 / 联系链接"
                name="link"
                extra="二维码默认指向这个链接。微信群二维码 7 天就会失效，建议用企业微信“联系我”或员工个人微信的链接。"
              >
                <Input placeholder="https://" data-testid="shop-link" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="品牌">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label="店铺标志">
                <LogoField onSaved={onSaved} />
              </Form.Item>
            </Col>
            <BrandColourFields span={6} />
          </Row>
        </Card>

        <Card title="经营规则">
          <Typography.Paragraph type="secondary">
            会员等级按近 12 个月的消费金额自动计算，门槛可以按自己店的情况调整。
          </Typography.Paragraph>
          <Row gutter={16}>
            {TIERS.map((tier) => (
              <Col span={6} key={tier.key}>
                <Form.Item label={`${tier.label}门槛`} name={["rules", "tiers", tier.key]}>
                  <InputNumber
                    prefix="¥"
                    min={0}
                    precision={0}
                    step={1000}
                    style={{ width: "100%" }}
                    data-testid={`tier-${tier.key}`}
                  />
                </Form.Item>
              </Col>
            ))}
            <Col span={6}>
              <Form.Item label="沉睡会员判定" name={["rules", "dormant_days"]} tooltip="超过这么多天没有消费，算作沉睡会员">
                <InputNumber suffix="天" min={0} precision={0} style={{ width: "100%" }} data-testid="dormant-days" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="每消费 1 元得积分" name={["rules", "points_per_yuan"]}>
                <InputNumber suffix="分" min={0} precision={0} style={{ width: "100%" }} data-testid="points-per-yuan" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="积分有效期" name={["rules", "points_expiry_months"]} tooltip="获得积分后多少个月过期，先得的先用；填 0 表示永不过期">
                <InputNumber suffix="个月" min={0} precision={0} style={{ width: "100%" }} data-testid="points-expiry" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="高价值会员门槛" name={["rules", "high_value_fen"]} tooltip="近 12 个月消费达到这个数，自动打上“高价值”标签">
                <InputNumber prefix="¥" min={0} precision={0} step={1000} style={{ width: "100%" }} data-testid="high-value" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                label="每 100 积分抵"
                name={["rules", "point_value_fen_per_100"]}
                tooltip="会员用积分换购或抵现时 100 分值多少钱；报表按这个算“积分负债”（会员手里还没用的积分值多少钱）"
              >
                <InputNumber prefix="¥" min={0} precision={2} step={0.5} style={{ width: "100%" }} data-testid="point-value" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                label="会员日（每月几号）"
                name={["rules", "member_day"]}
                tooltip="日历每月标出会员日，并提前两周提醒预热；小月没有的日子（比如 31 号）放在当月最后一天。留空表示不设会员日"
              >
                <InputNumber suffix="号" min={1} max={31} precision={0} style={{ width: "100%" }} data-testid="member-day" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="推荐人奖励积分" name={["rules", "referral_points_referrer"]} tooltip="老会员推荐的新会员入会时，奖励给推荐人">
                <InputNumber suffix="分" min={0} precision={0} style={{ width: "100%" }} data-testid="referral-referrer" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="新会员奖励积分" name={["rules", "referral_points_referee"]} tooltip="被推荐来的新会员入会时获得">
                <InputNumber suffix="分" min={0} precision={0} style={{ width: "100%" }} data-testid="referral-referee" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="推荐奖励何时发放" name={["rules", "referral_points_on"]}>
                <Select
                  options={[
                    { value: "join", label: "新会员入会时" },
                    { value: "first_purchase", label: "新会员首次消费时" },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" size="large" loading={save.isPending} data-testid="save-settings">
            保存设置
          </Button>
          <Button size="large" onClick={() => form.setFieldsValue(toForm(profile))}>
            撤销未保存的修改
          </Button>
        </Space>
      </Space>
    </Form>
  );
}
