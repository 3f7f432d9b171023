import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { EditOutlined } from "@ant-design/icons";
import { App, Button, Card, Checkbox, Input, Popover, Progress, Select, Space, Tag, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { RunItemView } from "../../bindings/RunItemView";
import type { RunView } from "../../bindings/RunView";
import { confirmAndRetry } from "../../lib/confirm";
import { STATUS_TAG, dayLabel, groupBySection } from "../../lib/training";

function NoteButton({ run, item }: { run: RunView; item: RunItemView }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(item.note);
  const save = useMutation({
    mutationFn: () => api.checklists.note(run.id, item.id, text),
    onSuccess: () => {
      setOpen(false);
      changed("training");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setText(item.note);
      }}
      trigger="click"
      title="备注"
      content={
        <Space direction="vertical" style={{ width: 260 }}>
          <Input.TextArea rows={3} maxLength={300} value={text} onChange={(e) => setText(e.target.value)} data-testid={`run-note-input-${run.id}-${item.id}`} />
          <Button type="primary" size="small" loading={save.isPending} onClick={() => save.mutate()} data-testid={`run-note-save-${run.id}-${item.id}`}>
            保存备注
          </Button>
        </Space>
      }
    >
      <Button type="link" size="small" icon={<EditOutlined />} data-testid={`run-note-${run.id}-${item.id}`}>
        备注
      </Button>
    </Popover>
  );
}

/**
 * A checklist run: tick items, see who did what and when, notes, late items in red.
 * A tick is recorded for the staff member picked in 勾选人 (the run's own by default);
 * an item of a past day asks first whether this is catching up.
 */
export function RunCard({ run, extra, title }: { run: RunView; extra?: React.ReactNode; title?: React.ReactNode }) {
  const { message, modal } = App.useApp();
  const changed = useChanged();
  const roster = useQuery(queries.staffList(false));
  const [by, setBy] = useState<number | undefined>();
  type Tick = { item: number; done: boolean; catchingUp: boolean };
  const tick = useMutation({
    mutationFn: ({ item, done, catchingUp }: Tick) => api.checklists.tick(run.id, item, done, by ?? null, catchingUp),
    onSuccess: () => changed("training"),
    onError: (e: AppError, t: Tick) => {
      const asked = confirmAndRetry(modal, e, () => tick.mutateAsync({ ...t, catchingUp: true }), {
        title: "这不是今天的事项",
        okText: "是补记，勾上",
        when: (err) => err.fields.some((f) => f.field === "catching_up"),
      });
      if (!asked) message.error(e.message);
    },
  });
  return (
    <Card
      size="small"
      title={title ?? `${run.template} · ${run.staff}`}
      extra={extra}
      data-testid={`run-card-${run.id}`}
      style={{ marginBottom: 16 }}
    >
      <Space style={{ width: "100%", marginBottom: 8 }} wrap>
        <Progress type="circle" size={56} percent={run.percent} />
        <Typography.Text data-testid={`run-progress-${run.id}`}>
          已完成 {run.done}/{run.total}（{run.percent}%）
        </Typography.Text>
        {run.overdue ? <Tag color="red">{run.overdue} 项已过时</Tag> : null}
        {run.event_date ? <Tag>{`活动日 ${run.event_date}`}</Tag> : null}
        <Select
          size="small"
          allowClear
          placeholder={`勾选人：${run.staff}`}
          style={{ width: 150 }}
          value={by}
          onChange={setBy}
          options={(roster.data ?? []).filter((m) => m.id !== run.staff_id).map((m) => ({ value: m.id, label: `勾选人：${m.name}` }))}
          data-testid={`run-by-${run.id}`}
        />
      </Space>
      {groupBySection(run.items).map((group) => (
        <div key={`${group.section}-${group.items[0]?.id}`} style={{ marginBottom: 8 }}>
          {group.section ? (
            <Typography.Text strong>
              {group.section}
              {group.window ? <Typography.Text type="secondary">　{group.window}</Typography.Text> : null}
            </Typography.Text>
          ) : null}
          {group.items.map((item) => (
            <div
              key={item.id}
              className={item.status === "overdue" ? "run-item run-item-overdue" : "run-item"}
              data-testid={`run-item-row-${run.id}-${item.id}`}
            >
              <Checkbox
                checked={item.done}
                disabled={tick.isPending}
                onChange={(e) => tick.mutate({ item: item.id, done: e.target.checked, catchingUp: false })}
              >
                {/* The label text carries the test id: antd hides the real input. */}
                <span data-testid={`run-item-${run.id}-${item.id}`}>{item.text}</span>
              </Checkbox>
              <Space size={4} wrap>
                {item.date && !group.window ? <Typography.Text type="secondary">{dayLabel(item.date)}</Typography.Text> : null}
                <Tag color={STATUS_TAG[item.status][1]}>{STATUS_TAG[item.status][0]}</Tag>
                {item.done_by ? (
                  <Typography.Text type="secondary">
                    {item.done_by} {item.done_at?.slice(5, 16).replace("T", " ")}
                  </Typography.Text>
                ) : null}
                <NoteButton run={run} item={item} />
              </Space>
              {item.note ? (
                <Typography.Text type="secondary" className="run-item-note">
                  备注：{item.note}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </div>
      ))}
    </Card>
  );
}
