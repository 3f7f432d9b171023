// 日历: festivals (solar, lunar, moving), solar terms, days off and working weekends,
// the member day, members' birthdays and the shop's campaigns on one month, each day
// with its lunar date and the weekday's content theme. A festival starts a campaign;
// a birthday count opens the list of who.
import { useMemo, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, DatePicker, Empty, Form, Input, List, Modal, Popconfirm, Segmented, Space, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useNavigate } from "react-router";

import { type AppError, api, queries, useChanged } from "../../api";
import type { Entry } from "../../bindings/Entry";
import type { MemberQuery } from "../../bindings/MemberQuery";
import { useToday } from "../../lib/today";
import { CampaignForm, type CampaignDraft } from "../campaigns/CampaignForm";

const WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const ISO = "YYYY-MM-DD";

/** The six weeks shown for a month, Monday first. */
function gridOf(month: Dayjs): { from: Dayjs; days: Dayjs[] } {
  const first = month.startOf("month");
  const from = first.subtract((first.day() + 6) % 7, "day");
  return { from, days: Array.from({ length: 42 }, (_, i) => from.add(i, "day")) };
}

/** A campaign drafted from a festival: the three days up to it, a sales goal to fill in. */
function festivalDraft(e: Entry): CampaignDraft {
  const day = dayjs(e.date);
  return {
    input: {
      name: `${e.name}活动`,
      kind: "festival",
      festival: e.name,
      start: day.subtract(3, "day").format(ISO),
      end: day.format(ISO),
      metric: "sales",
    },
  };
}

function EntryTag({
  e,
  onFestival,
  onBirthday,
  onCampaign,
  onRemoveDay,
}: {
  e: Entry;
  onFestival: (e: Entry) => void;
  onBirthday: (date: string) => void;
  onCampaign: (id: number) => void;
  onRemoveDay: (id: number) => void;
}) {
  const test = `calendar-${e.kind}-${e.date}`;
  switch (e.kind) {
    case "festival":
      return (
        <Tooltip title={e.plan ? "点一下为它建活动" : undefined}>
          <Tag color="red" style={{ cursor: "pointer", marginInlineEnd: 2 }} onClick={() => onFestival(e)} data-testid={test}>
            {e.name}
          </Tag>
        </Tooltip>
      );
    case "solar_term":
      return (
        <Typography.Text type="success" style={{ fontSize: 12, marginInlineEnd: 4 }} data-testid={test}>
          {e.name}
        </Typography.Text>
      );
    case "holiday": {
      const tag = (
        <Tag color={e.work ? "default" : "green"} style={{ marginInlineEnd: 2, cursor: e.id !== undefined ? "pointer" : undefined }} data-testid={test}>
          {e.work ? "班" : "休"}
        </Tag>
      );
      // A day the owner added can be taken back; the published ones cannot.
      return e.id !== undefined ? (
        <Popconfirm title={`删除自己添加的“${e.name}”？`} okText="删除" cancelText="取消" onConfirm={() => onRemoveDay(e.id ?? 0)}>
          <Tooltip title={`${e.name}（自己添加的）`}>{tag}</Tooltip>
        </Popconfirm>
      ) : (
        <Tooltip title={e.name}>{tag}</Tooltip>
      );
    }
    case "member_day":
      return (
        <Tag color="gold" style={{ marginInlineEnd: 2 }} data-testid={test}>
          会员日
        </Tag>
      );
    case "campaign":
      return (
        <Tag color="blue" style={{ cursor: "pointer", marginInlineEnd: 2 }} onClick={() => e.id !== undefined && onCampaign(e.id)} data-testid={`calendar-campaign-${e.id}`}>
          {e.name}
        </Tag>
      );
    case "birthday":
      return (
        <Button type="link" size="small" style={{ padding: 0, height: "auto", fontSize: 12 }} onClick={() => onBirthday(e.date)} data-testid={test}>
          🎂 {e.count}
        </Button>
      );
    default:
      return null;
  }
}

function BirthdayList({ date, onClose }: { date: string | null; onClose: () => void }) {
  const query: MemberQuery = {
    birthday_on: date ?? undefined,
    dormant: false,
    include_left: false,
    left_only: false,
    sort: "name",
    descending: false,
    offset: 0,
    limit: 500,
  };
  const list = useQuery({ ...queries.membersList(query), enabled: date !== null });
  return (
    <Modal open={date !== null} title={`${date ?? ""} 过生日的会员`} footer={null} onCancel={onClose}>
      <List
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.members ?? []}
        renderItem={(m) => (
          <List.Item data-testid="calendar-birthday-member">
            {m.name}（{m.phone}）{m.birthday?.lunar ? " 农历生日" : ""}
          </List.Item>
        )}
      />
    </Modal>
  );
}

