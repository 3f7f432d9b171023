import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Checkbox, Empty, Modal, Radio, Result, Select, Space, Table, Tag, Typography } from "antd";

import { AppError, api, queries, useChanged } from "../../api";
import type { AttemptSummary } from "../../bindings/AttemptSummary";
import type { ExamPaper } from "../../bindings/ExamPaper";
import type { ExamResult } from "../../bindings/ExamResult";
import { LETTERS, answerSheet, unanswered } from "../../lib/training";
import { DocumentButtons } from "./DocumentButtons";

function Paper({ paper, onDone }: { paper: ExamPaper; onDone: (r: ExamResult) => void }) {
  const { message, modal } = App.useApp();
  const [chosen, setChosen] = useState<Record<number, string[]>>({});
  const submit = useMutation({
    mutationFn: () => api.exam.submit(paper.attempt, answerSheet(paper.questions, chosen)),
    onSuccess: onDone,
    onError: (e: AppError) => message.error(e.message),
  });
  const handIn = () => {
    const blank = unanswered(paper.questions, chosen);
    if (blank.length) {
      modal.confirm({
        title: `还有 ${blank.length} 题没答`,
        content: `第 ${blank.join("、")} 题还空着，空着的算答错。确定交卷吗？`,
        okText: "交卷",
        cancelText: "再看看",
        onOk: () => submit.mutate(),
      });
    } else {
      submit.mutate();
    }
  };
  return (
    <>
      <Alert type="info" showIcon message={`${paper.staff}的结业考试：共 ${paper.questions.length} 题，每题 5 分，80 分合格。多选题要全部选对才得分。`} style={{ marginBottom: 16 }} />
      {paper.questions.map((q, i) => (
        <Card key={q.id} size="small" style={{ marginBottom: 12 }} data-testid={`exam-q-${i + 1}`} data-question-id={q.id}>
          <Typography.Paragraph strong>
            {i + 1}. {q.text} <Tag>{q.multiple ? "多选" : "单选"}</Tag>
          </Typography.Paragraph>
          {q.multiple ? (
            <Checkbox.Group value={chosen[q.id] ?? []} onChange={(v) => setChosen({ ...chosen, [q.id]: v as string[] })}>
              <Space direction="vertical">
                {q.options.map((o, j) => (
                  <Checkbox key={j} value={LETTERS[j]}>
                    <span data-testid={`exam-q-${i + 1}-${LETTERS[j]}`}>
                      {LETTERS[j]}. {o}
                    </span>
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          ) : (
            <Radio.Group value={chosen[q.id]?.[0]} onChange={(e) => setChosen({ ...chosen, [q.id]: [e.target.value as string] })}>
              <Space direction="vertical">
                {q.options.map((o, j) => (
                  <Radio key={j} value={LETTERS[j]}>
                    <span data-testid={`exam-q-${i + 1}-${LETTERS[j]}`}>
                      {LETTERS[j]}. {o}
                    </span>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
        </Card>
      ))}
      <Button type="primary" size="large" loading={submit.isPending} onClick={handIn} data-testid="exam-submit">
        交卷
      </Button>
    </>
  );
}

function ResultView({ result }: { result: ExamResult }) {
  const wrong = result.results.filter((r) => !r.correct);
  return (
    <>
      <Result
        status={result.passed ? "success" : "warning"}
        title={<span data-testid="exam-score">{`${result.staff}：${result.score} 分，${result.passed ? "通过" : "未通过"}`}</span>}
        subTitle={result.passed ? "可以打印结业证书。" : "80 分合格，看看下面错的题和解析，再考一次。"}
        extra={result.passed ? <DocumentButtons document={{ kind: "certificate", attempt: result.attempt }} testId="certificate" /> : null}
      />
      {wrong.length ? (
        <Card size="small" title={`答错的 ${wrong.length} 题`}>
          {wrong.map((r) => (
            <div key={r.no} style={{ marginBottom: 12 }} data-testid={`exam-wrong-${r.no}`}>
              <Typography.Text strong>
                {r.no}. {r.text}
              </Typography.Text>
              <div>
                {r.options.map((o, j) => (
                  <div key={j}>
                    <Typography.Text type={r.correct_answer.includes(LETTERS[j] ?? "") ? "success" : r.answer.includes(LETTERS[j] ?? "") ? "danger" : undefined}>
                      {LETTERS[j]}. {o}
                    </Typography.Text>
                  </div>
                ))}
              </div>
              <Typography.Text type="secondary">
                你的答案：{r.answer || "未答"}　正确答案：{r.correct_answer}　{r.explanation}
              </Typography.Text>
            </div>
          ))}
        </Card>
      ) : null}
    </>
  );
}

/** The exam: draw 20 questions, answer, hand in, see the score and what was wrong. */
export function ExamTab() {
  const { message } = App.useApp();
  const changed = useChanged();
  const staff = useQuery(queries.staffList(false));
  const attempts = useQuery(queries.examAttempts(null));
  const [staffId, setStaffId] = useState<number>();
  const [paper, setPaper] = useState<ExamPaper>();
  const [result, setResult] = useState<ExamResult>();
  const [viewing, setViewing] = useState<ExamResult>();
  const start = useMutation({
    mutationFn: () => api.exam.start(staffId ?? 0),
    onSuccess: (p) => {
      setResult(undefined);
      setPaper(p);
      changed("training");
    },
    onError: (e: AppError) => message.error(e.message),
  });
  const open = useMutation({
    mutationFn: api.exam.result,
    onSuccess: setViewing,
    onError: (e: AppError) => message.error(e.message),
  });

  if (paper && !result) {
    return (
      <Paper
        paper={paper}
        onDone={(r) => {
          setResult(r);
          setPaper(undefined);
          changed("training");
        }}
      />
    );
  }
  return (
    <>
      {result ? <ResultView result={result} /> : null}
      <Card size="small" title="开始考试" style={{ margin: "16px 0" }}>
        {staff.data?.length ? (
          <Space wrap>
            <Select placeholder="谁来考" style={{ width: 160 }} value={staffId} onChange={setStaffId} options={staff.data.map((s) => ({ value: s.id, label: s.name }))} data-testid="exam-staff" />
            <Button type="primary" disabled={staffId === undefined} loading={start.isPending} onClick={() => start.mutate()} data-testid="exam-start">
              开始考试
            </Button>
            <Typography.Text type="secondary">从题库随机抽 20 题，每个单元至少一题。</Typography.Text>
          </Space>
        ) : (
          <Empty description="先到“店员”里添加店员" />
        )}
      </Card>
      <Card size="small" title="考试记录">
        <Table<AttemptSummary>
          rowKey="id"
          size="small"
          dataSource={attempts.data ?? []}
          columns={[
            { title: "时间", dataIndex: "started_at", render: (t: string) => t.slice(0, 16).replace("T", " ") },
            { title: "店员", dataIndex: "staff" },
            { title: "当时级别", dataIndex: "level" },
            {
              title: "成绩",
              render: (_, a) => (a.score === null ? <Tag>未交卷</Tag> : <Tag color={a.passed ? "green" : "orange"}>{`${a.score} 分 · ${a.passed ? "通过" : "未通过"}`}</Tag>),
            },
            {
              title: "",
              render: (_, a) =>
                a.score === null ? null : (
                  <Button type="link" size="small" onClick={() => open.mutate(a.id)}>
                    查看
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={viewing !== undefined} onCancel={() => setViewing(undefined)} footer={null} width={760} title="考试结果">
        {viewing ? <ResultView result={viewing} /> : null}
      </Modal>
    </>
  );
}
