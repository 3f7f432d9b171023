import { lazy, Suspense } from "react";
import { useQuery } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Result, Spin } from "antd";
import zhCN from "antd/locale/zh_CN";
import { createHashRouter, RouterProvider } from "react-router";

import { queries } from "./api";
import { AppLayout } from "./components/AppLayout";
import { HomePage } from "./pages/home/HomePage";

// Pages beyond the first screen load on first visit, so the window paints sooner.
const MembersPage = lazy(() => import("./pages/members/MembersPage").then((m) => ({ default: m.MembersPage })));
const GroupsPage = lazy(() => import("./pages/groups/GroupsPage").then((m) => ({ default: m.GroupsPage })));
const InvitesPage = lazy(() => import("./pages/invites/InvitesPage").then((m) => ({ default: m.InvitesPage })));
const CounterPage = lazy(() => import("./pages/counter/CounterPage").then((m) => ({ default: m.CounterPage })));
const PostersPage = lazy(() => import("./pages/posters/PostersPage").then((m) => ({ default: m.PostersPage })));
const AssetsPage = lazy(() => import("./pages/assets/AssetsPage").then((m) => ({ default: m.AssetsPage })));
const PhrasesPage = lazy(() => import("./pages/phrases/PhrasesPage").then((m) => ({ default: m.PhrasesPage })));
const TrainingPage = lazy(() => import("./pages/training/TrainingPage").then((m) => ({ default: m.TrainingPage })));
const ReportsPage = lazy(() => import("./pages/reports/ReportsPage").then((m) => ({ default: m.ReportsPage })));
const CalendarPage = lazy(() => import("./pages/calendar/CalendarPage").then((m) => ({ default: m.CalendarPage })));
const CampaignsPage = lazy(() => import("./pages/campaigns/CampaignsPage").then((m) => ({ default: m.CampaignsPage })));
const BackupPage = lazy(() => import("./pages/backup/BackupPage").then((m) => ({ default: m.BackupPage })));
const AboutPage = lazy(() => import("./pages/about/AboutPage").then((m) => ({ default: m.AboutPage })));
const SetupPage = lazy(() => import("./pages/setup/SetupPage").then((m) => ({ default: m.SetupPage })));
const SettingsPage = lazy(() => import("./pages/settings/SettingsPage").then((m) => ({ default: m.SettingsPage })));

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Spin style={{ display: "block", marginTop: 80 }} />}>{children}</Suspense>;
}

const router = createHashRouter([
  {
    path: "/",
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: "members",
        element: (
          <Page>
            <MembersPage />
          </Page>
        ),
      },
      {
        path: "groups",
        element: (
          <Page>
            <GroupsPage />
          </Page>
        ),
      },
      {
        path: "invites",
        element: (
          <Page>
            <InvitesPage />
          </Page>
        ),
      },
      {
        path: "counter",
        element: (
          <Page>
            <CounterPage />
          </Page>
        ),
      },
      {
        path: "posters",
        element: (
          <Page>
            <PostersPage />
          </Page>
        ),
      },
      {
        path: "assets",
        element: (
          <Page>
            <AssetsPage />
          </Page>
        ),
      },
      {
        path: "phrases",
        element: (
          <Page>
            <PhrasesPage />
          </Page>
        ),
      },
      {
        path: "training",
        element: (
          <Page>
            <TrainingPage />
          </Page>
        ),
      },
      {
        path: "calendar",
        element: (
          <Page>
            <CalendarPage />
          </Page>
        ),
      },
      {
        path: "campaigns",
        element: (
          <Page>
            <CampaignsPage />
          </Page>
        ),
      },
      {
        path: "reports",
        element: (
          <Page>
            <ReportsPage />
          </Page>
        ),
      },
      {
        path: "backup",
        element: (
          <Page>
            <BackupPage />
          </Page>
        ),
      },
      {
        path: "setup",
        element: (
          <Page>
            <SetupPage />
          </Page>
        ),
      },
      {
        path: "settings",
        element: (
          <Page>
            <SettingsPage />
          </Page>
        ),
      },
      {
        path: "about",
        element: (
          <Page>
            <AboutPage />
          </Page>
        ),
      },
    ],
  },
]);

const DEFAULT_PRIMARY = "#1F7A6D";

export function App() {
  const status = useQuery(queries.appStatus());
  const startupError = status.data?.startup_error ?? null;
  const shop = useQuery({
    ...queries.shopGet(),
    enabled: status.isSuccess && !startupError,
  });
  const primary = shop.data?.primary ?? DEFAULT_PRIMARY;

  let body;
  if (status.isPending) {
    body = <Spin fullscreen tip="正在打开…" />;
  } else if (status.isError || startupError) {
    body = (
      <div data-testid="startup-error">
        <Result
          status="error"
          title="数据文件无法打开"
          subTitle={startupError?.message ?? status.error?.message}
          extra={status.data ? <span>数据文件：{status.data.db_path}</span> : null}
        />
      </div>
    );
  } else {
    body = <RouterProvider router={router} />;
  }

  return (
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: { colorPrimary: primary, colorLink: primary, borderRadius: 8, fontSize: 14 },
        components: { Layout: { siderBg: "#ffffff", headerBg: "#ffffff" } },
      }}
      // A click beside a dialog does not close it: most dialogs hold a half-typed form
      // (a member, a phrase, a channel), and a stray click lost it. 取消, × and Esc close.
      modal={{ mask: { closable: false } }}
    >
      {/* Toasts sit below the header row: at antd's default 8 px one covered a drawer's
          close button, and the pointer resting on it kept the toast (and the cover) up. */}
      <AntApp message={{ top: 72 }}>{body}</AntApp>
    </ConfigProvider>
  );
}
