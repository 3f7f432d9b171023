import { ColorPicker, Input, Space } from "antd";

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  testId: string;
}

/** A colour picker beside the hex code, so a code from the brand guide can be pasted. */
export function ColorField({ value, onChange, testId }: Props) {
  return (
    <Space.Compact>
      <ColorPicker
        value={value}
        disabledAlpha
        onChangeComplete={(colour) => onChange?.(colour.toHexString().toUpperCase())}
      />
      <Input
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        style={{ width: 120, fontFamily: "monospace" }}
        maxLength={7}
        data-testid={testId}
      />
    </Space.Compact>
  );
}
