import React from "react";
import ReactDOM from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "dayjs/locale/zh-cn";
import dayjs from "dayjs";

import { App } from "./App";
import "./styles.css";

dayjs.locale("zh-cn");

const queryClient = new QueryClient({
  defaultOptions: {
    // Everything is local: no retries against a server, no refetch on focus.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
    mutations: { retry: false },
  },
});

const root = document.getElementById("root");
if (root) {
  ReactDOM.createRoot(root).render(
    <React.StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </React.StrictMode>,
  );
}
