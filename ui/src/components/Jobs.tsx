import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { App, Button, Progress as Bar, Space, Typography } from "antd";

import { AppError, api, percentOf, type RunningJob } from "../api";
import type { Progress } from "../bindings/Progress";

/** A job the window follows: shown in the header while it runs, on any page. */
interface Tracked {
  id: number;
  title: string;
  progress: Progress | null;
  /** The dialog that started it was closed: its end is announced here instead. */
  background: boolean;
}

interface Jobs {
  running: Tracked[];
  /**
   * Starts a job through `start` and follows it. `describe` says in words how it
   * ended, for when the dialog that started it is no longer open.
   */
  run: <T>(
    title: string,
    start: (onProgress: (p: Progress) => void) => Promise<RunningJob<T> | null>,
    describe: (result: T) => string,
  ) => Promise<RunningJob<T> | null>;
  progressOf: (id: number | undefined) => Progress | null;
  toBackground: (id: number) => void;
  cancel: (id: number) => void;
}

const JobsContext = createContext<Jobs | null>(null);

export function useJobs(): Jobs {
  const jobs = useContext(JobsContext);
  if (!jobs) throw new Error("useJobs outside JobsProvider");
  return jobs;
}

export function JobsProvider({ children }: { children: React.ReactNode }) {
  const { notification, message } = App.useApp();
  const [running, setRunning] = useState<Tracked[]>([]);
  // The latest list, for a job's end that arrives after several renders.
  const latest = useRef<Tracked[]>([]);
  latest.current = running;

  const update = useCallback((id: number, change: (t: Tracked) => Tracked) => {
    setRunning((list) => list.map((t) => (t.id === id ? change(t) : t)));
  }, []);

  const run = useCallback(
    async <T,>(
      title: string,
      start: (onProgress: (p: Progress) => void) => Promise<RunningJob<T> | null>,
      describe: (result: T) => string,
    ) => {
      let id: number | undefined;
      let early: Progress | null = null;
      const job = await start((p) => {
        if (id === undefined) early = p;
        else update(id, (t) => ({ ...t, progress: p }));
      });
      if (!job) return null;
      id = job.id;
      setRunning((list) => [...list, { id: job.id, title, progress: early, background: false }]);
      const ended = () => {
        const tracked = latest.current.find((t) => t.id === job.id);
        setRunning((list) => list.filter((t) => t.id !== job.id));
        return tracked?.background ?? false;
      };
      job.result.then(
        (result) => {
          if (ended()) notification.success({ message: `${title}：完成`, description: describe(result), duration: 0 });
        },
        (e: AppError) => {
          if (!ended()) return;
          if (e.code === "Cancelled") message.info(e.message);
          else notification.error({ message: `${title}：没有完成`, description: e.message, duration: 0 });
        },
      );
      return job;
    },
    [message, notification, update],
  );

  const jobs = useMemo<Jobs>(
    () => ({
      running,
      run,
      progressOf: (id) => running.find((t) => t.id === id)?.progress ?? null,
      toBackground: (id) => update(id, (t) => ({ ...t, background: true })),
      cancel: (id) => void api.jobs.cancel(id),
    }),
    [run, running, update],
  );
  return <JobsContext.Provider value={jobs}>{children}</JobsContext.Provider>;
}

/** The header's list of running jobs, each with its progress and 取消. */
export function JobsTray() {
  const jobs = useJobs();
  if (!jobs.running.length) return null;
  return (
    <Space size={16} data-testid="jobs-tray">
      {jobs.running.map((t) => (
        <Space key={t.id} size={8} data-testid="job">
          <Typography.Text>{t.title}</Typography.Text>
          <Typography.Text type="secondary" data-testid="job-stage">
            {t.progress?.label ?? "正在开始"}
          </Typography.Text>
          <Bar percent={percentOf(t.progress)} size="small" style={{ width: 120, margin: 0 }} />
          <Button size="small" danger onClick={() => jobs.cancel(t.id)} data-testid="job-cancel">
            取消
          </Button>
        </Space>
      ))}
    </Space>
  );
}
