import { useQuery } from "@tanstack/react-query";
import { Alert, Col, Empty, Row, Space, Spin, Typography } from "antd";

import { queries } from "../../api";
import { DocumentButtons } from "./DocumentButtons";
import { RunCard } from "./RunCard";

/** Today's daily SOP for every staff member on duty (started by the app itself). */
export function TodayTab() {
  // Items turn late as their window closes: looked at again every minute.
  const today = useQuery({ ...queries.checklistsToday(), refetchInterval: 60_000 });
  if (today.isLoading) return <Spin />;
  if (today.error) return <Alert type="error" message={today.error.message} />;
  const runs = today.data ?? [];
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">每天打开软件时，会为每位在岗店员自动生成当天的每日SOP。过了时间段还没做的会标红。</Typography.Text>
        <Typography.Text>打印一周空白检查表：</Typography.Text>
        <DocumentButtons document={{ kind: "blank_week", date: "" }} testId="blank-week" />
      </Space>
      {runs.length === 0 ? (
        <Empty description="还没有在岗的店员：先到“店员”里添加，今天的SOP就会自动生成" />
      ) : (
        <Row gutter={16}>
          {runs.map((run) => (
            <Col key={run.id} xs={24} xl={12}>
              <RunCard run={run} title={`${run.staff} · ${run.date} 每日SOP`} extra={<DocumentButtons document={{ kind: "run", id: run.id }} testId={`run-pdf-${run.id}`} />} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
