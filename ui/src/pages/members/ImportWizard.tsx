import { useState } from "react";
import { FileExcelOutlined } from "@ant-design/icons";
import { Alert, App, Button, Checkbox, DatePicker, Modal, Progress, Radio, Result, Select, Space, Steps, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";

import { AppError, api, percentOf, useChanged } from "../../api";
import { useJobs } from "../../components/Jobs";
import type { ImportField } from "../../bindings/ImportField";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportReport } from "../../bindings/ImportReport";
import type { OnDuplicate } from "../../bindings/OnDuplicate";
import type { SpendDate } from "../../bindings/SpendDate";
import { IMPORT_FIELD_LABEL as FIELD_LABEL } from "../../bindings/labels";

type Stage = "choose" | "map" | "running" | "done";

export function ImportWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useChanged();
  const [stage, setStage] = useState<Stage>("choose");
  const [path, setPath] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportField[]>([]);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>("skip");
  const [strict, setStrict] = useState(false);
  const [spendBasis, setSpendBasis] = useState<"last" | "joined" | "on">("last");
  const [spendDay, setSpendDay] = useState<Dayjs | null>(null);
  const [check, setCheck] = useState<ImportReport | null>(null);
  const jobs = useJobs();
  const [jobId, setJobId] = useState<number | undefined>(undefined);
  const progress = jobs.progressOf(jobId);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setStage("choose");
    setPreview(null);
    setCheck(null);
    setReport(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const choose = async () => {
    try {
      const picked = await api.members.importPick();
      if (!picked) return;
      setPath(picked.path);
      setPreview(picked.preview);
      setMapping(picked.preview.mapping);
      setCheck(null);
      setStage("map");
    } catch (e) {
      message.error((e as AppError).message);
    }
  };

  // Only 累计消费, no 12-month figure: the owner says which day it goes on.
  const lifetimeOnly = mapping.includes("spend") && !mapping.includes("spend12m");
  const hasLastColumn = mapping.includes("last_purchase");
  const spendDate: SpendDate =
    spendBasis === "on" && spendDay ? { kind: "on", date: spendDay.format("YYYY-MM-DD") } : spendBasis === "joined" ? { kind: "joined" } : { kind: "last" };

  const run = async (dryRun: boolean) => {
    if (lifetimeOnly && spendBasis === "on" && !spendDay) {
      message.warning("请选一个日期，累计消费会记在这一天");
      return;
    }
    setBusy(true);
    if (!dryRun) setStage("running");
    try {
      const options = { mapping, on_duplicate: onDuplicate, strict, dry_run: dryRun, spend_date: spendDate };
      const job = await jobs.run(
        dryRun ? "检查会员名单" : "导入会员",
        (onProgress) => api.members.importStart(path, options, onProgress),
        (r) => `新增 ${r.imported} 位，更新 ${r.updated} 位，跳过 ${r.skipped} 位，有问题 ${r.errors.length} 行`,
      );
      if (!job) return;
      setJobId(job.id);
      const result = await job.result;
      if (!dryRun) changed("members");
      if (dryRun) {
        setCheck(result);
      } else {
        setReport(result);
        setStage("done");
      }
    } catch (e) {
      const err = e as AppError;
      if (err.code === "Cancelled") message.info(err.message);
      else message.error(err.message);
      if (!dryRun) setStage("map");
    } finally {
      setBusy(false);
      setJobId(undefined);
    }
  };

  /** The import goes on; the header shows it and says how it ended. */
  const toBackground = () => {
    if (jobId !== undefined) jobs.toBackground(jobId);
    onClose();
  };

  const errorsTable = (r: ImportReport) =>
    r.errors.length ? (
      <Table
        size="small"
        rowKey="row"
        pagination={{ pageSize: 8 }}
        dataSource={r.errors}
        columns={[
          { title: "行号", dataIndex: "row", width: 80 },
          { title: "问题", dataIndex: "reason" },
        ]}
        data-testid="import-errors"
      />
    ) : null;

  return (
    <Modal title="导入会员" open={open} onCancel={stage === "running" ? toBackground : close} footer={null} width={860} destroyOnHidden>
      <Steps
        size="small"
        style={{ marginBottom: 20 }}
        current={{ choose: 0, map: 1, running: 2, done: 3 }[stage]}
        items={[{ title: "选择文件" }, { title: "核对列" }, { title: "导入" }, { title: "完成" }]}
      />
      {stage === "choose" ? (
        <Result
          icon={<FileExcelOutlined />}
          title="从 Excel 或 CSV 导入会员名单"
          subTitle="支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）。第一行是表头，至少要有姓名和手机号两列。"
          extra={
            <Button type="primary" onClick={choose} data-testid="import-choose">
              选择文件…
            </Button>
          }
        />
      ) : null}
      {stage === "map" && preview ? (
        <Space direction="vertical" size={12} style={{ width: "100%" }}>
          <Typography.Text>
            共 {preview.total_rows} 行。请核对每一列对应的内容：
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey={(_, i) => String(i)}
            dataSource={preview.sample.slice(0, 5)}
            columns={preview.header.map((h, i) => ({
              title: (
                <Space direction="vertical" size={4}>
                  <Typography.Text type="secondary">{h || `第 ${i + 1} 列`}</Typography.Text>
                  <Select<ImportField>
                    size="small"
                    style={{ width: 120 }}
                    value={mapping[i] ?? "ignore"}
                    onChange={(f) => {
                      setMapping((m) => m.map((old, j) => (j === i ? f : old)));
                      setCheck(null);
                    }}
                    options={(Object.keys(FIELD_LABEL) as ImportField[]).map((f) => ({ value: f, label: FIELD_LABEL[f] }))}
                  />
                </Space>
              ),
              render: (_: unknown, row: string[]) => row[i] ?? "",
              key: String(i),
            }))}
          />
          <Space wrap>
            <Typography.Text>手机号已是会员时：</Typography.Text>
            <Radio.Group value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value)}>
              <Radio value="skip">跳过</Radio>
              <Radio value="update">用文件覆盖（消费和积分以文件为准）</Radio>
              <Radio value="merge">只补空缺、累加积分和消费</Radio>
            </Radio.Group>
          </Space>
          {lifetimeOnly ? (
            <Space wrap data-testid="import-spend-date">
              <Typography.Text>“累计消费”记在哪一天：</Typography.Text>
              <Radio.Group
                value={spendBasis}
                onChange={(e) => {
                  setSpendBasis(e.target.value);
                  setCheck(null);
                }}
              >
                <Radio value="last">{hasLastColumn ? "最近消费日期（没有就用入会日期）" : "入会日期"}</Radio>
                {hasLastColumn ? <Radio value="joined">入会日期</Radio> : null}
                <Radio value="on">指定日期</Radio>
              </Radio.Group>
              {spendBasis === "on" ? (
                <DatePicker
                  value={spendDay}
                  onChange={(d) => {
                    setSpendDay(d);
                    setCheck(null);
                  }}
                  disabledDate={(d) => d.isAfter(new Date())}
                  data-testid="import-spend-day"
                />
              ) : null}
              <Typography.Text type="secondary">等级按近 12 个月消费算：多年前的消费记在当天，就不会算进今天的等级。</Typography.Text>
            </Space>
          ) : null}
          <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>
            严格模式：只要有一行有问题，就一行都不导入
          </Checkbox>
          {check ? (
            <Alert
              type={check.errors.length ? "warning" : "success"}
              showIcon
              message={`检查结果：可新增 ${check.imported} 位，更新 ${check.updated} 位，跳过 ${check.skipped} 位，有问题 ${check.errors.length} 行${check.errors.length && !strict ? "（有问题的行不会导入）" : ""}`}
              description={check.spend_booking ? <span data-testid="import-booking">{check.spend_booking.summary}</span> : undefined}
            />
          ) : null}
          {check ? errorsTable(check) : null}
          <Space>
            <Button onClick={() => run(true)} loading={busy} data-testid="import-check">
              先检查
            </Button>
            <Button type="primary" onClick={() => run(false)} disabled={busy} data-testid="import-run">
              开始导入
            </Button>
            <Button onClick={reset}>换一个文件</Button>
          </Space>
        </Space>
      ) : null}
      {stage === "running" ? (
        <Space direction="vertical" style={{ width: "100%" }} align="center">
          <Progress type="circle" percent={percentOf(progress)} />
          <Typography.Text data-testid="import-stage">{progress?.label ?? "正在开始"}…取消后不会写入任何数据。</Typography.Text>
          <Typography.Text type="secondary">导入时可以点“放到后台”，照常收银、查会员；页面顶部能看到进度。</Typography.Text>
          <Space>
            <Button onClick={() => jobId !== undefined && jobs.cancel(jobId)} data-testid="import-cancel">
              取消导入
            </Button>
            <Button type="primary" onClick={toBackground} data-testid="import-background">
              放到后台
            </Button>
          </Space>
        </Space>
      ) : null}
      {stage === "done" && report ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Result
            status={report.errors.length ? "warning" : "success"}
            title={<span data-testid="import-result">{`已导入 ${report.imported} 位新会员，更新 ${report.updated} 位，跳过 ${report.skipped} 位`}</span>}
            subTitle={
              <>
                {report.errors.length ? `有 ${report.errors.length} 行有问题，没有导入，见下表` : "全部导入成功"}
                {report.spend_booking ? <div>{report.spend_booking.summary}</div> : null}
              </>
            }
            extra={
              <Button type="primary" onClick={close} data-testid="import-close">
                完成
              </Button>
            }
          />
          {errorsTable(report)}
        </Space>
      ) : null}
    </Modal>
  );
}
