import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Input, Space, Typography } from "antd";

import { type AppError, api, queries } from "../api";
import type { LockStatus } from "../bindings/LockStatus";

/** The PIN screen: nothing of the shop shows behind it until the right PIN is typed. */
export function LockScreen() {
  const client = useQueryClient();
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [forgot, setForgot] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);

  const settle = async (attempt: () => Promise<LockStatus>) => {
    setBusy(true);
    setError(null);
    try {
      const status = await attempt();
      client.setQueryData(queries.lockStatus().queryKey, status);
    } catch (e) {
      setError((e as AppError).message);
      setPin("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      data-testid="lock-screen"
      style={{ height: "100vh", display: "flex", alignItems: "center", justifyContent: "center", background: "#f3f6f5" }}
    >
      <Card style={{ width: 380 }}>
        <Space direction="vertical" style={{ width: "100%" }} size="middle">
          <Space>
            <LockOutlined style={{ fontSize: 22 }} />
            <Typography.Title level={4} style={{ margin: 0 }}>
              社群掌柜已锁定
            </Typography.Title>
          </Space>
          {!forgot ? (
            <>
              <Input.Password
                autoFocus
                inputMode="numeric"
                maxLength={8}
                placeholder="请输入 PIN"
                value={pin}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))}
                onPressEnter={() => void settle(() => api.lock.unlock(pin))}
                data-testid="lock-pin"
              />
              <Button type="primary" block loading={busy} onClick={() => void settle(() => api.lock.unlock(pin))} data-testid="lock-unlock">
                解锁
              </Button>
              <Button type="link" onClick={() => setForgot(true)} data-testid="lock-forgot">
                忘了 PIN？
              </Button>
            </>
          ) : (
            <>
              <Typography.Paragraph>
                输入这台电脑的备份口令（备份设置里给加密副本设的那个），即可解除 PIN 锁，之后可在 设置 里重新设 PIN。
              </Typography.Paragraph>
              <Input.Password
                autoFocus
                placeholder="备份口令"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
                data-testid="lock-passphrase"
              />
              <Button
                type="primary"
                block
                loading={busy}
                onClick={() => void settle(() => api.lock.resetWithPassphrase(passphrase))}
                data-testid="lock-reset"
              >
                用备份口令解除 PIN 锁
              </Button>
              <Button type="link" onClick={() => setForgot(false)}>
                返回输入 PIN
              </Button>
            </>
          )}
          {error && <Alert type="error" showIcon message={error} data-testid="lock-error" />}
        </Space>
      </Card>
    </div>
  );
}

const ACTIVITY = ["mousemove", "mousedown", "keydown", "wheel", "touchstart"] as const;

/** Locks the window after `minutes` without mouse or keyboard (0: never, only at start). */
export function useIdleLock(status: LockStatus | undefined) {
  const client = useQueryClient();
  const timer = useRef<number | undefined>(undefined);
  const minutes = status?.enabled && !status.locked ? status.idle_minutes : 0;
  useEffect(() => {
    if (!minutes) return;
    const lock = () =>
      void api.lock.lockNow().then((s) => client.setQueryData(queries.lockStatus().queryKey, s));
    const restart = () => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(lock, minutes * 60_000);
    };
    restart();
    for (const e of ACTIVITY) window.addEventListener(e, restart, { passive: true });
    return () => {
      window.clearTimeout(timer.current);
      for (const e of ACTIVITY) window.removeEventListener(e, restart);
    };
  }, [minutes, client]);
}
