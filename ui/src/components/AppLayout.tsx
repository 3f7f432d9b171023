import { useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApartmentOutlined, BarChartOutlined, CalendarOutlined, FlagOutlined, CloudServerOutlined, FileImageOutlined, HomeOutlined, InfoCircleOutlined, PictureOutlined, MessageOutlined, ScheduleOutlined, QrcodeOutlined, ScanOutlined, SettingOutlined, TeamOutlined } from "@ant-design/icons";
import { App, Avatar, Layout, Menu, Space, Typography } from "antd";
import { Outlet, useLocation, useNavigate } from "react-router";

import { api, invalidateFeatures, queries } from "../api";
import type { Feature } from "../bindings/commands";
import { JobsProvider, JobsTray } from "./Jobs";
import { LockScreen, useIdleLock } from "./LockScreen";

const NAV = [
  { key: "/", icon: <HomeOutlined />, label: "概览", testId: "nav-home" },
  { key: "/members", icon: <TeamOutlined />, label: "会员", testId: "nav-members" },
  { key: "/groups", icon: <ApartmentOutlined />, label: "群台账", testId: "nav-groups" },
  { key: "/invites", icon: <QrcodeOutlined />, label: "邀请码", testId: "nav-invites" },
  { key: "/counter", icon: <ScanOutlined />, label: "核销", testId: "nav-counter" },
  { key: "/posters", icon: <FileImageOutlined />, label: "海报", testId: "nav-posters" },
  { key: "/assets", icon: <PictureOutlined />, label: "素材库", testId: "nav-assets" },
  { key: "/phrases", icon: <MessageOutlined />, label: "话术库", testId: "nav-phrases" },
  { key: "/training", icon: <ScheduleOutlined />, label: "培训与SOP", testId: "nav-training" },
  { key: "/calendar", icon: <CalendarOutlined />, label: "日历", testId: "nav-calendar" },
  { key: "/campaigns", icon: <FlagOutlined />, label: "活动", testId: "nav-campaigns" },
  { key: "/reports", icon: <BarChartOutlined />, label: "报表", testId: "nav-reports" },
  { key: "/backup", icon: <CloudServerOutlined />, label: "备份与恢复", testId: "nav-backup" },
  { key: "/settings", icon: <SettingOutlined />, label: "设置", testId: "nav-settings" },
  { key: "/about", icon: <InfoCircleOutlined />, label: "关于", testId: "nav-about" },
];

declare global {
  interface Window {
    /** ms from navigation start to the first painted frame of the shell (e2e reads it). */
    __shequnFirstPaintMs?: number;
  }
}

/**
 * Queries whose answer depends on the date or the clock (SOP windows, birthdays, QR
 * expiry, dormant lists, the redemption log's "today"): refetched when the window
 * regains focus. When the day itself changes, everything is.
 */
const CLOCK_FEATURES: Feature[] = ["app", "training", "invites", "members"];

/** The second backup place (a USB stick) is not there: said once, gently, until it is back. */
function useSecondPlaceNotice() {
  const { notification } = App.useApp();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    const tell = () =>
      void api.backup.secondPlaceNotice().then((folder) => {
        if (!folder) return;
        notification.info({
          key: "second-place-missing",
          message: "这次的备份没能复制到第二个位置",
          description: `${folder} 现在找不到（U 盘没插？）。备份已经存在这台电脑上，插上后下次备份会自动补上。`,
          duration: 0,
        });
      });
    // The start-of-day backup may have found it missing before this window listened.
    tell();
    void api.backup.onSecondPlaceMissing(tell).then((unlisten) => (gone ? unlisten() : (stop = unlisten)));
    return () => {
      gone = true;
      stop?.();
    };
  }, [notification]);
}

/** Keeps what the window shows true for today: an app left open overnight moves on. */
function useFreshDay() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    void api
      .onDayChanged(() => void queryClient.invalidateQueries())
      .then((unlisten) => (gone ? unlisten() : (stop = unlisten)));
    const onFocus = () => void invalidateFeatures(queryClient, CLOCK_FEATURES);
    window.addEventListener("focus", onFocus);
    return () => {
      gone = true;
      stop?.();
      window.removeEventListener("focus", onFocus);
    };
  }, [queryClient]);
}

export function AppLayout() {
  useFreshDay();
  useSecondPlaceNotice();
  const navigate = useNavigate();
  const location = useLocation();
  const shop = useQuery(queries.shopGet());
  const logo = useQuery(queries.shopLogoDataUrl());
  const status = useQuery(queries.appStatus());

  useEffect(() => {
    requestAnimationFrame(() => {
      window.__shequnFirstPaintMs ??= performance.now();
    });
  }, []);

  const shopName = shop.data?.name || "未填写店铺名称";
  const lock = useQuery(queries.lockStatus());
  useIdleLock(lock.data);
  if (lock.data?.locked) return <LockScreen />;

  return (
    <JobsProvider>
    <Layout style={{ height: "100vh" }} data-testid="app-ready">
      <Layout.Sider width={200} theme="light" style={{ borderRight: "1px solid #e8ecea" }}>
        <Space style={{ padding: "20px 20px 12px" }} align="center">
          <img src="/icon.png" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 17 }}>
            社群掌柜
          </Typography.Text>
        </Space>
        <Menu
          mode="inline"
          selectedKeys={[location.pathname]}
          style={{ borderInlineEnd: "none" }}
          items={NAV.map((item) => ({
            key: item.key,
            icon: item.icon,
            label: <span data-testid={item.testId}>{item.label}</span>,
          }))}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            padding: "0 24px",
            borderBottom: "1px solid #e8ecea",
          }}
        >
          <Space>
            {logo.data ? <Avatar src={logo.data} shape="square" size={32} /> : null}
            <Typography.Text strong data-testid="header-shop-name">
              {shopName}
            </Typography.Text>
          </Space>
          <Space size={24}>
            <JobsTray />
            <Typography.Text type="secondary">v{status.data?.version}</Typography.Text>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, overflow: "auto" }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
    </JobsProvider>
  );
}