function ThemesEditor({ themes, open, onClose }: { themes: string[]; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ themes: string[] }>();
  const { message } = App.useApp();
  const changed = useChanged();
  const save = useMutation({
    mutationFn: (v: { themes: string[] }) => api.calendar.setThemes(v.themes.map((t) => t ?? "")),
    onSuccess: () => {
      changed("calendar");
      onClose();
    },
    onError: (e: AppError) => void message.error(e.message),
  });
  return (
    <Modal open={open} title="每周内容主题" okText="保存" onOk={() => save.mutate(form.getFieldsValue(true))} onCancel={onClose} destroyOnHidden>
      <Form form={form} initialValues={{ themes }} labelCol={{ span: 4 }}>
        {WEEKDAYS.map((w, i) => (
          <Form.Item key={w} name={["themes", i]} label={w}>
            <Input maxLength={40} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function AddDay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ date: Dayjs | null; name: string; work: boolean }>();
  const { message } = App.useApp();
  const changed = useChanged();
  const save = useMutation({
    mutationFn: (v: { date: Dayjs | null; name: string; work: boolean }) => api.calendar.addDay(v.date?.format(ISO) ?? "", v.name ?? "", Boolean(v.work)),
    onSuccess: () => {
      changed("calendar");
      void message.success("已添加");
      onClose();
    },
    onError: (e: AppError) => void message.error(e.message),
  });
  return (
    <Modal open={open} title="添加放假或调休上班的日子" okText="添加" onOk={() => save.mutate(form.getFieldsValue(true))} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ work: false }}>
        <Form.Item name="date" label="日期">
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="name" label="假期名称">
          <Input maxLength={20} placeholder="例如 春节" />
        </Form.Item>
        <Form.Item name="work" valuePropName="checked">
          <Checkbox>这天调休上班（不勾选则是放假）</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CalendarPage() {
  const today = useToday();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const month = picked ?? (today ? dayjs(today).startOf("month") : null);
  const grid = useMemo(() => (month ? gridOf(month) : null), [month]);
  const view = useQuery({
    ...queries.calendarView(grid?.from.format(ISO) ?? "", grid?.days[41]?.format(ISO) ?? ""),
    enabled: grid !== null,
  });
  const [mode, setMode] = useState<"month" | "list">("month");
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const [birthdays, setBirthdays] = useState<string | null>(null);
  const [editThemes, setEditThemes] = useState(false);
  const [addDay, setAddDay] = useState(false);
  const exportIcs = useMutation({
    mutationFn: (year: number) => api.calendar.exportIcs(`${year}-01-01`, `${year}-12-31`),
    onSuccess: (path) => path && void message.success(`已导出：${path}`),
    onError: (e: AppError) => void message.error(e.message),
  });

  const changed = useChanged();
  const removeDay = useMutation({
    mutationFn: (id: number) => api.calendar.removeDay(id),
    onSuccess: () => changed("calendar"),
    onError: (e: AppError) => void message.error(e.message),
  });
  const byDate = useMemo(() => {
    const map = new Map<string, Entry[]>();
    for (const e of view.data?.entries ?? []) {
      if (e.kind !== "campaign") map.set(e.date, [...(map.get(e.date) ?? []), e]);
    }
    return map;
  }, [view.data]);
  // Campaigns as bars across their days: each day lists the campaigns running on it.
  const running = useMemo(() => {
    const map = new Map<string, Entry[]>();
    for (const e of view.data?.entries ?? []) {
      if (e.kind !== "campaign" || !e.start || !e.end) continue;
      for (let d = dayjs(e.start); !d.isAfter(dayjs(e.end), "day"); d = d.add(1, "day")) {
        const key = d.format(ISO);
        map.set(key, [...(map.get(key) ?? []), e]);
      }
    }
    return map;
  }, [view.data]);
  const lunar = useMemo(() => new Map((view.data?.days ?? []).map((d) => [d.date, d.lunar])), [view.data]);
  if (!month || !grid) return <Empty description="正在加载…" />;

  const handlers = {
    onRemoveDay: (id: number) => removeDay.mutate(id),
    onFestival: (e: Entry) => setDraft(festivalDraft(e)),
    onBirthday: (date: string) => setBirthdays(date),
    onCampaign: (id: number) => void navigate(`/campaigns?id=${id}`),
  };
  const known = view.data?.holidays_known_until ?? 0;
  const inMonth = (d: Dayjs) => d.month() === month.month();
  const themes = view.data?.themes ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Space>
          <Button onClick={() => setPicked(month.subtract(1, "month"))} data-testid="calendar-prev">
            上个月
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="calendar-month">
            {month.format("YYYY年M月")}
          </Typography.Title>
          <Button onClick={() => setPicked(month.add(1, "month"))} data-testid="calendar-next">
            下个月
          </Button>
          <Button onClick={() => setPicked(null)}>本月</Button>
          <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setPicked(d.startOf("month"))} data-testid="calendar-pick-month" />
        </Space>
        <Space>
          <Segmented value={mode} onChange={(v) => setMode(v as "month" | "list")} options={[{ value: "month", label: "月视图" }, { value: "list", label: "列表" }]} />
          <Button onClick={() => setAddDay(true)}>添加放假/调休</Button>
          <Button loading={exportIcs.isPending} onClick={() => exportIcs.mutate(month.year())} data-testid="calendar-export-ics">
            导出 {month.year()} 年日历（.ics）
          </Button>
        </Space>
      </Space>
      {month.year() > known ? (
        <Alert
          type="info"
          showIcon
          message={`法定节假日安排只收录到 ${known} 年。${month.year()} 年的放假和调休公布后，请用“添加放假/调休”自己补上。`}
        />
      ) : null}
      <Space wrap size={[4, 4]}>
        <Typography.Text type="secondary">每列顶上是这一天的群内容主题。</Typography.Text>
        <Button size="small" type="link" onClick={() => setEditThemes(true)}>
          修改每周主题
        </Button>
        {view.data?.member_day ? null : (
          <Button size="small" type="link" onClick={() => void navigate("/settings")}>
            设置会员日
          </Button>
        )}
      </Space>
      {mode === "month" ? (
        <div style={{ display: "grid", gridTemplateColumns: "repeat(7, minmax(0, 1fr))", border: "1px solid #f0f0f0" }} data-testid="calendar-grid">
          {WEEKDAYS.map((w, i) => (
            <div key={w} style={{ padding: 4, background: "#fafafa", borderBottom: "1px solid #f0f0f0", textAlign: "center" }}>
              {w}
              <div title={themes[i]} style={{ fontSize: 11, color: "#999", overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" }}>
                {themes[i]}
              </div>
            </div>
          ))}
          {grid.days.map((d) => {
            const key = d.format(ISO);
            const entries = byDate.get(key) ?? [];
            return (
              <div
                key={key}
                data-testid={`calendar-day-${key}`}
                style={{
                  minHeight: 92,
                  padding: 4,
                  borderTop: "1px solid #f0f0f0",
                  borderLeft: "1px solid #f0f0f0",
                  opacity: inMonth(d) ? 1 : 0.45,
                  background: key === today ? "#e6f4ff" : undefined,
                }}
              >
                <div style={{ display: "flex", justifyContent: "space-between" }}>
                  <strong>{d.date()}</strong>
                  <span style={{ fontSize: 11, color: "#999" }}>{lunar.get(key)}</span>
                </div>
                {(running.get(key) ?? []).map((c) => {
                  const first = key === c.start || d.day() === 1;
                  const last = key === c.end || d.day() === 0;
                  return (
                    <div
                      key={c.id}
                      title={`${c.name}（${c.start} 至 ${c.end}）`}
                      onClick={() => c.id !== undefined && handlers.onCampaign(c.id)}
                      data-testid={`calendar-campaign-${c.id}-${key}`}
                      style={{
                        background: "#1677ff",
                        color: "#fff",
                        fontSize: 11,
                        lineHeight: "16px",
                        minHeight: 16,
                        marginTop: 2,
                        padding: "0 4px",
                        borderRadius: `${first ? 4 : 0}px ${last ? 4 : 0}px ${last ? 4 : 0}px ${first ? 4 : 0}px`,
                        cursor: "pointer",
                      }}
                    >
                      {first ? c.name : "\u00a0"}
                    </div>
                  );
                })}
                <div style={{ display: "flex", flexWrap: "wrap", gap: 2, marginTop: 2 }}>
                  {entries.map((e, i) => (
                    <EntryTag key={i} e={e} {...handlers} />
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      ) : (
        <List
          bordered
          dataSource={[...new Set([...byDate.keys(), ...(view.data?.entries ?? []).filter((e) => e.kind === "campaign").map((e) => e.date)])]
            .sort()
            .filter((date) => inMonth(dayjs(date)))
            .map((date) => [date, [...(byDate.get(date) ?? []), ...(view.data?.entries ?? []).filter((e) => e.kind === "campaign" && e.date === date)]] as const)}
          locale={{ emptyText: "这个月没有节日、活动或生日" }}
          renderItem={([date, entries]) => (
            <List.Item>
              <Space wrap>
                <strong style={{ width: 110, display: "inline-block" }}>
                  {date} {WEEKDAYS[(dayjs(date).day() + 6) % 7]}
                </strong>
                {entries.map((e, i) =>
                  e.kind === "holiday" || e.kind === "birthday" ? (
                    <span key={i}>
                      <EntryTag e={e} {...handlers} /> {e.kind === "holiday" ? e.name : `${e.count} 位会员生日`}
                    </span>
                  ) : (
                    <EntryTag key={i} e={e} {...handlers} />
                  ),
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      <CampaignForm draft={draft} onClose={() => setDraft(null)} onSaved={(c) => void navigate(`/campaigns?id=${c.id}`)} />
      <BirthdayList date={birthdays} onClose={() => setBirthdays(null)} />
      <ThemesEditor themes={themes} open={editThemes} onClose={() => setEditThemes(false)} />
      <AddDay open={addDay} onClose={() => setAddDay(false)} />
    </Space>
  );
}
