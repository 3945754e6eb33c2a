#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages (rollup's and turbo's native builds
// for macOS, Windows, musl, …) that npm could not resolve when the lock was written.
//
// Why: some npm mirrors serve only the builds for their own platform. npm then silently leaves the other
// platforms' optional packages out of the lock, and `npm ci` refuses that lock ("Missing: … from lock file")
// everywhere, including on the mirror's platform. An entry with `optional`, `os`, `cpu` (and `libc`) is all
// npm needs: it skips entries that do not match the machine, and fetches matching ones by version.
//
// Run after `npm install` whenever the lock is regenerated:  node scripts/lockfile/complete-platform-entries.mjs
import { readFileSync, writeFileSync } from "node:fs";

const LOCK_PATH = new URL("../../package-lock.json", import.meta.url);

/** Platform suffix (after the package family prefix) → os/cpu/libc, as the packages themselves declare them. */
const PLATFORM_BY_SUFFIX = {
  "android-arm-eabi": { os: ["android"], cpu: ["arm"] },
  "android-arm64": { os: ["android"], cpu: ["arm64"] },
  "android-x64": { os: ["android"], cpu: ["x64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "freebsd-arm64": { os: ["freebsd"], cpu: ["arm64"] },
  "freebsd-x64": { os: ["freebsd"], cpu: ["x64"] },
  "linux-arm-gnueabihf": { os: ["linux"], cpu: ["arm"], libc: ["glibc"] },
  "linux-arm-musleabihf": { os: ["linux"], cpu: ["arm"], libc: ["musl"] },
  "linux-arm64-gnu": { os: ["linux"], cpu: ["arm64"], libc: ["glibc"] },
  "linux-arm64-musl": { os: ["linux"], cpu: ["arm64"], libc: ["musl"] },
  "linux-loong64-gnu": { os: ["linux"], cpu: ["loong64"], libc: ["glibc"] },
  "linux-loong64-musl": { os: ["linux"], cpu: ["loong64"], libc: ["musl"] },
  "linux-ppc64-gnu": { os: ["linux"], cpu: ["ppc64"], libc: ["glibc"] },
  "linux-ppc64-musl": { os: ["linux"], cpu: ["ppc64"], libc: ["musl"] },
  "linux-riscv64-gnu": { os: ["linux"], cpu: ["riscv64"], libc: ["glibc"] },
  "linux-riscv64-musl": { os: ["linux"], cpu: ["riscv64"], libc: ["musl"] },
  "linux-s390x-gnu": { os: ["linux"], cpu: ["s390x"], libc: ["glibc"] },
  "linux-x64-gnu": { os: ["linux"], cpu: ["x64"], libc: ["glibc"] },
  "linux-x64-musl": { os: ["linux"], cpu: ["x64"], libc: ["musl"] },
  "openbsd-x64": { os: ["openbsd"], cpu: ["x64"] },
  "openharmony-arm64": { os: ["openharmony"], cpu: ["arm64"] },
  "win32-arm64-msvc": { os: ["win32"], cpu: ["arm64"] },
  "win32-ia32-msvc": { os: ["win32"], cpu: ["ia32"] },
  "win32-x64-gnu": { os: ["win32"], cpu: ["x64"] },
  "win32-x64-msvc": { os: ["win32"], cpu: ["x64"] },
  "windows-64": { os: ["win32"], cpu: ["x64"] },
  "windows-arm64": { os: ["win32"], cpu: ["arm64"] },
};

/** Only these families are completed; anything else missing is a real problem and is reported, not papered over. */
const FAMILIES = ["@rollup/rollup-", "@turbo/"];

function platformOf(name) {
  const family = FAMILIES.find((prefix) => name.startsWith(prefix));
  return family ? PLATFORM_BY_SUFFIX[name.slice(family.length)] : undefined;
}

const lock = JSON.parse(readFileSync(LOCK_PATH, "utf8"));
const packages = lock.packages;
const added = [];
const unknown = [];

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const parentDir = path === "" ? "" : `${path}/`;
    const nested = `${parentDir}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) {
      if (name !== "fsevents") unknown.push(`${name}@${range} (wanted by ${path || "root"})`);
      continue;
    }
    // Exact pins are what these families use; anything else cannot be completed safely.
    if (!/^\d+\.\d+\.\d+/.test(range)) {
      unknown.push(`${name}@${range} (not an exact version)`);
      continue;
    }
    packages[hoisted] = { version: range, ...platform, dev: entry.dev, license: entry.license, optional: true };
    if (packages[hoisted].dev === undefined) delete packages[hoisted].dev;
    added.push(`${name}@${range}`);
  }
}

// Same key order as npm writes, so a later `npm install` produces a minimal diff.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, "en")));
writeFileSync(LOCK_PATH, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added.length} platform entries${added.length ? `: ${added.join(", ")}` : ""}`);
if (unknown.length) {
  console.error(`still missing (not completed):\n  ${unknown.join("\n  ")}`);
  process.exitCode = 1;
}
