import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";

import { queries } from "../api";

/** Search-as-you-type member select: name, pinyin or phone digits (2+ characters). */
export function MemberPicker({
  value,
  onChange,
  placeholder = "输入会员姓名或手机尾号",
  testId,
  style,
}: {
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  placeholder?: string;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const [search, setSearch] = useState("");
  const enough = search.trim().length >= 2;
  const members = useQuery({
    ...queries.membersList({ search, limit: 10, sort: "joined", descending: true, dormant: false, include_left: false, left_only: false, offset: 0 }),
    enabled: enough,
  });
  return (
    <Select
      showSearch
      allowClear
      value={value}
      placeholder={placeholder}
      filterOption={false}
      onSearch={setSearch}
      onChange={(id) => onChange(id ?? undefined)}
      options={(members.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name} ${m.phone}` }))}
      notFoundContent={enough ? (members.isFetching ? "正在查找…" : "没有找到") : "至少输入 2 个字"}
      data-testid={testId}
      style={style}
    />
  );
}
