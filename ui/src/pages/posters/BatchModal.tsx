import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Modal, Progress, Radio, Select, Space, Typography } from "antd";

import { AppError, api } from "../../api";
import { useJobs } from "../../components/Jobs";
import type { BatchReport } from "../../bindings/BatchReport";
import type { PosterContent } from "../../bindings/PosterContent";
import type { Tier } from "../../bindings/Tier";
import { confirmAndRetry } from "../../lib/confirm";
import { TIER_LABEL } from "../../lib/tiers";

/** 批量老带新海报: every member of a tier and above gets a poster with their own code. */
export function BatchModal({ open, content, onClose }: { open: boolean; content: PosterContent; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const [tier, setTier] = useState<Tier>("gold");
  const [toPdf, setToPdf] = useState(false);
  const jobs = useJobs();
  const [jobId, setJobId] = useState<number | undefined>(undefined);
  const progress = jobs.progressOf(jobId);
  const [report, setReport] = useState<BatchReport | null>(null);
  const run = useMutation({
    mutationFn: async (confirmed: boolean) => {
      setReport(null);
      const job = await jobs.run(
        "批量老带新海报",
        (onProgress) => api.posters.batchStart(content, tier, toPdf, confirmed, onProgress),
        (r) => (r.cancelled ? `已取消：生成了 ${r.made} 张（共 ${r.total} 位）` : `已生成 ${r.made} 张：${r.out}`),
      );
      if (!job) return null;
      setJobId(job.id);
      try {
        return await job.result;
      } finally {
        setJobId(undefined);
      }
    },
    onSuccess: (r) => r && setReport(r),
    // A web image or an expired group QR: said before any file is made, then asked.
    onError: (e: AppError, confirmed) => {
      const asked = confirmAndRetry(modal, e, () => run.mutateAsync(true), {
        title: "生成前请确认",
        okText: "我确认仍要生成",
        when: (err) => err.code === "Conflict" && !confirmed,
      });
      if (!asked) message.error(e.message);
    },
  });
  const close = () => {
    if (run.isPending) return;
    setReport(null);
    onClose();
  };
  return (
    <Modal
      title="批量生成老带新海报"
      open={open}
      onCancel={close}
      destroyOnHidden
      footer={
        run.isPending ? (
          <Button danger onClick={() => jobId !== undefined && jobs.cancel(jobId)} data-testid="batch-cancel">
            取消
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>关闭</Button>
            <Button type="primary" onClick={() => run.mutate(false)} data-testid="batch-start">
              开始生成
            </Button>
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary">
          每位会员一张，印着他自己的邀请码；朋友用这个码进群，就记为他推荐的。内容用左边正在编辑的海报。
        </Typography.Paragraph>
        <Space>
          给
          <Select<Tier>
            value={tier}
            onChange={setTier}
            style={{ width: 120 }}
            options={(["bronze", "silver", "gold", "diamond"] as Tier[]).map((t) => ({ value: t, label: TIER_LABEL[t] }))}
            data-testid="batch-tier"
          />
          及以上的会员
        </Space>
        <Radio.Group
          value={toPdf}
          onChange={(e) => setToPdf(e.target.value as boolean)}
          options={[
            { value: false, label: "每人一张图片（放进一个文件夹，发微信用）" },
            { value: true, label: "一个 PDF，每人一页（打印用）" },
          ]}
        />
        {progress ? <Progress percent={Math.round((progress.done * 100) / progress.total)} format={() => `${progress.done}/${progress.total}`} data-testid="batch-progress" /> : null}
        {report ? (
          <Alert
            type={report.cancelled || report.skipped.length ? "warning" : "success"}
            showIcon
            data-testid="batch-report"
            message={report.cancelled ? `已取消：生成了 ${report.made} 张（共 ${report.total} 位）` : `已生成 ${report.made} 张老带新海报`}
            description={
              <>
                <div>位置：{report.out}</div>
                {report.cancelled && report.out.endsWith(".pdf") ? <div>取消后没有保存 PDF。</div> : null}
                {report.skipped.map((s) => (
                  <div key={s.member}>
                    未生成：{s.member}（{s.reason}）
                  </div>
                ))}
              </>
            }
          />
        ) : null}
      </Space>
    </Modal>
  );
}
