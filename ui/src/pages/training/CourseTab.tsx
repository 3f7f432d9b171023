import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Collapse, Empty, Progress, Select, Space, Tag, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { ModuleStatus } from "../../bindings/ModuleStatus";

const STATUS: Record<ModuleStatus, [string, string]> = {
  not_started: ["未开始", "default"],
  in_progress: ["学习中", "blue"],
  done: ["已学完", "green"],
};

/** The course: each module's study text, and one staff member's progress through it. */
export function CourseTab() {
  const { message } = App.useApp();
  const changed = useChanged();
  const staff = useQuery(queries.staffList(false));
  const [staffId, setStaffId] = useState<number>();
  const current = staffId ?? staff.data?.[0]?.id;
  const modules = useQuery(queries.courseModules());
  const progress = useQuery({ ...queries.courseProgress(current ?? 0), enabled: current !== undefined });
  const set = useMutation({
    mutationFn: ({ module, status }: { module: string; status: ModuleStatus }) => api.course.setStatus(current ?? 0, module, status),
    onSuccess: () => changed("training"),
    onError: (e: AppError) => message.error(e.message),
  });
  const done = (progress.data ?? []).filter((p) => p.status === "done").length;
  const total = modules.data?.length ?? 0;
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text>学员：</Typography.Text>
        <Select style={{ width: 160 }} value={current} onChange={setStaffId} options={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))} placeholder="先添加店员" />
        {current !== undefined ? (
          <>
            <Progress style={{ width: 200 }} percent={total ? Math.floor((done * 100) / total) : 0} size="small" />
            <Typography.Text type="secondary">
              已学完 {done}/{total} 个单元
            </Typography.Text>
          </>
        ) : null}
      </Space>
      {current === undefined ? <Empty description="先到“店员”里添加店员，再记录学习进度" /> : null}
      <Collapse
        items={(modules.data ?? []).map((m, i) => {
          const p = progress.data?.find((x) => x.key === m.key);
          const status = p?.status ?? "not_started";
          return {
            key: m.key,
            label: (
              <Space wrap>
                <span data-testid={`course-module-${m.key}`}>
                  第 {i + 1} 单元　{m.title}
                </span>
                {current !== undefined ? <Tag color={STATUS[status][1]}>{STATUS[status][0]}</Tag> : null}
                {p?.done_on ? <Typography.Text type="secondary">{p.done_on} 学完</Typography.Text> : p?.started_on ? <Typography.Text type="secondary">{p.started_on} 开始</Typography.Text> : null}
              </Space>
            ),
            children: (
              <>
                <Typography.Paragraph style={{ lineHeight: 1.9 }}>{m.text}</Typography.Paragraph>
                <Typography.Paragraph type="secondary">本单元有 {m.questions} 道考题。</Typography.Paragraph>
                {current !== undefined ? (
                  <Space>
                    {status === "not_started" ? <Button onClick={() => set.mutate({ module: m.key, status: "in_progress" })}>开始学习</Button> : null}
                    {status !== "done" ? (
                      <Button type="primary" onClick={() => set.mutate({ module: m.key, status: "done" })} data-testid={`course-done-${m.key}`}>
                        学完了
                      </Button>
                    ) : null}
                    {status !== "not_started" ? <Button onClick={() => set.mutate({ module: m.key, status: "not_started" })}>重置</Button> : null}
                  </Space>
                ) : null}
              </>
            ),
          };
        })}
      />
    </>
  );
}
