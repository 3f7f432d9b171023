import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The Tauri shell loads ui/dist (built) or this dev server (tauri dev).
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
