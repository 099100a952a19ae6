#!/usr/bin/env node
// The npm registry this project is built from serves only this platform's native binaries (e.g. @swc/core-linux-x64-gnu),
// so `npm install` leaves the other platforms' optional packages out of package-lock.json, and `npm ci` then refuses
// the lock ("Missing: @swc/core-darwin-arm64 from lock file"). This adds a lock entry for each missing optional
// platform package, marked with the os/cpu/libc its name states: npm ci skips them on other platforms without
// fetching anything. Run it after every `npm install` that changes the lock: `npm run lock:stubs`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OSES = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64', 'wasm32'];

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OSES.find((candidate) => base.includes(`-${candidate}-`) || base.endsWith(`-${candidate}`));
  const cpu = CPUS.find((candidate) => new RegExp(`-${candidate}(-|$)`).test(base));
  const libc = /musl/.test(base) ? 'musl' : os === 'linux' && /gnu/.test(base) ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [location, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) continue; // not a platform package: leave it to npm
    packages[`node_modules/${name}`] = {
      version,
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lock-platform-stubs: ${added} platform package(s) added to package-lock.json\n`);
