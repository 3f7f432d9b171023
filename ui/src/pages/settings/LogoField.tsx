import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DeleteOutlined, PictureOutlined } from "@ant-design/icons";
import { App, Button, Image, Popconfirm, Space, Typography } from "antd";

import { AppError, api, queries } from "../../api";
import type { ShopProfile } from "../../bindings/ShopProfile";

/**
 * The shop's logo: what is stored, 选择图片… (saved at once, checked by the core) and
 * 移除. Used by 设置 and the 开店向导 (whose `testIds` prefix tells them apart: the
 * page a click leaves stays on screen until the next one has loaded).
 */
export function LogoField({ onSaved, testIds = "" }: { onSaved: (saved: ShopProfile) => void; testIds?: string }) {
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const logo = useQuery(queries.shopLogoDataUrl());

  const pick = useMutation({
    mutationFn: api.shop.pickLogo,
    onMutate: () => setError(null),
    onSuccess: (saved) => {
      if (saved) {
        onSaved(saved);
        message.success("标志已更新");
      }
    },
    onError: (e: AppError) => setError(e.message),
  });

  const clear = useMutation({
    mutationFn: api.shop.clearLogo,
    onSuccess: (saved) => {
      onSaved(saved);
      setError(null);
    },
    onError: (e: AppError) => setError(e.message),
  });

  return (
    <Space direction="vertical" size={4}>
      <Space align="start">
        <div
          data-testid={`${testIds}${logo.data ? "logo-preview" : "logo-empty"}`}
          style={{
            width: 96,
            height: 96,
            border: "1px dashed #d0d7d4",
            borderRadius: 8,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            background: "#fafbfa",
            overflow: "hidden",
          }}
        >
          {logo.data ? (
            <Image src={logo.data} alt="店铺标志" width={92} height={92} style={{ objectFit: "contain" }} />
          ) : (
            <Typography.Text type="secondary">未设置</Typography.Text>
          )}
        </div>
        <Space direction="vertical">
          <Button icon={<PictureOutlined />} loading={pick.isPending} onClick={() => pick.mutate()} data-testid={`${testIds}pick-logo`}>
            选择图片…
          </Button>
          {logo.data ? (
            <Popconfirm title="移除店铺标志？" okText="移除" cancelText="取消" onConfirm={() => clear.mutate()}>
              <Button icon={<DeleteOutlined />} danger type="text">
                移除
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Space>
      {error ? (
        <Typography.Text type="danger" data-testid={`${testIds}logo-error`}>
          {error}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">PNG、JPEG 或 WebP，不超过 10 MB</Typography.Text>
      )}
    </Space>
  );
}
