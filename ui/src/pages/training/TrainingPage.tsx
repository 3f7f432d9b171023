import { Tabs } from "antd";

import { CourseTab } from "./CourseTab";
import { ExamTab } from "./ExamTab";
import { RunsTab } from "./RunsTab";
import { StaffTab } from "./StaffTab";
import { TemplatesTab } from "./TemplatesTab";
import { TodayTab } from "./TodayTab";

/** 培训与SOP: today's SOP, checklists, the roster, the course, the exam, templates. */
export function TrainingPage() {
  return (
    <Tabs
      destroyInactiveTabPane
      items={[
        { key: "today", label: <span data-testid="training-tab-today">今日SOP</span>, children: <TodayTab /> },
        { key: "runs", label: <span data-testid="training-tab-runs">清单</span>, children: <RunsTab /> },
        { key: "staff", label: <span data-testid="training-tab-staff">店员</span>, children: <StaffTab /> },
        { key: "course", label: <span data-testid="training-tab-course">课程</span>, children: <CourseTab /> },
        { key: "exam", label: <span data-testid="training-tab-exam">考试</span>, children: <ExamTab /> },
        { key: "templates", label: <span data-testid="training-tab-templates">清单模板</span>, children: <TemplatesTab /> },
      ]}
    />
  );
}
