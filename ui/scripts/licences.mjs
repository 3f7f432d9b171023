// 关于 → 开源许可: every npm package the window is built from (the runtime
// dependencies of package.json and theirs), with its licence, read from each
// package's own package.json — not a list kept by hand. `npm run build` writes
// src/bindings/licences-npm.json; CI fails when the committed file is stale.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

// Where Node would find `name` when required from `from`: the nearest node_modules.
function locate(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === ui || dirname(dir) === dir) return null;
  }
}

const found = new Map();
const pending = Object.keys(read(ui).dependencies ?? {}).map((name) => [name, ui]);
while (pending.length > 0) {
  const [name, from] = pending.pop();
  const dir = locate(name, from);
  // An optional dependency for another platform is not installed here.
  if (!dir) continue;
  const pkg = read(dir);
  const key = `${pkg.name} ${pkg.version}`;
  if (found.has(key)) continue;
  const license = typeof pkg.license === "string" ? pkg.license : pkg.license?.type ?? "未声明";
  found.set(key, { name: pkg.name, version: pkg.version, license });
  for (const dep of Object.keys(pkg.dependencies ?? {})) pending.push([dep, dir]);
}

const list = [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
const text = JSON.stringify(list, null, 2) + "\n";
const out = join(ui, "src", "bindings", "licences-npm.json");
if (!existsSync(out) || readFileSync(out, "utf8") !== text) writeFileSync(out, text);
console.log(`开源许可：${list.length} 个 npm 包`);
