import { Col, Form, Input, Row } from "antd";

import { ColorField } from "./ColorField";

/**
 * What the shop prints on every card, poster and report: name, slogan, address and
 * phone, as fields of the surrounding form (设置 and the 开店向导 share them).
 */
/** `testIds`: the prefix of the fields' test ids (设置 "shop", the wizard "setup-shop"). */
export function ShopFields({ testIds = "shop" }: { testIds?: string }) {
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Form.Item label="店铺名称" name="name" required tooltip="打印在邀请卡、海报和报表上">
          <Input placeholder="例如：鲜果时光·南山店" maxLength={40} showCount data-testid={`${testIds}-name`} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item label="宣传语" name="slogan">
          <Input placeholder="例如：每天新鲜到店" maxLength={60} data-testid={`${testIds}-slogan`} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item label="地址" name="address">
          <Input placeholder="顾客来店自提、领礼品时看得懂的地址" data-testid={`${testIds}-address`} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item label="电话" name="phone">
          <Input placeholder="例如：0755-12345678 或 13800138000" data-testid={`${testIds}-phone`} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The brand's two colours, as form fields, each in a column of `span`; `testIds` prefixes their test ids. */
export function BrandColourFields({ span, testIds = "" }: { span: number; testIds?: string }) {
  return (
    <>
      <Col span={span}>
        <Form.Item label="主色" name="primary" tooltip="海报、卡片的底色和按钮颜色">
          <ColorField testId={`${testIds}primary-color`} />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item label="辅助色" name="accent" tooltip="用来突出价格、优惠等重点">
          <ColorField testId={`${testIds}accent-color`} />
        </Form.Item>
      </Col>
    </>
  );
}
